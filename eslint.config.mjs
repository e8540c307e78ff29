// Lint: typescript-eslint's recommended rules, and the floors of the tree as import rules:
// gateway → subgraphs → connectors → legacy systems, shared code in lib/, nothing flowing back;
// the identity provider beside them, known to the gateway only by its issuer URL.
import { readdirSync } from 'node:fs';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const subgraphs = readdirSync(new URL('./subgraphs/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const SELF_CONTAINED =
  'A subgraph never imports another subgraph: share through connectors/ or lib/, or ask the other subgraph through the graph.';
const PRODUCT = ['./gateway', './subgraphs', './connectors', './lib'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'data/',
      'bench/data/',
      'bench/results/',
      '**/generated/',
      'operations/generated.ts',
      'coverage/',
      '**/dist/',
    ],
  },
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } } },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...subgraphs.map((name) => ({
              target: `./subgraphs/${name}`,
              from: './subgraphs',
              except: [`./${name}`],
              message: SELF_CONTAINED,
            })),
            {
              target: PRODUCT,
              from: ['./tests', './legacy', './bench', './scripts'],
              message: 'Product code never imports tests, the stand-ins, the seed, the bench or scripts.',
            },
            {
              target: PRODUCT,
              from: './identity-provider',
              message: 'Product code knows the identity provider only by its issuer URL (OMNIGRAPH_OIDC_ISSUER), as it would any provider.',
            },
            {
              target: './identity-provider',
              from: ['./tests', './legacy', './bench', './scripts', './gateway', './subgraphs', './connectors'],
              message: 'The identity provider takes its personas as input and shares only lib/ with the graph.',
            },
            {
              target: './connectors',
              from: ['./subgraphs', './gateway'],
              message: 'A connector speaks retail records and knows nothing of the graph.',
            },
            {
              target: './lib',
              from: ['./subgraphs', './connectors', './gateway'],
              message: 'lib/ is the shared floor: it imports nothing above it.',
            },
            { target: './subgraphs', from: './gateway', message: 'Subgraphs know nothing of the gateway.' },
            {
              target: './clients',
              from: ['./gateway', './subgraphs', './connectors', './identity-provider', './legacy', './tests', './bench', './scripts'],
              message: 'A client knows the graph only through its endpoint and its operations, as any channel team would.',
            },
          ],
        },
      ],
      // Structured logging only (pino): console output is for command-line entry points.
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Command-line entry points and test and bench code talk to a person on the console.
    files: ['scripts/**', 'bench/**', 'tests/**', 'legacy/**', '**/main.ts', 'gateway/serve.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // The console's browser code: React's rules of hooks.
    files: ['clients/console/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
