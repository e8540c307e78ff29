import { badQuery, notFound } from './errors';
import { invalidToken, TokenStream } from './lexer';
import { EntitySetDef, NavigationDef, navigationOf, ServiceDef } from './model';

/** What a resource path inside a service addresses. */
export type Resource =
  | { kind: 'serviceDocument' }
  | { kind: 'metadata' }
  | { kind: 'collection'; set: EntitySetDef; count: boolean }
  | { kind: 'entity'; set: EntitySetDef; key: Record<string, string> }
  | { kind: 'navigation'; set: EntitySetDef; key: Record<string, string>; navigation: NavigationDef; count: boolean };

/** Index just past the ')' that closes the '(' at `open`, skipping quoted literals. */
function closingParen(text: string, open: number): number {
  let quoted = false;
  for (let i = open + 1; i < text.length; i += 1) {
    if (text[i] === "'") quoted = !quoted;
    else if (text[i] === ')' && !quoted) return i + 1;
  }
  throw invalidToken(open);
}

/** ('S101') or (Material='X',Plant='Y',...): every key, exactly once. */
function parseKey(set: EntitySetDef, text: string): Record<string, string> {
  const tokens = TokenStream.of(text);
  const key: Record<string, string> = {};
  const first = tokens.peek();
  if (first.kind === 'string' && set.keys.length === 1) {
    tokens.next();
    key[set.keys[0]] = first.value;
  } else {
    do {
      const { text: name } = tokens.expectName();
      if (!set.keys.includes(name) || name in key)
        throw badQuery(`'${name}' is not a key property of '${set.entityType}' or is given twice`);
      tokens.expectPunct('=');
      const value = tokens.next();
      if (value.kind !== 'string') throw invalidToken(value.pos);
      key[name] = value.value;
    } while (tokens.acceptPunct(','));
  }
  tokens.expectEnd();
  const missing = set.keys.filter((name) => !(name in key));
  if (missing.length > 0) throw badQuery(`Key predicate of '${set.name}' lacks ${missing.join(', ')}`);
  return key;
}

/** Parses the decoded path after /sap/opu/odata/sap/<service>/. */
export function parseResource(service: ServiceDef, path: string): Resource {
  if (path === '') return { kind: 'serviceDocument' };
  if (path === '$metadata') return { kind: 'metadata' };
  const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(path)?.[0] ?? path.split('/')[0];
  const set = service.entitySets.find((s) => s.name === name);
  if (!set) throw notFound(name);
  let rest = path.slice(name.length);
  let key: Record<string, string> | null = null;
  if (rest.startsWith('(')) {
    const end = closingParen(rest, 0);
    key = parseKey(set, rest.slice(1, end - 1));
    rest = rest.slice(end);
  }
  const segments = rest === '' ? [] : rest.slice(1).split('/');
  if (rest !== '' && !rest.startsWith('/')) throw notFound(path);
  const count = segments[segments.length - 1] === '$count';
  if (count) segments.pop();
  if (key === null) {
    if (segments.length > 0) throw notFound(segments[0]);
    return { kind: 'collection', set, count };
  }
  if (segments.length === 0) {
    if (count) throw notFound('$count');
    return { kind: 'entity', set, key };
  }
  const navigation = navigationOf(set, segments[0]);
  if (!navigation || segments.length > 1) throw notFound(segments[0]);
  return { kind: 'navigation', set, key, navigation, count };
}
