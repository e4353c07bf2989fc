/**
 * One reader: is a card in it, does it answer, what is it, can it be read, and what do
 * its counters and certificates say. Only reads: the driver's summary (SELECT, READ BINARY,
 * and for ISO cards the empty VERIFY that spends no try, card-profile.md §1.2, §4).
 */
import {
  matchFamily,
  parseAtr,
  type CardSummary,
  type FamilyMatch,
  type ParsedAtr,
} from '../../../card';
import type { CardSource, ReaderState } from '../../../sources/card-source';
import { holderCertificate, parseCardCertificates } from '../../../certs/card-certificates';
import { isAppError } from '../../../core/errors';
import { terminalText } from '../../../core/terminal-text';
import type { CardFamily, OtherCard, PinChannel, SecretStatus } from '../../../core/model';
import { otherCardByNumber } from '../../../card/other-cards';
import { finding, msg, osKey, defaultCreateDriver, type DiagnosticsDeps } from '../deps';
import { maskCardNumber, maskName, maskSerial, type Redactions } from '../masking';
import type { TraceRecorder } from '../trace';
import type { RawFinding, TextRef } from '../types';
import { certificateFindings } from './certificates';
import { revocationStatuses } from './revocation';
import type { Pkcs11Facts, WebComponentFacts } from './middleware';
import { webComponentRunning } from './middleware';

export interface CardContext {
  deps: DiagnosticsDeps;
  source: CardSource;
  now: Date;
  redactions: Redactions;
  recorder: TraceRecorder | null;
  pkcs11: Pkcs11Facts;
  web: Promise<WebComponentFacts>;
}

const DEFAULT_APDU_TIMEOUT_MS = 5000;
/** Contacts, orientation, a worn card: what a mute or garbled answer usually means. */
const CONTACT_RULES = ['R-WHERE'];

export async function cardFindings(
  ctx: CardContext,
  reader: ReaderState,
  anyCard: boolean,
): Promise<RawFinding[]> {
  const name = reader.name;
  if (!reader.cardPresent) {
    return [
      finding('card.absent', anyCard ? 'info' : 'error', {
        reader: name,
        title: [msg('diagnostics.card.absent.title', { reader: name })],
        cause: [msg('diagnostics.card.absent.cause')],
        remedy: [msg('diagnostics.card.absent.remedy')],
      }),
    ];
  }
  if (reader.mute || !reader.atr) return [muteFinding(name, null)];
  let atr: ParsedAtr;
  try {
    atr = parseAtr(Buffer.from(reader.atr, 'hex'));
  } catch (err) {
    return [muteFinding(name, { atr: reader.atr, detail: (err as Error).message })];
  }
  const match = matchFamily(atr);
  // card-profile.md §7: a card its ATR names as another card is sent nothing, not even a read.
  if (match.otherCard) return [otherCardFinding(name, atr, match.otherCard, null)];
  const out: RawFinding[] = [atrFinding(ctx, name, atr, match)];
  let summary: CardSummary;
  try {
    summary = await ctx.source.withCard(name, (transport) => {
      const create = ctx.deps.createDriver ?? defaultCreateDriver;
      const driver = create(transport, {
        trace: ctx.recorder?.hookFor(name),
        timeoutMs: ctx.deps.apduTimeoutMs ?? DEFAULT_APDU_TIMEOUT_MS,
      });
      return driver.readCardSummary();
    });
  } catch (err) {
    out.push(await readFailure(ctx, name, err));
    return out;
  }
  // Told by a public AID: it stands instead of the "unknown card" finding.
  if (summary.identity.otherCard) {
    return [otherCardFinding(name, atr, summary.identity.otherCard, null)];
  }
  const parsed = parseCardCertificates(summary.certificates);
  const holder = holderCertificate(parsed.certificates);
  // Everything that says who this is: the scrub pass masks it wherever it turns up.
  ctx.redactions.add(summary.cardNumber, maskCardNumber);
  for (const c of parsed.certificates) {
    if (c.isCA) continue;
    ctx.redactions.add(c.subjectCN, maskName);
    ctx.redactions.add(c.subjectSerialNumber, maskSerial);
    // The issuer's serial number names this certificate, and so its holder; a CA's is public.
    ctx.redactions.add(c.serialNumber, maskSerial);
  }
  if (summary.problems.length > 0) out.push(partialReadFinding(name, summary));
  // A card of MOICA's make whose number is not a 自然人憑證 number: probably another GPKI card.
  const byNumber =
    summary.identity.pinChannel === 'vendor' ? otherCardByNumber(summary.cardNumber) : null;
  if (byNumber) out.push(otherCardFinding(name, atr, byNumber, summary.cardNumber));
  out.push(identityFinding(ctx, name, summary, holder?.subjectCN ?? null));
  out.push(...(await secretFindings(ctx, name, summary)));
  const statuses = await revocationStatuses(ctx.deps, parsed.certificates);
  out.push(...certificateFindings(name, summary, parsed, ctx.now, statuses));
  return out;
}

