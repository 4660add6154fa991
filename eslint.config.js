// Lint rules: typescript-eslint's recommended set plus the project rules from DEVELOPERS.md
// (no `any` at module boundaries, no floating promises in server code), and the dependency rule
// between src/ folders (eslint.boundaries.config.js).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaryConfig from './eslint.boundaries.config.js';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'src/web/dist/**', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  ...boundaryConfig,
);
