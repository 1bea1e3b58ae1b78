import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/.data', 'libs/proto/src/gen/**', '**/jest.config.ts'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            // Dependencies flow one way: apps → endpoints → registry → storage → apimachinery.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'layer:endpoints', onlyDependOnLibsWithTags: ['layer:registry', 'layer:storage', 'layer:apimachinery', 'layer:runtime'] },
            { sourceTag: 'layer:registry', onlyDependOnLibsWithTags: ['layer:storage', 'layer:apimachinery', 'layer:runtime'] },
            { sourceTag: 'layer:controllers', onlyDependOnLibsWithTags: ['layer:apimachinery', 'layer:runtime'] },
            { sourceTag: 'layer:storage', onlyDependOnLibsWithTags: ['layer:proto', 'layer:apimachinery', 'layer:runtime'] },
            { sourceTag: 'layer:apimachinery', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'layer:runtime', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'layer:proto', onlyDependOnLibsWithTags: [] },
            // The apiserver reaches storage only through the gRPC client, never watch-cache internals.
            { sourceTag: 'scope:apiserver', notDependOnLibsWithTags: ['scope:watch-cache'] },
            { sourceTag: 'scope:workspace-controller', notDependOnLibsWithTags: ['scope:watch-cache', 'layer:storage'] },
          ],
        },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/testing/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
