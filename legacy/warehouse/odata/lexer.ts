import { badQuery } from './errors';

/** Tokens of OData V2 URI expressions: $filter, $orderby, $select, $expand and key predicates. */
export type Token =
  | { kind: 'name'; text: string; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'datetime'; value: number; pos: number }
  | { kind: 'punct'; text: '(' | ')' | ',' | '=' | '/' | '*'; pos: number }
  | { kind: 'end'; pos: number };

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?$/;
const DATETIMEOFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/;

export const invalidToken = (pos: number) => badQuery(`Invalid token detected at position ${pos}`);

/** Reads a quoted literal starting at `start` (the opening quote); '' stands for one quote. */
function readQuoted(text: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  for (;;) {
    if (i >= text.length) throw invalidToken(start);
    if (text[i] === "'") {
      if (text[i + 1] !== "'") return { value, end: i + 1 };
      value += "'";
      i += 2;
    } else {
      value += text[i];
      i += 1;
    }
  }
}

/** An instant from a datetime'...' (UTC, no zone) or datetimeoffset'...' literal. */
function typedDate(prefix: string, literal: string, pos: number): number {
  const valid = prefix === 'datetime' ? DATETIME.test(literal) : DATETIMEOFFSET.test(literal);
  const ms = Date.parse(prefix === 'datetime' ? `${literal}Z` : literal);
  if (!valid || Number.isNaN(ms)) throw badQuery(`Invalid ${prefix} literal '${literal}' at position ${pos}`);
  return ms;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i += 1;
    } else if ('(),=/*'.includes(ch)) {
      tokens.push({ kind: 'punct', text: ch as '(' | ')' | ',' | '=' | '/' | '*', pos: i });
      i += 1;
    } else if (ch === "'") {
      const { value, end } = readQuoted(text, i);
      tokens.push({ kind: 'string', value, pos: i });
      i = end;
    } else if (/[0-9-]/.test(ch)) {
      // Edm.Decimal literals may carry an M suffix, Edm.Double a D, Edm.Int64 an L.
      const match = /^-?\d+(\.\d+)?[MmDdLl]?/.exec(text.slice(i));
      if (!match) throw invalidToken(i);
      tokens.push({ kind: 'number', value: Number(match[0].replace(/[MmDdLl]$/, '')), pos: i });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))![0];
      const lower = name.toLowerCase();
      if ((lower === 'datetime' || lower === 'datetimeoffset') && text[i + name.length] === "'") {
        const { value, end } = readQuoted(text, i + name.length);
        tokens.push({ kind: 'datetime', value: typedDate(lower, value, i), pos: i });
        i = end;
      } else {
        tokens.push({ kind: 'name', text: name, pos: i });
        i += name.length;
      }
    } else {
      throw invalidToken(i);
    }
  }
  tokens.push({ kind: 'end', pos: text.length });
  return tokens;
}

/** A cursor over tokens with the small helpers every URI expression parser needs. */
export class TokenStream {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  static of(text: string): TokenStream {
    return new TokenStream(tokenize(text));
  }

  peek(): Token {
    return this.tokens[this.index];
  }

  next(): Token {
    const token = this.tokens[this.index];
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  atEnd(): boolean {
    return this.peek().kind === 'end';
  }

  /** Consumes the punctuation if it comes next. */
  acceptPunct(text: string): boolean {
    const token = this.peek();
    if (token.kind === 'punct' && token.text === text) {
      this.index += 1;
      return true;
    }
    return false;
  }

  expectPunct(text: string): void {
    if (!this.acceptPunct(text)) throw invalidToken(this.peek().pos);
  }

  /** Consumes a keyword (case-sensitive, as OData V2 operators are lower case) if it comes next. */
  acceptKeyword(word: string): boolean {
    const token = this.peek();
    if (token.kind === 'name' && token.text === word) {
      this.index += 1;
      return true;
    }
    return false;
  }

  expectName(): { text: string; pos: number } {
    const token = this.next();
    if (token.kind !== 'name') throw invalidToken(token.pos);
    return token;
  }

  expectEnd(): void {
    if (!this.atEnd()) throw invalidToken(this.peek().pos);
  }
}
