import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const pureRule = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: ['@tensorflow/*', '@tensorflow-models/*', '@mediapipe/*'], message: 'kinematics/assessment are pure: no tfjs (only src/pose imports it).' },
        { group: ['svelte', 'svelte/*', '*.svelte'], message: 'kinematics/assessment are pure: no Svelte.' },
        { group: ['**/ui/*', '**/capture/*', '**/pose/*', '**/storage/*'], message: 'kinematics/assessment must not depend on later pipeline stages or the DOM.' },
        { group: ['node:*'], message: 'kinematics/assessment run in the browser too: no Node built-ins.' },
      ],
    },
  ],
};

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'models/', 'dev-dist/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['src/kinematics/**/*.ts', 'src/assessment/**/*.ts'],
    ignores: ['**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      ...pureRule,
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'indexedDB', 'fetch'],
    },
  },
);