/**
 * "This is your 健保卡, not your 自然人憑證": an error when that is all the reader holds, a
 * warning when it is only probably so (a card of MOICA's make with another kind of number).
 */
function otherCardFinding(
  reader: string,
  atr: ParsedAtr,
  other: OtherCard,
  cardNumber: string | null,
): RawFinding {
  const name: TextRef = { key: `otherCard.name.${other.kind}` };
  return finding('card.other', other.kind === 'gpki' ? 'warning' : 'error', {
    reader,
    title: [{ key: other.certain ? 'otherCard.is' : 'otherCard.probably', nested: { name } }],
    cause: [msg(`otherCard.how.${other.how}`, { cardNumber: cardNumber ?? '' })],
    remedy: [msg(other.kind === 'gpki' ? 'otherCard.remedy.gpki' : 'otherCard.remedy')],
    data: { atr: atr.hex, otherCard: other },
  });
}

function muteFinding(reader: string, garbled: { atr: string; detail: string } | null): RawFinding {
  return finding('card.mute', 'error', {
    reader,
    title: [msg('diagnostics.card.mute.title', { reader })],
    cause: [
      garbled
        ? msg('diagnostics.card.mute.garbled', { atr: garbled.atr })
        : msg('diagnostics.card.mute.cause'),
    ],
    remedy: [msg('diagnostics.card.mute.remedy')],
    rules: CONTACT_RULES,
    data: garbled ? { atr: garbled.atr, detail: garbled.detail } : { atr: null },
  });
}

function atrData(atr: ParsedAtr, match: FamilyMatch) {
  return {
    atr: atr.hex,
    historicalBytesHex: atr.historicalBytesHex,
    historicalBytesAscii: atr.historicalBytesAscii,
    protocols: atr.protocols,
    family: match.family,
    pinChannel: match.pinChannel,
  };
}

/** The block a person pastes into an issue so the ATR table can learn a new card. */
function unknownCardReport(ctx: CardContext, reader: string, atr: ParsedAtr): string {
  const { app, os } = ctx.deps;
  return [
    `ATR: ${atr.hex}`,
    `Historical bytes: ${atr.historicalBytesHex} "${terminalText(atr.historicalBytesAscii)}"`,
    `Protocols: ${atr.protocols.join(', ')}`,
    `Reader: ${terminalText(reader)}`,
    `OS: ${terminalText(`${os.platform} ${os.release} ${os.arch}`)}`,
    `App: ${app.name} ${app.version} (${app.runtime})`,
  ].join('\n');
}

function atrFinding(
  ctx: CardContext,
  reader: string,
  atr: ParsedAtr,
  match: FamilyMatch,
): RawFinding {
  const data = atrData(atr, match);
  if (match.family === 'unknown') {
    const report = unknownCardReport(ctx, reader, atr);
    return finding('card.atr', 'warning', {
      reader,
      title: [msg('diagnostics.card.unknown.title', { reader })],
      cause: [msg('diagnostics.card.unknown.cause', { atr: atr.hex })],
      remedy: [
        msg('diagnostics.card.unknown.remedy'),
        msg('diagnostics.card.unknown.report', { report }),
      ],
      data: { ...data, report },
    });
  }
  return finding('card.atr', 'ok', {
    reader,
    title: [msg(`card.family.${match.family}`)],
    cause: [
      msg('diagnostics.card.atr.cause', { atr: atr.hex, ascii: atr.historicalBytesAscii }),
      msg(`diagnostics.card.pinChannel.${match.pinChannel}`),
    ],
    data,
  });
}

