import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Pothos and Yoga must share one copy of graphql, or "Cannot use GraphQLDirective from another module or realm".
    alias: { graphql: 'graphql/index.js' },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // Entry points, run in child processes by their tests.
      exclude: ['src/main.ts', 'src/demo.ts', 'src/print-schema.ts', 'src/auth/mint-api-key.ts', 'src/api-key-cli.ts', 'src/credentials-key-cli.ts'],
      thresholds: { lines: 80, branches: 80 },
    },
  },
});
