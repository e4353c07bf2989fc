import { describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import type { CardSource, ReaderState } from '../../../src/sources/card-source';
import { PcscUnavailableError } from '../../../src/core/errors';
import { chooseCardSource, parseLaunchArgs } from '../../../src/sources/source-choice';

function fakeSource(kind: 'pcsc' | 'virtual', readers: ReaderState[] = []) {
  const emitter = new EventEmitter();
  const source = {
    kind,
    readers: () => readers,
    withCard: vi.fn(),
    on: (e: string, l: (p: unknown) => void) => emitter.on(e, l),
    off: (e: string, l: (p: unknown) => void) => emitter.off(e, l),
    close: vi.fn(async () => undefined),
    addReader(name: string) {
      readers.push({ name, cardPresent: false, atr: null, mute: false, identity: null });
      emitter.emit('reader-added', { reader: name });
    },
  };
  return source as typeof source & CardSource;
}

const reader: ReaderState = {
  name: 'R',
  cardPresent: false,
  atr: null,
  mute: false,
  identity: null,
};

describe('launch arguments', () => {
  it('reads --demo with or without a scenario, and --pcsc, among Electron switches', () => {
    expect(parseLaunchArgs(['/usr/bin/electron', '.', '--no-sandbox'])).toEqual({
      demo: null,
      pcscOnly: false,
    });
    expect(parseLaunchArgs(['electron', '.', '--demo', 'locked'])).toEqual({
      demo: 'locked',
      pcscOnly: false,
    });
    expect(parseLaunchArgs(['--demo=expiring'])).toEqual({ demo: 'expiring', pcscOnly: false });
    expect(parseLaunchArgs(['--demo', '--pcsc'])).toEqual({ demo: 'fresh', pcscOnly: true });
    expect(parseLaunchArgs(['--demo'])).toEqual({ demo: 'fresh', pcscOnly: false });
  });
});

describe('card source choice', () => {
  it('runs the named demo scenario without touching PC/SC', async () => {
    const demo = fakeSource('virtual');
    const pcsc = vi.fn();
    const choice = await chooseCardSource(
      { demo: 'locked', pcscOnly: false },
      {
        pcsc,
        demo: async (s) => (s === 'locked' ? demo : fakeSource('virtual')),
      },
    );
    expect(choice).toEqual({ source: demo, demoScenario: 'locked', fallback: null });
    expect(pcsc).not.toHaveBeenCalled();
  });

  it('uses PC/SC when it has a reader', async () => {
    const pcsc = fakeSource('pcsc', [reader]);
    const choice = await chooseCardSource(
      { demo: null, pcscOnly: false },
      {
        pcsc: async () => pcsc,
        demo: async () => fakeSource('virtual'),
      },
    );
    expect(choice).toEqual({ source: pcsc, demoScenario: null, fallback: null });
  });

  it('waits briefly for the first reader to be reported', async () => {
    const pcsc = fakeSource('pcsc');
    setTimeout(() => pcsc.addReader('late'), 20);
    const choice = await chooseCardSource(
      { demo: null, pcscOnly: false },
      { pcsc: async () => pcsc, demo: async () => fakeSource('virtual') },
      2000,
    );
    expect(choice.source).toBe(pcsc);
  });

  it('falls back to the demo card when pcscd is missing', async () => {
    const demo = fakeSource('virtual');
    const choice = await chooseCardSource(
      { demo: null, pcscOnly: false },
      {
        pcsc: async () => {
          throw new PcscUnavailableError();
        },
        demo: async () => demo,
      },
    );
    expect(choice).toEqual({ source: demo, demoScenario: 'fresh', fallback: 'no-pcsc' });
  });

  it('falls back to the demo card when there is no reader, closing the PC/SC service', async () => {
    const pcsc = fakeSource('pcsc');
    const demo = fakeSource('virtual');
    const choice = await chooseCardSource(
      { demo: null, pcscOnly: false },
      { pcsc: async () => pcsc, demo: async () => demo },
      30,
    );
    expect(choice).toEqual({ source: demo, demoScenario: 'fresh', fallback: 'no-reader' });
    expect(pcsc.close).toHaveBeenCalledOnce();
  });

  it('with --pcsc never falls back: no reader stays PC/SC, no pcscd is an error', async () => {
    const pcsc = fakeSource('pcsc');
    const demo = vi.fn();
    const choice = await chooseCardSource(
      { demo: null, pcscOnly: true },
      { pcsc: async () => pcsc, demo },
      30,
    );
    expect(choice.source).toBe(pcsc);
    await expect(
      chooseCardSource(
        { demo: null, pcscOnly: true },
        {
          pcsc: async () => {
            throw new PcscUnavailableError();
          },
          demo,
        },
      ),
    ).rejects.toMatchObject({ code: 'pcsc-unavailable' });
    expect(demo).not.toHaveBeenCalled();
  });
});
