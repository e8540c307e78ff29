import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_PORTS, SUBGRAPHS } from '../lib/subgraph-locations';
import { LEGACY_SYSTEMS } from '../legacy/systems';

/**
 * `npm run new-system -- <name>`: a new system's connector, subgraph and tests from the templates in
 * scripts/new-system/, registered in the three places that list subgraphs (the registry in
 * lib/subgraph-locations.ts, the servers in subgraphs/services.ts, codegen.yml), then composed and
 * generated, so the subgraph answers through the gateway before any hand-written line. A connector
 * folder that exists already is kept (the connector often comes first). Nothing else is edited: an
 * order source joins the order history by its registry entry (docs/ADDING-A-SYSTEM.md).
 */

const ROOT = resolve(__dirname, '..');
const TEMPLATES = resolve(__dirname, 'new-system');
const NAME = /^[a-z][a-z0-9]{1,30}$/;

export interface NewSystem {
  name: string;
  /** The subgraph's port: the next after the registry's highest that nothing else takes by default. */
  port: number;
  /** Where the system answers by default: the next port after the stand-ins' highest. */
  systemPort: number;
}

export function planNewSystem(name: string): NewSystem {
  if (!NAME.test(name)) throw new Error(`a system's name is lower-case letters and digits, starting with a letter: ${name}`);
  if (SUBGRAPHS.some((subgraph) => subgraph.name === name)) throw new Error(`a subgraph named ${name} exists already`);
  if (existsSync(resolve(ROOT, 'subgraphs', name))) throw new Error(`subgraphs/${name}/ exists already`);
  const taken = new Set<number>([...SUBGRAPHS.map((subgraph) => subgraph.defaultPort), ...Object.values(DEFAULT_PORTS)]);
  let port = Math.max(...SUBGRAPHS.map((subgraph) => subgraph.defaultPort)) + 1;
  while (taken.has(port)) port += 1;
  const systemPort = Math.max(...LEGACY_SYSTEMS.map((system) => system.entry.defaultPort)) + 1;
  return { name, port, systemPort };
}

function fill(template: string, system: NewSystem): string {
  const pascal = system.name[0].toUpperCase() + system.name.slice(1);
  return template
    .replaceAll('__NAME__', system.name.toUpperCase())
    .replaceAll('__Name__', pascal)
    .replaceAll('__name__', system.name)
    .replaceAll('__systemPort__', String(system.systemPort))
    .replaceAll('__port__', String(system.port));
}

/** Writes one template folder's files into `target`, `.tmpl` dropped; none is overwritten. */
function copyTemplates(folder: string, target: string, system: NewSystem): string[] {
  mkdirSync(resolve(ROOT, target), { recursive: true });
  return readdirSync(resolve(TEMPLATES, folder)).map((file) => {
    const path = `${target}/${file.replace(/\.tmpl$/, '')}`;
    writeFileSync(resolve(ROOT, path), fill(readFileSync(resolve(TEMPLATES, folder, file), 'utf8'), system), { flag: 'wx' });
    return path;
  });
}

/** Inserts `text` before the one line of `file` that equals `anchor`. */
function insertBefore(file: string, anchor: string, text: string): void {
  const path = resolve(ROOT, file);
  const lines = readFileSync(path, 'utf8').split('\n');
  const at = lines.indexOf(anchor);
  if (at < 0 || lines.indexOf(anchor, at + 1) >= 0) throw new Error(`${file}: expected exactly one line "${anchor}"`);
  lines.splice(at, 0, ...text.split('\n'));
  writeFileSync(path, lines.join('\n'));
}

/** Inserts `text` after the last line of `file` that starts with `prefix`. */
function insertAfterLast(file: string, prefix: string, text: string): void {
  const path = resolve(ROOT, file);
  const lines = readFileSync(path, 'utf8').split('\n');
  const at = lines.map((line) => line.startsWith(prefix)).lastIndexOf(true);
  if (at < 0) throw new Error(`${file}: expected a line starting "${prefix}"`);
  lines.splice(at + 1, 0, text);
  writeFileSync(path, lines.join('\n'));
}

/** The three registrations, each where that file's list ends. */
function register(system: NewSystem): void {
  const { name, port } = system;
  insertBefore('lib/subgraph-locations.ts', '];', `  { name: '${name}', defaultPort: ${port}, sharedSdl: ['date-time'] },`);
  insertAfterLast('subgraphs/services.ts', 'import { createService as ', `import { createService as ${name} } from './${name}/index';`);
  insertBefore('subgraphs/services.ts', '};', `  ${name}: served(${name}),`);
  insertBefore(
    'codegen.yml',
    '  operations/generated.ts:',
    [
      `  subgraphs/${name}/generated/graphql.ts:`,
      '    schema:',
      `      - subgraphs/${name}/schema.graphql`,
      '      - schema/shared/date-time.graphql',
      '    plugins: [typescript, typescript-resolvers]',
      '    config:',
      '      <<: *subgraph',
    ].join('\n'),
  );
}

function run(command: string, args: string[]): void {
  execFileSync(command, args, { cwd: ROOT, stdio: 'inherit' });
}

if (require.main === module) {
  try {
    const system = planNewSystem(process.argv[2] ?? '');
    const connectorExists = existsSync(resolve(ROOT, 'connectors', system.name));
    const written = [
      ...(connectorExists ? [] : copyTemplates('connector', `connectors/${system.name}`, system)),
      ...copyTemplates('subgraph', `subgraphs/${system.name}`, system),
      ...copyTemplates('tests', `tests/${system.name}`, system),
    ];
    register(system);
    run('npx', ['tsx', 'scripts/compose.ts']);
    run('npx', ['graphql-codegen', '--config', 'codegen.yml']);
    run('npx', ['prettier', '--write', 'lib/subgraph-locations.ts', 'subgraphs/services.ts', ...written.filter((f) => f.endsWith('.ts'))]);
    console.log(
      [
        `${system.name}: subgraph on port ${system.port}` +
          (connectorExists
            ? `, with the connector already in connectors/${system.name}/`
            : `, system expected at http://127.0.0.1:${system.systemPort} (${system.name.toUpperCase()}_URL)`),
        `wrote ${written.join(', ')}`,
        'registered in lib/subgraph-locations.ts, subgraphs/services.ts and codegen.yml; composed and generated',
        `next: npm start, then query { ${system.name}Status { reachable checkedAt } } as staff; npx jest tests/${system.name}`,
      ].join('\n'),
    );
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
