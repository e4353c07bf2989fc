import { parseArgs } from 'node:util';
import { isAppError } from '../core/errors';
import { langFromLocale, localizeError, parseLang, t, type Lang } from '../core/i18n';
import { commands } from './commands/index';
import type { CliCommand, CliContext, CliIO, CliServices, OptionSpec } from './context';
import { EXIT, exitCodeFor } from './exit-codes';
import { guardStream } from './terminal-guard';

const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  json: { type: 'boolean' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

function usageText(lang: Lang): string {
  const lines = [t(lang, 'cli.usage'), ''];
  for (const c of commands) lines.push(`  ${c.name.padEnd(14)} ${t(lang, c.summaryKey)}`);
  lines.push('', t(lang, 'cli.globalOptions'));
  return lines.join('\n') + '\n';
}

function errorDocument(err: unknown, message: string): Record<string, unknown> {
  if (!isAppError(err)) return { code: 'internal', message };
  return { code: err.code, messageKey: err.messageKey, params: err.params, message };
}

/** Run the CLI; resolves with the process exit code (never calls process.exit itself). */
export async function runCli(
  argv: string[],
  given: CliIO,
  services: CliServices = {},
): Promise<number> {
  // Until the options are parsed nothing but our own texts is written; --json below
  // switches stdout to JSON's escapes.
  let io: CliIO = {
    ...given,
    stdout: guardStream(given.stdout, 'text'),
    stderr: guardStream(given.stderr, 'text'),
  };
  let lang = langFromLocale(io.env.LC_ALL || io.env.LC_MESSAGES || io.env.LANG);
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const target = commands.find((c) => c.name === rest[0]);
    io.stdout.write(target ? `${target.usage}\n${t(lang, target.summaryKey)}\n` : usageText(lang));
    return EXIT.ok;
  }
  const command: CliCommand | undefined = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(t(lang, 'cli.unknownCommand', { name }) + '\n' + usageText(lang));
    return EXIT.usage;
  }
  let ctx: CliContext;
  try {
    const parsed = parseArgs({
      args: rest,
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    const values = parsed.values as CliContext['values'];
    if (typeof values.lang === 'string') {
      const chosen = parseLang(values.lang);
      if (!chosen) {
        io.stderr.write(t(lang, 'cli.badLang', { value: values.lang }) + '\n');
        return EXIT.usage;
      }
      lang = chosen;
    }
    if (values.help) {
      io.stdout.write(`${command.usage}\n${t(lang, command.summaryKey)}\n`);
      return EXIT.ok;
    }
    if (values.json === true) io = { ...io, stdout: guardStream(given.stdout, 'json') };
    ctx = {
      lang,
      json: values.json === true,
      io,
      services,
      values,
      positionals: parsed.positionals,
    };
  } catch (err) {
    io.stderr.write(
      t(lang, 'cli.badUsage', { detail: (err as Error).message }) + '\n' + command.usage + '\n',
    );
    return EXIT.usage;
  }
  try {
    return await command.run(ctx);
  } catch (err) {
    const message = localizeError(err, lang);
    io.stderr.write(message + '\n');
    command.afterError?.(err, ctx);
    // Scripts reading --json get one document even on failure: the same code and message.
    if (ctx.json)
      io.stdout.write(JSON.stringify({ error: errorDocument(err, message) }, null, 2) + '\n');
    if (isAppError(err)) return exitCodeFor(err.code);
    if (io.env.CITIZEN_CARD_DEBUG) io.stderr.write(String((err as Error)?.stack) + '\n');
    return EXIT.other;
  }
}
