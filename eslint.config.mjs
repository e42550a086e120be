import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const node = {
  console: 'readonly',
  process: 'readonly',
  require: 'readonly',
  module: 'writable',
  __dirname: 'readonly',
  structuredClone: 'readonly',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'cdktf.out/', 'coverage/', '.gitlab-ci-local/', '.cache/', '.npm/', '.stryker-tmp/', 'reports/'] },
  js.configs.recommended,
  tseslint.configs.strict,
  {
    languageOptions: { globals: node },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@cdktf/provider-[a-z0-9-]+(/lib)?$',
              message:
                'Import provider classes by deep path (@cdktf/provider-aws/lib/eks-cluster): the root index loads thousands of modules.',
            },
          ],
        },
      ],
    },
  },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // jest-light-runner does not fail a test on a promise nobody awaits (Jest's own runner does): the type-aware rule does.
  {
    files: ['test/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }] },
  },
);
