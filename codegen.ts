import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents for the dashboard: every `graphql(...)` call in web/src/**\/*.ts is turned into a
 * TypedDocumentNode in web/src/lib/gql. Run `npm run codegen` after changing an operation or the
 * schema; `npm run codegen -- --check` (and tests/web/codegen.test.ts) fail when the committed
 * output is stale.
 *
 * Operations live in .ts files (web/src/lib/graphql/): plucking from .svelte files would need
 * svelte2tsx, and tests/web/codegen.test.ts makes sure no component calls `graphql(` itself.
 * FNBOX_CODEGEN_OUT redirects the output (the staleness test generates into a temp dir).
 */
const out = process.env.FNBOX_CODEGEN_OUT ?? 'web/src/lib/gql/';

const config: CodegenConfig = {
  overwrite: true,
  schema: 'schema.graphql',
  documents: ['web/src/**/*.ts', '!web/src/lib/gql/**'],
  ignoreNoDocuments: false,
  emitLegacyCommonJSImports: false,
  generates: {
    [out.endsWith('/') ? out : `${out}/`]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false, gqlTagName: 'graphql' },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        skipTypename: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        scalars: { DateTime: 'string', JSON: 'unknown', ID: 'string' },
        documentMode: 'documentNode',
      },
    },
  },
};

export default config;
