import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { userDirs } from '../../../src/platform';

describe('userDirs', () => {
  it('puts everything under CITIZEN_CARD_HOME when it is set', () => {
    expect(userDirs({ CITIZEN_CARD_HOME: '/tmp/ccm' })).toEqual({
      config: join('/tmp/ccm', 'config'),
      data: join('/tmp/ccm', 'data'),
      cache: join('/tmp/ccm', 'cache'),
    });
  });

  it("otherwise uses the OS's folders for this app, apart for config, data and cache", () => {
    const dirs = userDirs({});
    expect(new Set(Object.values(dirs)).size).toBe(3);
    for (const path of Object.values(dirs)) expect(path).toContain('citizen-card-manager');
  });
});
