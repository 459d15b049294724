import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'release/**',
      'node_modules/**',
      '.device-carry/**',
      'test-results/**',
      'playwright-report/**',
      'resources/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Prettier wraps code at 120 columns but not strings, template literals or comments: keep those within it too.
    files: ['src-*/**/*.{ts,tsx}', 'e2e/**/*.ts', 'scripts/**/*.{ts,mts,mjs}'],
    rules: {
      'max-len': ['error', { code: 120, ignoreUrls: true, ignorePattern: '^\\s*(import|export) ' }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads'],
              message: 'The renderer runs in a browser: no Node or Electron.',
            },
            {
              group: ['**/src-main', '**/src-main/**'],
              message: 'The renderer imports the IPC contract from src-shared (src-shared/index.ts), never src-main.',
            },
          ],
        },
      ],
    },
  },
  {
    // The contract is loaded by the main process, the preload and the renderer: zod and src-engine only.
    files: ['src-shared/**/*.ts'],
    ignores: ['src-shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'electron',
                'react',
                'react-dom',
                '@xyflow/*',
                'node:*',
                'fs',
                'path',
                'os',
                'child_process',
                'worker_threads',
              ],
              message: 'src-shared is loaded by main, preload and renderer: no Node, Electron or React.',
            },
            {
              group: ['**/src-main', '**/src-main/**', '**/src-renderer', '**/src-renderer/**'],
              message: 'src-shared imports only zod and src-engine.',
            },
            {
              group: ['**/src-engine/*'],
              message: 'src-shared imports the engine only through src-engine/index.ts (platform-neutral).',
            },
          ],
        },
      ],
    },
  },
  {
    // Outside tests, the main process reaches the engine through its two entry points and never the renderer.
    files: ['src-main/**/*.ts'],
    ignores: [
      'src-main/**/*.test.ts',
      'src-main/**/*.test-support.ts',
      'src-main/testing/**',
      'src-main/**/fixtures/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src-engine/*', '!**/src-engine/node'],
              message: 'Import the engine through src-engine/index.ts or src-engine/node.ts.',
            },
            {
              group: ['**/src-renderer', '**/src-renderer/**'],
              message: 'The main process shares code with the renderer only through src-shared.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-engine/**/*.ts'],
    ignores: [
      'src-engine/node/**',
      'src-engine/io/**',
      'src-engine/data/**',
      'src-engine/backends/**',
      'src-engine/bench/**',
      'src-engine/**/*.test.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['electron', 'react', 'react-dom', '@xyflow/*', 'node:*', 'fs', 'path'] },
      ],
    },
  },
);
