import { defineConfig } from 'vitest/config';

// The pcsclite addon crashes inside worker threads, so every test runs in forks.
// Tests that talk to the single machine-wide pcscd live under test/pcsc and run in
// their own serial project (see docs/pcsc-linux.md "One pcscd per machine").
export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/pcsc/**', 'test/e2e/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'pcsc',
          include: ['test/pcsc/**/*.test.ts'],
          globalSetup: ['test/pcsc/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
