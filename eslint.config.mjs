import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'apps/console/**', 'coverage/**', '**/*.cjs', '**/*.mjs', '*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through the config module.' },
      ],
    },
  },
  {
    // The config module, CLIs, benchmarks and tests are the places allowed to read the environment.
    files: ['libs/backend/src/config/**', 'devices-sim/**', 'bench/**', 'test/**', 'apps/cli/**', '**/*.spec.ts', '**/*.int-spec.ts', '**/testing/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
