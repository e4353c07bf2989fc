import { describe, expect, it } from 'vitest';
import { compareVersions, isVersion } from '../../../src/updates';

describe('update version order', () => {
  it('orders releases numerically, not as text', () => {
    expect(compareVersions('0.10.0', '0.9.9')).toBe(1);
    expect(compareVersions('1.2.3', '1.2.3')).toBe(0);
    expect(compareVersions('1.2.3', '1.3.0')).toBe(-1);
    expect(compareVersions('v2.0.0', '1.99.99')).toBe(1);
  });

  it('puts pre-releases below their release, in SemVer order', () => {
    const ordered = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
    ];
    for (let i = 0; i + 1 < ordered.length; i++) {
      expect(compareVersions(ordered[i]!, ordered[i + 1]!), ordered[i]).toBe(-1);
      expect(compareVersions(ordered[i + 1]!, ordered[i]!), ordered[i]).toBe(1);
    }
  });

  it('ignores build metadata and rejects what is not a version', () => {
    expect(compareVersions('1.0.0+build.5', '1.0.0')).toBe(0);
    expect(isVersion('1.0')).toBe(false);
    expect(isVersion('latest')).toBe(false);
    expect(() => compareVersions('1.0', '1.0.0')).toThrow();
  });
});
