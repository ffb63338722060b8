import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'e2e/**/*.test.ts'],
    globalSetup: ['src/test/global-setup.ts'],
    // CLI journeys spawn one process per command, each opening an embedded database (~4 s),
    // while another test file runs beside them on a 2-core machine
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