async function readFailure(ctx: CardContext, reader: string, err: unknown): Promise<RawFinding> {
  if (isAppError(err) && err.code === 'reader-busy') {
    const web = await ctx.web;
    const remedy: TextRef[] = [msg('diagnostics.card.busy.remedy')];
    if (webComponentRunning(web)) remedy.push(msg('diagnostics.card.busy.hipkiRunning'));
    return finding('card.busy', 'error', {
      reader,
      title: [msg('diagnostics.card.busy.title', { reader })],
      cause: [
        msg('diagnostics.card.busy.cause'),
        msg(`diagnostics.card.busy.who.${osKey(ctx.deps.os.platform)}`),
      ],
      remedy,
      data: { code: err.code, holder: null },
    });
  }
  if (isAppError(err) && err.messageKey === 'pcsc.cardMute') return muteFinding(reader, null);
  const error = isAppError(err)
    ? { code: err.code, ref: msg(err.messageKey, err.params) }
    : { code: 'internal', ref: msg('error.internal', { detail: (err as Error)?.name ?? 'Error' }) };
  return finding('card.read', 'error', {
    reader,
    title: [msg('diagnostics.card.read.failed.title', { reader })],
    cause: [error.ref],
    remedy: [msg('diagnostics.card.read.failed.remedy')],
    data: { code: error.code },
  });
}

function partialReadFinding(reader: string, summary: CardSummary): RawFinding {
  const cause: TextRef[] = [];
  for (const p of summary.problems) {
    cause.push(msg('diagnostics.card.read.item', { item: p.item }));
    cause.push(msg(p.error.messageKey, p.error.params));
  }
  return finding('card.read', 'warning', {
    reader,
    title: [msg('diagnostics.card.read.partial.title')],
    cause,
    remedy: [msg('diagnostics.card.read.partial.remedy')],
    data: { problems: summary.problems.map((p) => ({ item: p.item, code: p.error.code })) },
  });
}

function identityFinding(
  ctx: CardContext,
  reader: string,
  summary: CardSummary,
  holder: string | null,
): RawFinding {
  const none = '—';
  const masked = ctx.deps.unmask !== true;
  return finding('card.identity', 'info', {
    reader,
    title: [msg('diagnostics.card.identity.title', { cardNumber: summary.cardNumber ?? none })],
    cause: [
      msg('diagnostics.card.identity.cause', {
        holder: holder ?? none,
        osVersion: summary.osVersion ?? none,
      }),
      // The app has a checkbox for it; only the CLI has an --unmask to mention.
      ...(masked
        ? [
            msg(
              ctx.deps.app.runtime === 'cli'
                ? 'guide.diagnose.maskedCli'
                : 'guide.diagnose.maskedApp',
            ),
          ]
        : []),
    ],
    data: {
      cardNumber: summary.cardNumber,
      holder,
      osVersion: summary.osVersion,
      masked,
    },
  });
}

type SecretKind = 'pin' | 'userCode';
const SECRET_ID = { pin: 'card.pin', userCode: 'card.user-code' } as const;
const KEY = { pin: 'pin', userCode: 'userCode' } as const;

