// The layers of src/ (docs/architecture.md draws them): a folder may import from its own layer and
// the layers below it, never from one above. Lowest first. The request context's type
// (src/context.ts) may be imported as a type from anywhere: the Pothos builder and resolver helpers
// need it; at run time nothing below the app assembly imports it.
const layers = [
  ['observability'],
  ['store'],
  ['exchange'],
  ['schema'],
  ['rate-limit', 'market-data', 'credentials'],
  ['auth', 'streaming'],
  ['trading'],
  ['config'],
];
/** Above every folder layer: the app assembly (context, services, the schema's assembly), the HTTP edge, the entry points. */
const assemblyFiles = ['services', 'app', 'main', 'demo', 'print-schema', 'api-key-cli', 'credentials-key-cli'];
const edge = 'server';

/** @param {number} index */
const above = (index) => layers.slice(index + 1).flat();

/**
 * @param {string[]} folders
 * @param {string} message
 */
function restrict(folders, message) {
  const forbidden = [...folders, edge, 'simulator'];
  return {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          { regex: `^\\.\\./(${forbidden.join('|')})/`, message },
          { regex: `^\\.\\./(${assemblyFiles.join('|')})\\.js$`, message },
          { regex: '^\\.\\./context\\.js$', allowTypeImports: true, message: 'Only the type of the request context may be imported here.' },
        ],
      },
    ],
  };
}

export const layerRules = [
  ...layers.map((layer, index) => ({
    files: layer.map((folder) => `src/${folder}/**/*.ts`),
    // The schema's assembly imports every domain's type files: it sits above them.
    ignores: ['src/schema/schema.ts', 'src/schema/printed-schema.ts'],
    rules: restrict(above(index), `src/${layer.join(', src/')} may not import from a layer above it (docs/architecture.md).`),
  })),
  {
    files: ['src/server/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: `^\\.\\./(${[...assemblyFiles, 'simulator'].join('|')})(\\.js$|/)`, message: 'The HTTP edge is wired by app.ts; it does not import the assembly.' }] },
      ],
    },
  },
  {
    // The simulator stands alone: it is Binance, not a part of the gateway.
    files: ['src/simulator/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\.\\./(?!simulator/)', message: 'The simulator imports nothing of the gateway.' }] },
      ],
    },
  },
];
