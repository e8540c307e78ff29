import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { Kind, parse, TypeNode } from 'graphql';

type GraphiQLOptions = NonNullable<Parameters<typeof renderGraphiQL>[0]>;

export const OPERATIONS_DIR = resolve(__dirname, '../operations');
/**
 * For each operation, by name: variables that run it against the default world, and the persona it
 * runs as (none: anyone may run it).
 */
export const EXAMPLES_FILE = 'examples.json';
/** The tab the explorer opens on. */
const FIRST_OPERATION = 'Customer360ByPhone';
/** Where the page finds its assets, relative to the endpoint's URL (so a path prefix in front keeps working). */
export const ASSET_DIR = 'explorer';

/**
 * The browser enforces what the page may load: only this origin, plus the data: URLs in which
 * GraphiQL's CSS carries its fonts and icons. No CDN, font or image host can be reached.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

interface Tab {
  query: string;
  variables: string;
  /** JSON with comments, as GraphiQL's headers editor takes it. */
  headers?: string;
}

interface Example {
  /** The persona that runs it (`npm run token -- --as <persona>`); none when anyone may. */
  signInAs?: string;
  variables?: Record<string, unknown>;
}

/**
 * The headers of a tab that needs a sign-in: a commented-out Authorization header saying how to get
 * the token. Commented out, it sends nothing, so the explorer still loads the schema before a token is pasted.
 */
export function signInHeaders(persona: string): string {
  return [
    '{',
    `  // Runs as ${persona}: get a token with \`npm run token -- --as ${persona}\` (while npm start runs),`,
    '  // put it in place of <token>, and remove the // in front of the line below.',
    '  // "Authorization": "Bearer <token>"',
    '}',
  ].join('\n');
}

const SCALAR_PLACEHOLDERS: Record<string, unknown> = { String: '', ID: '', Int: 0, Float: 0, Boolean: false };

/** A value of the variable's shape for people to replace: null where it may be left out or is an enum or input object. */
function placeholder(type: TypeNode, required = false): unknown {
  if (type.kind === Kind.NON_NULL_TYPE) return placeholder(type.type, true);
  if (!required) return null;
  return type.kind === Kind.LIST_TYPE ? [] : (SCALAR_PLACEHOLDERS[type.name.value] ?? null);
}

/**
 * One tab per operation in operations/*.graphql, with the comment above it and the file's
 * fragments; its variables from operations/examples.json (values from the world `npm start` seeds,
 * so the tab runs as it opens, signed in as the persona it names), else a skeleton to fill in; and
 * for an operation that needs a sign-in, headers saying as whom. Customer360ByPhone first, the
 * others in file order.
 */
export function exampleTabs(dir = OPERATIONS_DIR): Tab[] {
  const examples = JSON.parse(readFileSync(join(dir, EXAMPLES_FILE), 'utf8')) as Record<string, Example>;
  const named: { name: string; tab: Tab }[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()) {
    const source = readFileSync(join(dir, file), 'utf8');
    const { definitions } = parse(source);
    const fragments = definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => source.slice(d.loc!.start, d.loc!.end));
    let from = 0;
    for (const definition of definitions) {
      const text = source.slice(from, definition.loc!.end).trim();
      from = definition.loc!.end;
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      const name = definition.name?.value ?? '';
      const example = examples[name];
      const variables =
        example?.variables ??
        Object.fromEntries((definition.variableDefinitions ?? []).map((v) => [v.variable.name.value, placeholder(v.type)]));
      const tab: Tab = { query: [text, ...fragments].join('\n\n'), variables: JSON.stringify(variables, null, 2) };
      if (example?.signInAs) tab.headers = signInHeaders(example.signInAs);
      named.push({ name, tab });
    }
  }
  return named.sort((a, b) => Number(b.name === FIRST_OPERATION) - Number(a.name === FIRST_OPERATION)).map(({ tab }) => tab);
}

