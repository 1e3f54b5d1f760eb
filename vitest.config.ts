import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS entry for both our code and Pothos; Vite would pick the
    // .mjs one for ours, giving two graphql instances ("another module or realm").
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
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
    // Tests never ask a registry for base images. Servers install no egress rules (and leave no
    // network or chains behind) unless a test asks: tests/network/ sets up its own, then removes them.
    env: { FNBOX_OFFLINE_IMAGES: '1', FNBOX_EGRESS_GUARD: 'off' },
  },
});
