import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it, vi, type Mock } from 'vitest';
import { PromptCancelledError, promptHidden, readSecretLines } from '../../../src/cli/secret-input';

/** A stand-in for a terminal: a stream that says it is a TTY and records raw-mode switches. */
type FakeTty = PassThrough & { isTTY: boolean; setRawMode: Mock<(mode: boolean) => void> };

function fakeTty(): FakeTty {
  const tty = new PassThrough() as FakeTty;
  tty.isTTY = true;
  tty.setRawMode = vi.fn<(mode: boolean) => void>();
  return tty;
}

function sink(): PassThrough & { text: () => string } {
  const out = new PassThrough() as PassThrough & { text: () => string };
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
  out.text = () => Buffer.concat(chunks).toString('utf8');
  return out;
}

describe('hidden prompt on a terminal', () => {
  it('reads typed keys with editing, echoes nothing and restores the terminal', async () => {
    const tty = fakeTty();
    const out = sink();
    const pending = promptHidden(tty, out, 'PIN: ');
    // "7301X", Backspace, "01", Enter: the person corrected a typo.
    tty.write(Buffer.from('7301X\x7f01\r'));
    const pin = await pending;
    expect(pin.toString('latin1')).toBe('730101');
    expect(out.text()).toBe('PIN: \n');
    expect(tty.setRawMode.mock.calls).toEqual([[true], [false]]);
  });

  it('lets Ctrl-U start the line again, across several chunks', async () => {
    const tty = fakeTty();
    const pending = promptHidden(tty, sink(), '> ');
    tty.write(Buffer.from('wrong'));
    tty.write(Buffer.from('\x15abc'));
    tty.write(Buffer.from('123\n'));
    expect((await pending).toString('latin1')).toBe('abc123');
  });

  it('aborts cleanly on Ctrl-C and leaves raw mode', async () => {
    const tty = fakeTty();
    const pending = promptHidden(tty, sink(), 'PIN: ');
    tty.write(Buffer.from('7301\x03'));
    await expect(pending).rejects.toBeInstanceOf(PromptCancelledError);
    expect(tty.setRawMode).toHaveBeenLastCalledWith(false);
    expect(tty.listenerCount('data')).toBe(0);
  });

  it('marks an absurdly long entry as too long instead of keeping it', async () => {
    const tty = fakeTty();
    const pending = promptHidden(tty, sink(), 'PIN: ');
    tty.write(Buffer.alloc(200, 0x31));
    tty.write(Buffer.from('\r'));
    expect((await pending).length).toBeGreaterThan(10);
  });
});

describe('secrets from stdin (--pin-stdin)', () => {
  it('splits lines, accepts CRLF and a last line without newline', async () => {
    const lines = await readSecretLines(Readable.from([Buffer.from('730101\r\nnew')]), 2);
    expect(lines.map((l) => l.toString('latin1'))).toEqual(['730101', 'new']);
  });

  it('stops after the lines it needs, even when stdin stays open', async () => {
    const stdin = new PassThrough();
    const pending = readSecretLines(stdin, 1);
    stdin.write('123456\nnot-for-us\n');
    expect((await pending).map((l) => l.toString('latin1'))).toEqual(['123456']);
  });

  it('rejects too few lines as invalid input', async () => {
    await expect(
      readSecretLines(Readable.from([Buffer.from('123456\n')]), 2),
    ).rejects.toMatchObject({
      code: 'invalid-input',
      params: { expected: 2, got: 1 },
    });
  });
});
