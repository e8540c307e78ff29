/** Jest runs TypeScript through SWC (fast, no type check); `npm run typecheck` type-checks separately. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest'] },
  // cookie 2 (under Fastify's inject) and jose ship ESM only, which Jest's loader cannot require on Node 20.
  transformIgnorePatterns: ['/node_modules/(?!(cookie|jose)/)'],
  setupFiles: ['<rootDir>/tests/setup.ts'],
  testTimeout: 30000,
};
