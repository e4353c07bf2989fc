import { describe, expect, it } from 'vitest';
import { quickackFromRoutes } from '../../bench/quickack';
import { median, percentile } from '../../bench/stats';
import { optionsFor } from '../../bench/options';

describe('benchmark helpers', () => {
  it('read the loopback quickack setting from `ip route show table local`', () => {
    const off = [
      'local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 ',
      'local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 ',
    ].join('\n');
    // The 127.0.0.1 line is the last one: the setting is appended to it.
    const on = off + ' quickack 1';
    expect(quickackFromRoutes(off)).toBe('off');
    expect(quickackFromRoutes(on)).toBe('on');
    expect(quickackFromRoutes(off + ' quickack 0')).toBe('off');
    expect(quickackFromRoutes('broadcast 127.255.255.255 dev lo')).toBe('unknown');
  });

  it('take median and nearest-rank percentiles of measured samples', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const samples = Array.from({ length: 30 }, (_, i) => i + 1);
    expect(percentile(samples, 90)).toBe(27);
    expect(percentile([7], 90)).toBe(7);
  });

  it('hand each part of `npm run bench` only the options it knows, --quickack to both', () => {
    const argv = ['--runs', '5', '--inserts=3', '--quickack', 'on', '--scenario=t0'];
    expect(optionsFor(new Set(['--runs', '--scenario', '--quickack']), argv)).toEqual([
      '--runs',
      '5',
      '--quickack',
      'on',
      '--scenario=t0',
    ]);
    expect(optionsFor(new Set(['--inserts', '--quickack']), argv)).toEqual([
      '--inserts=3',
      '--quickack',
      'on',
    ]);
    // A flag takes no value: what follows it is the next option, for whichever part.
    const withFlag = ['--known', '--inserts', '4', '--runs', '2'];
    const flags = new Set(['--known']);
    expect(optionsFor(new Set(['--runs', '--known']), withFlag, flags)).toEqual([
      '--known',
      '--runs',
      '2',
    ]);
    expect(optionsFor(new Set(['--inserts']), withFlag, flags)).toEqual(['--inserts', '4']);
  });
});
