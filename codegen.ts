/**
 * `npm run codegen`: client types for frontends, from the schema the server prints
 * (schema/schema.graphql, `npm run schema`) and the operations written in examples/ with
 * `graphql(...)`. The output in examples/generated/ is committed; test/frontend/codegen.test.ts
 * fails when it is stale.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['examples/**/*.ts', '!examples/generated/**'],
  // An operation that does not match the schema fails the run instead of being skipped.
  ignoreNoDocuments: false,
  generates: {
    'examples/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // Operations as typed strings: any transport (fetch, SSE, WebSocket) sends them as they are.
        documentMode: 'string',
        // Decimals and instants travel as strings (the contract's scalars); they stay strings here.
        scalars: { Decimal: 'string', DateTime: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
        // NodeNext resolution: relative imports carry their .js extension.
        emitLegacyCommonJSImports: false,
      },
    },
  },
};

export default config;