async function secretFindings(
  ctx: CardContext,
  reader: string,
  summary: CardSummary,
): Promise<RawFinding[]> {
  const { family, pinChannel } = summary.identity;
  if (pinChannel === 'iso') {
    const failed = new Set(summary.problems.map((p) => p.item));
    const out: RawFinding[] = [];
    // A counter that could not be read is already in the partial-read finding.
    if (summary.pin && !failed.has('pin')) {
      out.push(counterFinding(reader, 'pin', summary.pin, summary.userCode));
    }
    if (summary.userCode && !failed.has('userCode')) {
      out.push(counterFinding(reader, 'userCode', summary.userCode, summary.userCode));
    }
    return out;
  }
  let fromModule: { pin: SecretStatus | null; userCode: SecretStatus | null } | null = null;
  // The module setting of the app may name a path this step does not know: just ask.
  if (ctx.deps.pkcs11Status) {
    try {
      fromModule = await ctx.deps.pkcs11Status(reader);
    } catch {
      fromModule = null;
    }
  }
  return (['pin', 'userCode'] as const).map((kind) => {
    const status = fromModule?.[kind] ?? null;
    if (status) return counterFinding(reader, kind, status, fromModule?.userCode ?? null);
    return unknownCounterFinding(ctx, reader, kind, family, pinChannel);
  });
}

function counterFinding(
  reader: string,
  kind: SecretKind,
  status: SecretStatus,
  userCode: SecretStatus | null,
): RawFinding {
  const k = KEY[kind];
  const data = { kind, status };
  const left = status.triesLeft;
  const max = status.maxTries;
  const counts = { left: left ?? '?', max: max ?? '?' };
  if (status.blocked) {
    const remedy: TextRef[] =
      kind === 'pin'
        ? userCode?.blocked
          ? [{ situation: 'user-code-blocked' }]
          : [
              { situation: 'pin-locked-remembers-user-code' },
              { situation: 'pin-locked-forgot-user-code' },
            ]
        : [{ situation: 'user-code-blocked' }];
    const rules =
      kind === 'pin'
        ? userCode?.blocked
          ? ['R-PIN-LOCK', 'R-USERCODE-RESET']
          : ['R-PIN-LOCK', 'R-UNLOCK-ONLINE', 'R-USERCODE-RESET']
        : ['R-USERCODE-RESET'];
    return finding(SECRET_ID[kind], 'error', {
      reader,
      title: [msg(`diagnostics.${k}.blocked.title`)],
      cause: [msg(`diagnostics.${k}.blocked.cause`)],
      remedy,
      rules,
      data,
    });
  }
  if (status.lastTry) {
    return finding(SECRET_ID[kind], 'warning', {
      reader,
      title: [msg(`diagnostics.${k}.tries.title`, counts)],
      cause: [msg(`diagnostics.${k}.lastTry.cause`)],
      remedy: [msg(`diagnostics.${k}.lastTry.remedy`)],
      rules: kind === 'pin' ? ['R-PIN-LOCK', 'R-PIN-DEFAULT'] : ['R-USERCODE-RESET'],
      data,
    });
  }
  const used = left !== null && max !== null ? max - left : 0;
  return finding(SECRET_ID[kind], used > 0 ? 'info' : 'ok', {
    reader,
    title: [msg(`diagnostics.${k}.tries.title`, counts)],
    cause: [
      used > 0
        ? msg(`diagnostics.${k}.someUsed.cause`, { used })
        : msg(`diagnostics.${k}.full.cause`),
    ],
    rules: kind === 'pin' && used > 0 ? ['R-PIN-LOCK'] : [],
    data,
  });
}

function unknownCounterFinding(
  ctx: CardContext,
  reader: string,
  kind: SecretKind,
  family: CardFamily,
  pinChannel: PinChannel,
): RawFinding {
  const k = KEY[kind];
  const vendor = pinChannel === 'vendor';
  const remedy: TextRef[] = [];
  // One hint is enough: it goes with the PIN, the counter people ask about.
  if (kind === 'pin') {
    remedy.push(
      ctx.pkcs11.found
        ? msg('diagnostics.pin.unknown.moduleFound', { path: ctx.pkcs11.found.path })
        : msg('diagnostics.pin.unknown.moduleMissing'),
    );
  }
  return finding(SECRET_ID[kind], 'info', {
    reader,
    title: [msg(`diagnostics.${k}.unknown.title`)],
    cause: [msg(vendor ? 'diagnostics.secret.unknown.vendor' : 'diagnostics.secret.unknown.other')],
    remedy,
    rules: kind === 'pin' ? ['R-SETUP'] : [],
    data: { kind, status: null, family, pinChannel },
  });
}
