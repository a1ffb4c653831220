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
      exclude: ['src/main.ts', 'src/demo.ts', 'src/print-schema.ts', 'src/auth/mint-api-key.ts'],
      thresholds: { lines: 80, branches: 80 },
    },
  },
});
