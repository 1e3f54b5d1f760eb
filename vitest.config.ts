import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Builds the runtime images once, before any worker starts a server.
    globalSetup: ['tests/support/global-setup.ts'],
    pool: 'forks',
    // Each file starts its own server with its own stem cells; two at a time suit 2 cores.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 300_000,
    teardownTimeout: 60_000,
    reporters: ['default'],
  },
});
