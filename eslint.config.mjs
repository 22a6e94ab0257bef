// Type-aware linting: an unhandled promise in an Express handler or a job is a silent failure, so those rules
// read the types. Formatting is Prettier's job (eslint-config-prettier switches off the rules that overlap).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'var/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  // Migrations are frozen in time and typed against no schema (Kysely's own advice: Kysely<any>).
  { files: ['src/db/migrations/**', 'src/db/connection.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['jest.config.js'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } } },
  // Scripts and tests may print.
  { files: ['scripts/**', 'test/**', 'src/cli.ts', 'src/main.ts'], rules: { 'no-console': 'off' } },
  { files: ['**/*.mjs', '**/*.cjs', '**/*.js'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
