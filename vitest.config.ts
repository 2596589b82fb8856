import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Two projects: pure/Node code (kinematics, assessment, pose in Node, CLI) and
// Svelte components under happy-dom (which need the 'browser' export condition).
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 180_000,
    projects: [
      {
        test: {
          name: 'node',
          testTimeout: 120_000,
          hookTimeout: 600_000,
          include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts'],
          exclude: ['src/ui/**'],
          environment: 'node',
          pool: 'forks',
        },
      },
      {
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'ui',
          testTimeout: 60_000,
          include: ['src/ui/**/*.test.ts'],
          environment: 'happy-dom',
        },
      },
    ],
  },
});