interface Asset {
  /** File name with a content hash, so the browser may keep it for good. */
  name: string;
  type: string;
  body: string | Buffer;
}

function asset(stem: string, extension: string, type: string, body: string | Buffer): Asset {
  return { name: `${stem}.${createHash('sha256').update(body).digest('hex').slice(0, 16)}.${extension}`, type, body };
}

const JAVASCRIPT = 'text/javascript; charset=utf-8';

/** Starts GraphiQL on the page: Monaco's workers from this origin, the options from the page's JSON block. */
const START_SCRIPT = `(function () {
  var config = JSON.parse(document.getElementById('explorer-config').textContent);
  // GraphiQL 5 opens its first default tab with empty variables and headers editors (it reads the
  // editors' text from storage, not from the tab); give it that tab's, as it stores them later.
  try {
    if (!localStorage.getItem('graphiql:tabState')) {
      localStorage.setItem('graphiql:variables', config.graphiql.defaultTabs[0].variables);
      localStorage.setItem('graphiql:headers', config.graphiql.defaultTabs[0].headers || '');
    }
  } catch (storageRefused) {}
  var workers = {};
  Object.keys(config.workers).forEach(function (label) { workers[label] = new URL(config.workers[label], location.href).href; });
  self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: function (_moduleId, label) { return workers[label]; } };
  YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), config.graphiql);
})();
`;

export interface Explorer {
  page: string;
  assets: Map<string, Asset>;
}

/** GraphiQL as shipped in @graphql-yoga/render-graphiql, split into cacheable files, and a small page that loads them. */
export async function buildExplorer(operationsDir: string): Promise<Explorer> {
  const graphiql = await import('@graphql-yoga/render-graphiql/graphiql');
  const icon = /^data:[^;,]+;base64,(.*)$/s.exec(graphiql.favicon);
  if (!icon) throw new Error('@graphql-yoga/render-graphiql no longer ships its favicon as a base64 data URL');
  const script = asset('graphiql', 'js', JAVASCRIPT, graphiql.js);
  const style = asset('graphiql', 'css', 'text/css; charset=utf-8', graphiql.css);
  const favicon = asset('favicon', 'ico', 'image/x-icon', Buffer.from(icon[1], 'base64'));
  const start = asset('start', 'js', JAVASCRIPT, START_SCRIPT);
  // Labels as Monaco asks for them (the ones render-graphiql registers).
  const workers = {
    editorWorkerService: asset('editor.worker', 'js', JAVASCRIPT, graphiql.editorWorkerService),
    json: asset('json.worker', 'js', JAVASCRIPT, graphiql.jsonWorker),
    graphql: asset('graphql.worker', 'js', JAVASCRIPT, graphiql.graphqlWorker),
  };
  const options: GraphiQLOptions = {
    title: 'Omnigraph',
    defaultTabs: exampleTabs(operationsDir),
    defaultEditorToolsVisibility: 'variables',
    shouldPersistHeaders: false,
  };
  const config = {
    graphiql: options,
    workers: Object.fromEntries(Object.entries(workers).map(([label, file]) => [label, `${ASSET_DIR}/${file.name}`])),
  };
  // Inside a <script> block: no "</script>" may appear, so every "<" is escaped (JSON allows \u003c).
  const configJson = JSON.stringify(config).replace(/</g, '\\u003c');
  const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Omnigraph explorer</title>
    <link rel="icon" href="${ASSET_DIR}/${favicon.name}" />
    <link rel="stylesheet" href="${ASSET_DIR}/${style.name}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>The explorer needs JavaScript.</noscript>
    <div id="root"></div>
    <script type="application/json" id="explorer-config">${configJson}</script>
    <script src="${ASSET_DIR}/${script.name}"></script>
    <script src="${ASSET_DIR}/${start.name}"></script>
  </body>
</html>
`;
  const assets = new Map([script, style, favicon, start, ...Object.values(workers)].map((a) => [a.name, a]));
  return { page, assets };
}
