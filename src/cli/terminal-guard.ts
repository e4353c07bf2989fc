/**
 * The last line of defence for docs/cli.md "Terminal safety": every string the CLI writes
 * passes through here, so a value some printer forgot to escape (an error detail quoting a
 * file, a module's description) still cannot move the cursor, recolour the screen or
 * retitle the window. Printers escape values themselves as well (terminalText), because
 * only they can tell a line feed inside a holder name from one between lines.
 */
import { terminalJsonText, terminalLines } from '../core/terminal-text';

export type GuardMode = 'text' | 'json';

/** `stream` with write() and end() escaping string chunks; everything else is the stream's own. */
export function guardStream<T extends NodeJS.WritableStream>(stream: T, mode: GuardMode): T {
  const escape = mode === 'json' ? terminalJsonText : terminalLines;
  const clean = (chunk: unknown): unknown => (typeof chunk === 'string' ? escape(chunk) : chunk);
  return new Proxy(stream, {
    get(target, property) {
      if (property === 'write') {
        return (chunk: unknown, ...rest: unknown[]) =>
          (target.write as (...args: unknown[]) => boolean)(clean(chunk), ...rest);
      }
      if (property === 'end') {
        return (chunk: unknown, ...rest: unknown[]) =>
          (target.end as (...args: unknown[]) => unknown)(clean(chunk), ...rest);
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
