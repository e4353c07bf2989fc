/**
 * Hand-written argument checks for every IPC channel, run before any card access by both
 * the Electron main process and the browser host. A renderer is less trusted than main: a
 * compromised page must not be able to reach the driver with odd types, huge strings or
 * extra fields. Messages never echo a PIN or user code.
 */
import { secretFormProblem } from '../card/pin-policy';
import { InvalidInputError } from '../core/errors';
import type { Channel, RequestOf } from './contract';
import { DEFAULT_SETTINGS, type Settings } from './settings';

/** PC/SC reader names are short; anything longer is not a reader. */
const MAX_READER_LENGTH = 200;
const MAX_ID_LENGTH = 64;
const MAX_URL_LENGTH = 2048;
/** Virtual-card scenario names: lower-case words joined by hyphens (`one-try-left`). */
const SCENARIO_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_SCENARIO_LENGTH = 40;

type Fields = Record<string, unknown>;

function bad(field: string): InvalidInputError {
  return new InvalidInputError('app.error.badRequest', { field });
}

function record(raw: unknown, allowed: readonly string[]): Fields {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad('request');
  const proto: unknown = Object.getPrototypeOf(raw);
  if (proto !== Object.prototype && proto !== null) throw bad('request');
  for (const key of Object.keys(raw)) if (!allowed.includes(key)) throw bad(key);
  return raw as Fields;
}

function text(fields: Fields, name: string, max: number): string {
  const value = fields[name];
  if (typeof value !== 'string' || value.length === 0 || value.length > max) throw bad(name);
  return value;
}

function flag(fields: Fields, name: string, optional = false): boolean | undefined {
  const value = fields[name];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'boolean') throw bad(name);
  return value;
}

function reader(fields: Fields): string {
  const name = text(fields, 'reader', MAX_READER_LENGTH);
  // Control characters never occur in reader names; they would only end up in logs.
  if ([...name].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) {
    throw bad('reader');
  }
  return name;
}

function pin(fields: Fields, name: string): string {
  const value = fields[name];
  if (typeof value !== 'string' || secretFormProblem('pin', value) !== null) {
    throw new InvalidInputError('app.error.pinFormat', { field: name });
  }
  return value;
}

function userCode(fields: Fields, name: string): string {
  const value = fields[name];
  if (typeof value !== 'string' || secretFormProblem('userCode', value) !== null) {
    throw new InvalidInputError('app.error.userCodeFormat', { field: name });
  }
  return value;
}

/** A remembered card's random ID (a UUID), never its number. */
function knownCardId(fields: Fields): string {
  const id = text(fields, 'id', 36);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) throw bad('id');
  return id;
}

function none(raw: unknown): void {
  // Electron passes `undefined` for a missing argument; JSON has only `null`.
  if (raw !== undefined && raw !== null) throw bad('request');
}

/** Complete by type: a channel of the contract without a validator fails the build. */
type Validators = { [C in Channel]: (raw: unknown) => RequestOf<C> };

const validators: Validators = {
  'app:info': none,
  'card:readers': none,
  'card:status': (raw) => {
    const f = record(raw, ['reader']);
    return { reader: reader(f) };
  },
  'card:advise': (raw) => {
    const f = record(raw, ['reader', 'extended']);
    const extended = flag(f, 'extended', true);
    return extended === undefined ? { reader: reader(f) } : { reader: reader(f), extended };
  },
  'card:revocation': (raw) => {
    const f = record(raw, ['reader']);
    return { reader: reader(f) };
  },
  'pin:verify': (raw) => {
    const f = record(raw, ['reader', 'confirmLastTry', 'pin']);
    return { reader: reader(f), confirmLastTry: flag(f, 'confirmLastTry')!, pin: pin(f, 'pin') };
  },
  'pin:selftest': (raw) => {
    const f = record(raw, ['reader', 'confirmLastTry', 'pin']);
    return { reader: reader(f), confirmLastTry: flag(f, 'confirmLastTry')!, pin: pin(f, 'pin') };
  },
  'pin:change': (raw) => {
    const f = record(raw, ['reader', 'confirmLastTry', 'oldPin', 'newPin']);
    return {
      reader: reader(f),
      confirmLastTry: flag(f, 'confirmLastTry')!,
      oldPin: pin(f, 'oldPin'),
      newPin: pin(f, 'newPin'),
    };
  },
  'pin:unblock': (raw) => {
    const f = record(raw, ['reader', 'confirmLastTry', 'userCode', 'newPin']);
    return {
      reader: reader(f),
      confirmLastTry: flag(f, 'confirmLastTry')!,
      userCode: userCode(f, 'userCode'),
      newPin: pin(f, 'newPin'),
    };
  },
  'cert:export': (raw) => {
    const f = record(raw, ['reader', 'id', 'format']);
    const format = f.format;
    if (format !== 'pem' && format !== 'der') throw bad('format');
    return { reader: reader(f), id: text(f, 'id', MAX_ID_LENGTH), format };
  },
  'shell:open-external': (raw) => {
    const f = record(raw, ['url']);
    return { url: text(f, 'url', MAX_URL_LENGTH) };
  },
  'app:switch-source': (raw) => {
    const f = record(raw, ['demo']);
    if (f.demo === null) return { demo: null };
    // Whether the scenario exists is the virtual card's to say (it lists the known ones).
    const demo = text(f, 'demo', MAX_SCENARIO_LENGTH);
    if (!SCENARIO_NAME.test(demo)) throw bad('demo');
    return { demo };
  },
  'diagnose:run': (raw) => {
    const f = record(raw, ['lang', 'unmask', 'trace']);
    if (f.lang !== 'zh-TW' && f.lang !== 'en') throw bad('lang');
    return { lang: f.lang, unmask: flag(f, 'unmask')!, trace: flag(f, 'trace')! };
  },
  'settings:get': none,
  'settings:set': (raw) => {
    const keys = Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>;
    const f = record(raw, keys);
    const patch: Partial<Settings> = {};
    for (const key of keys) {
      const value = flag(f, key, true);
      if (value !== undefined) patch[key] = value;
    }
    return patch;
  },
  'cards:list': none,
  'cards:reveal': (raw) => ({ id: knownCardId(record(raw, ['id'])) }),
  'cards:forget': (raw) => {
    const f = record(raw, ['id', 'all']);
    if (f.all !== undefined) {
      if (f.all !== true || f.id !== undefined) throw bad('all');
      return { all: true };
    }
    return { id: knownCardId(f) };
  },
  'cards:calendar': (raw) => {
    const f = record(raw, ['lang']);
    if (f.lang !== 'zh-TW' && f.lang !== 'en') throw bad('lang');
    return { lang: f.lang };
  },
};

/** Check one request against its channel; throws InvalidInputError before anything else runs. */
export function validateRequest<C extends Channel>(channel: C, raw: unknown): RequestOf<C> {
  const check = (validators as Record<string, ((raw: unknown) => unknown) | undefined>)[channel];
  if (!Object.hasOwn(validators, channel) || !check) throw bad('channel');
  return check(raw) as RequestOf<C>;
}

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(validators, value);
}
