import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const pureBans = {
  patterns: [
    { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads'], message: 'pure package: no Node built-ins' },
    { group: ['pg', 'fastify', 'fastify-*', '@fastify/*', 'react', 'react-*', 'drizzle-orm', 'drizzle-orm/*', '@electric-sql/*', 'bullmq', 'ioredis'], message: 'pure package: no I/O, framework or database imports' },
  ],
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', '**/drizzle/**', 'apps/web/e2e/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['packages/forecast/src/**/*.ts'],
    ignores: ['packages/forecast/src/cli/**', 'packages/forecast/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...pureBans.patterns, { group: ['@sentia/*'], message: 'forecast depends on no other workspace' }] }],
    },
  },
  {
    files: ['packages/domain/src/**/*.ts'],
    ignores: ['packages/domain/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...pureBans.patterns, { group: ['@sentia/contracts', '@sentia/contracts/*', '@sentia/db', '@sentia/db/*', '@sentia/connectors', '@sentia/connectors/*'], message: 'domain depends only on forecast' }] }],
    },
  },
  {
    files: ['packages/contracts/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@sentia/db', '@sentia/db/*', '@sentia/connectors', '@sentia/connectors/*', 'fastify', 'react'], message: 'contracts sit below db, connectors and the apps' }] }],
    },
  },
  {
    files: ['packages/connectors/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@sentia/db', '@sentia/db/*', 'drizzle-orm', 'drizzle-orm/*', 'pg', '@electric-sql/*'], message: 'connectors return normalised records and never touch the database' }] }],
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [{ group: ['@sentia/db', '@sentia/db/*', '@sentia/connectors', '@sentia/connectors/*', '@sentia/server', '@sentia/server/*'], message: 'the web app talks to the server over HTTP only' }] }],
    },
  },
  {
    files: ['apps/web/src/features/*/**/*.{ts,tsx}'],
    rules: {
      'import-x/no-cycle': 'off',
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['apps/web/**'],
    rules: { 'import-x/no-cycle': ['error', { maxDepth: 8, ignoreExternal: true }] },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } } },
  },
);
