import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// The pcsclite addon crashes inside worker threads, so every test runs in forks.
// Tests that talk to the single machine-wide pcscd live under test/pcsc and run in
// their own serial project (see docs/pcsc-linux.md "One pcscd per machine").
export default defineConfig({
  test: {
    pool: 'forks',
    // Settings, remembered cards and caches of this run go to a folder of its own, never to
    // the home of whoever runs the tests (src/platform/user-dirs.ts).
    env: { CITIZEN_CARD_HOME: join(tmpdir(), `ccm-test-home-${process.pid}`) },
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
