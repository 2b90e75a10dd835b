import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    // Integration tests build sites and run real modules; give them room, never unbounded.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
