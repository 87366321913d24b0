import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'web/dist', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      // The API's types come from the server's schemas; its code (TypeBox, Fastify, pg) must never reach the bundle.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/http/**', '**/src/db/**', '**/src/adapters/**'],
              allowTypeImports: true,
              message: 'Type-only imports from the server.',
            },
          ],
        },
      ],
    },
  },
  {
    // Pages fetch through the query and mutation factories, which bind each path to its reply type.
    files: ['web/src/**/*.{ts,tsx}'],
    ignores: ['web/src/api/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/api/client.js'], importNames: ['api'], message: 'Use web/src/api/queries.ts or mutations.ts.' }] },
      ],
    },
  },
);
