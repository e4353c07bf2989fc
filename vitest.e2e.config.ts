import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// End-to-end: virtual cards in vpcd slots → pcscd → the PC/SC card service → the browser
// host → Debian's Chromium. Serial, and its own run (`npm run test:e2e`), because it shares
// the machine's one pcscd with the `pcsc` project (docs/pcsc-linux.md).
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['test/e2e/**/*.test.ts'],
    pool: 'forks',
    // Settings, remembered cards and caches of this run go to a folder of its own, never to
    // the home of whoever runs the tests (src/platform/user-dirs.ts).
    env: { CITIZEN_CARD_HOME: join(tmpdir(), `ccm-test-home-${process.pid}`) },
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    globalSetup: ['test/e2e/global-setup.ts'],
    reporters: ['default', './test/e2e/summary-reporter.ts'],
  },
});
