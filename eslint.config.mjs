import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Dependencies flow one way: apps → endpoints → registry → storage → apimachinery. Tests (specs) may also use the
// test harness lib (type:testing); production code never does.
function boundaries(forTests) {
  const t = (tags) => (forTests ? [...tags, 'type:testing', 'layer:storage-server'] : tags);
  return {
    enforceBuildableLibDependency: true,
    allow: [],
    depConstraints: [
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
      { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib'] },
      { sourceTag: 'layer:endpoints', onlyDependOnLibsWithTags: t(['layer:registry', 'layer:storage', 'layer:apimachinery', 'layer:runtime']) },
      { sourceTag: 'layer:registry', onlyDependOnLibsWithTags: t(['layer:storage', 'layer:apimachinery', 'layer:runtime']) },
      { sourceTag: 'layer:controllers', onlyDependOnLibsWithTags: t(['layer:storage', 'layer:apimachinery', 'layer:runtime']) },
      { sourceTag: 'layer:storage', onlyDependOnLibsWithTags: t(['layer:proto', 'layer:apimachinery', 'layer:runtime']) },
      { sourceTag: 'layer:storage-server', onlyDependOnLibsWithTags: t(['layer:storage', 'layer:proto', 'layer:apimachinery', 'layer:runtime']) },
      { sourceTag: 'layer:apimachinery', onlyDependOnLibsWithTags: t([]) },
      { sourceTag: 'layer:runtime', onlyDependOnLibsWithTags: t([]) },
      { sourceTag: 'layer:proto', onlyDependOnLibsWithTags: t([]) },
      // The apiserver reaches storage only through the gRPC client (layer:storage), never watch-cache internals
      // (layer:storage-server). The controller is an API client that also purges deleted workspaces' keys through
      // the storage service's client (layer:storage).
      { sourceTag: 'scope:apiserver', onlyDependOnLibsWithTags: t(['layer:endpoints', 'layer:registry', 'layer:storage', 'layer:apimachinery', 'layer:runtime', 'layer:proto']) },
      { sourceTag: 'scope:workspace-controller', onlyDependOnLibsWithTags: t(['layer:controllers', 'layer:storage', 'layer:apimachinery', 'layer:runtime', 'layer:proto']) },
    ],
  };
}

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/.data', 'libs/proto/src/gen/**', '**/jest.config.ts'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries(false)],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'libs/*/src/testing/**/*.ts', 'libs/*/scripts/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@nx/enforce-module-boundaries': ['error', boundaries(true)] },
  },
];
