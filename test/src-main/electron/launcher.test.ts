import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../src-main/browser-host/run';

let child: ChildProcess | undefined;

afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  child = undefined;
});

describe('npm start without the Electron runtime', () => {
  it('says so in zh-TW and English and serves the same UI to a browser', async () => {
    const env = { ...process.env };
    // No display: Electron could not show a window here, whatever its download would do.
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    child = spawn(
      process.execPath,
      ['scripts/start.mjs', '--demo', 'expiring', '--no-open-links'],
      {
        cwd: PROJECT_ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr!.resume();
    const deadline = Date.now() + 60_000;
    let url: string | undefined;
    while (!url && Date.now() < deadline && child.exitCode === null) {
      url = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(out)?.[0];
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(out).toContain('這台電腦無法取得 Electron 執行環境');
    expect(out).toContain('The Electron runtime cannot be obtained on this machine');
    expect(out).toContain('Demo mode: virtual card (scenario expiring)');
    expect(url, out).toBeDefined();
    const page = await fetch(url!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
  }, 90_000);
});
