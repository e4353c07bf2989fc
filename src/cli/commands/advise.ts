/**
 * `citizen-card advise`: the advisor for a certificate given by its dates or as a file.
 * No card and no PC/SC are involved, so helpdesks can answer "what now?" from a
 * screenshot of the dates or an exported certificate.
 */
import { advise, renderAdvice, todayInTaipei } from '../../advisor';
import { parseCertificate, parseCertificates, type ParsedCertificate } from '../../certs/index';
import { InvalidInputError, isAppError } from '../../core/errors';
import { localizeError, t } from '../../core/i18n';
import { stringOption, type CliCommand, type CliContext } from '../context';
import { EXIT } from '../exit-codes';
import { EXTENSION_OPTIONS, statedExtension } from '../extension-option';
import { certificateStatuses, ONLINE_OPTIONS, onlineOptions } from '../online-option';
import { FileNotFoundError, FileUnreadableError, readRegularFile } from '../../platform';

interface Validity {
  notBefore: string;
  notAfter: string;
  /** From --cert: the certificate first, then any others in the file (its chain). */
  certificates?: ParsedCertificate[];
}

/** A certificate is 1–2 KB, a PEM file with its chain a few more; nothing needs a megabyte. */
export const MAX_CERTIFICATE_FILE_BYTES = 1024 * 1024;

async function validityFromFile(file: string, ctx: CliContext, bundle: boolean): Promise<Validity> {
  let bytes: Buffer;
  try {
    // Bounded, and regular files only: /dev/zero or /dev/urandom would be read until memory
    // runs out, and a FIFO would wait forever for a writer.
    bytes = await readRegularFile(file, { maxBytes: MAX_CERTIFICATE_FILE_BYTES });
  } catch (err) {
    if (err instanceof FileNotFoundError) {
      throw new InvalidInputError('cli.advise.unreadableCert', { file, detail: 'ENOENT' });
    }
    if (err instanceof FileUnreadableError) {
      throw new InvalidInputError('cli.advise.unreadableCert', {
        file,
        detail: String(err.params.reason),
      });
    }
    // Not a regular file, or too large: the platform's message says what to choose instead.
    throw err;
  }
  try {
    // With --online the file may carry the chain after the certificate (a PEM bundle).
    const certificates = bundle ? parseCertificates(bytes) : [parseCertificate(bytes)];
    const { notBefore, notAfter } = certificates[0]!.summary;
    return { notBefore, notAfter, certificates };
  } catch (err) {
    // A file that is not a certificate is bad input (exit 2), not a failure of the tool.
    if (!isAppError(err) || (err.code !== 'bad-certificate' && err.code !== 'invalid-input')) {
      throw err;
    }
    throw new InvalidInputError('cli.advise.badCert', {
      file,
      reason: localizeError(err, ctx.lang),
    });
  }
}

async function validity(ctx: CliContext, online: boolean): Promise<Validity> {
  const cert = stringOption(ctx, 'cert');
  const notBefore = stringOption(ctx, 'not-before');
  const notAfter = stringOption(ctx, 'not-after');
  if (cert !== undefined) {
    if (notBefore !== undefined || notAfter !== undefined) {
      throw new InvalidInputError('cli.advise.certAndDates');
    }
    return validityFromFile(cert, ctx, online);
  }
  if (online) throw new InvalidInputError('cli.advise.onlineNeedsCert');
  if (notBefore === undefined || notAfter === undefined) {
    throw new InvalidInputError('cli.advise.missingDates');
  }
  return { notBefore, notAfter };
}

export const adviseCommand: CliCommand = {
  name: 'advise',
  summaryKey: 'cli.advise.summary',
  usage:
    'citizen-card advise (--not-before ISO --not-after ISO | --cert FILE [--online [--timeout SECONDS]]) [--extended|--original] [--today YYYY-MM-DD] [--json] [--lang zh-TW|en]',
  options: {
    'not-before': { type: 'string' },
    'not-after': { type: 'string' },
    cert: { type: 'string' },
    ...EXTENSION_OPTIONS,
    ...ONLINE_OPTIONS,
    today: { type: 'string' },
  },
  async run(ctx) {
    const [extra] = ctx.positionals;
    if (extra !== undefined)
      throw new InvalidInputError('cli.advise.unexpectedArgument', { arg: extra });
    const extended = statedExtension(ctx, 'cli.advise.bothKinds');
    const online = onlineOptions(ctx);
    const { notBefore, notAfter, certificates } = await validity(ctx, online !== null);
    const today = stringOption(ctx, 'today') ?? todayInTaipei(ctx.services.now);
    let revocation;
    if (online && certificates) {
      const [cert] = certificates;
      revocation = (await certificateStatuses(certificates, online)).get(cert!.summary.id);
    }
    const result = advise({ notBefore, notAfter, today, extended, revocation });
    if (ctx.json) {
      ctx.io.stdout.write(JSON.stringify(result, null, 2) + '\n');
      return EXIT.ok;
    }
    const lines = [renderAdvice(result, ctx.lang, { notAfter })];
    if (result.extendedSource === 'inferred') lines.push(t(ctx.lang, 'cli.advise.inferenceHint'));
    ctx.io.stdout.write(lines.join('\n') + '\n');
    return EXIT.ok;
  },
};
