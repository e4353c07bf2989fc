import { describe, expect, it } from 'vitest';
import { chooseReader } from '../../../src/sources/reader-choice';
import type { ReaderState } from '../../../src/sources/card-source';

function reader(name: string, cardPresent: boolean): ReaderState {
  return { name, cardPresent, atr: cardPresent ? '3B00' : null, mute: false, identity: null };
}

describe('choosing the reader', () => {
  const a = reader('ACS ACR39U 00 00', true);
  const b = reader('Virtual PCD 00 00', true);
  const empty = reader('Virtual PCD 00 01', false);

  it('takes the only reader that holds a card', () => {
    expect(chooseReader([empty, a]).name).toBe(a.name);
  });

  it('refuses to guess between several cards and names them', () => {
    let thrown: unknown;
    try {
      chooseReader([a, b, empty]);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ code: 'invalid-input' });
    const listed = String((thrown as { params: { readers: string } }).params.readers);
    expect(listed).toContain(a.name);
    expect(listed).toContain(b.name);
    expect(listed).not.toContain(empty.name);
  });

  it('says "no reader" and "no card" apart', () => {
    expect(() => chooseReader([])).toThrow(expect.objectContaining({ code: 'no-reader' }));
    expect(() => chooseReader([empty])).toThrow(expect.objectContaining({ code: 'no-card' }));
  });

  it('follows --reader, by full name or by a unique part of it', () => {
    expect(chooseReader([a, b], 'Virtual PCD 00 00').name).toBe(b.name);
    expect(chooseReader([a, b], 'acr39').name).toBe(a.name);
    expect(() => chooseReader([a, b], 'PCD 00 0')).not.toThrow();
    expect(() => chooseReader([a, b, empty], 'PCD 00')).toThrow(
      expect.objectContaining({ code: 'invalid-input' }),
    );
    expect(() => chooseReader([a, b], 'Gemalto')).toThrow(
      expect.objectContaining({ code: 'no-reader' }),
    );
    expect(() => chooseReader([a, empty], empty.name)).toThrow(
      expect.objectContaining({ code: 'no-card' }),
    );
  });
});
