import { describe, expect, it } from 'vitest';
import { parseLaunchArgs } from '../../../src/sources/source-choice';

describe('launch arguments', () => {
  it('reads --demo with or without a scenario among Electron switches; real cards otherwise', () => {
    expect(parseLaunchArgs(['/usr/bin/electron', '.', '--no-sandbox'])).toEqual({ demo: null });
    expect(parseLaunchArgs(['electron', '.', '--demo', 'locked'])).toEqual({ demo: 'locked' });
    expect(parseLaunchArgs(['--demo=expiring'])).toEqual({ demo: 'expiring' });
    expect(parseLaunchArgs(['--demo'])).toEqual({ demo: 'fresh' });
    expect(parseLaunchArgs(['--demo', '--port=0'])).toEqual({ demo: 'fresh' });
  });

  it('accepts the old --pcsc flag and ignores it: PC/SC is what the app runs on anyway', () => {
    expect(parseLaunchArgs(['--pcsc'])).toEqual({ demo: null });
    expect(parseLaunchArgs(['--demo', '--pcsc'])).toEqual({ demo: 'fresh' });
  });
});
