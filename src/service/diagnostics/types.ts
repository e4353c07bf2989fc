/**
 * The diagnostic report (README "Diagnostics" documents it field by field). Helpdesks
 * script it, so its shape is a promise: `schema` changes when a field changes meaning.
 */
import type { ApduTraceEvent } from '../../card/apdu/trace';
import type { MessageParams } from '../../core/errors';
import type { Lang } from '../../core/i18n';
import type { AdvisorAction } from '../../core/model';

export const REPORT_SCHEMA = 1;

export type Severity = 'ok' | 'info' | 'warning' | 'error';

/**
 * One piece of text, kept as data so the report can be shown again in the other language:
 * a catalogue message, the steps of one of the advisor's situations, or one of the
 * advisor's actions (rendered against the finding's `data.advice`).
 */
export type TextRef =
  | {
      key: string;
      params?: MessageParams;
      /** Parameters that are themselves texts (a status name inside a sentence). */
      nested?: Record<string, TextRef>;
    }
  | { situation: string }
  | { action: AdvisorAction }
  /** An ISO 8601 instant, shown as its Taipei date (both calendars) and time. */
  | { instant: string }
  /** Texts joined with the language's list separator (數位簽章、不可否認). */
  | { list: TextRef[] }
  /** A page of MOICA's site from the link table (resources/moica-links.json), as a line. */
  | { link: string };

/** A finding as a step produces it: texts as references, not yet in any language. */
export interface RawFinding {
  id: FindingId;
  severity: Severity;
  /** The reader the finding is about, when it is about one. */
  reader?: string;
  /** Joined with spaces. */
  title: TextRef[];
  /** Joined with spaces. */
  cause: TextRef[];
  /** One line each; empty when there is nothing to do. */
  remedy: TextRef[];
  rules: string[];
  data: Record<string, unknown>;
}

export interface Finding {
  id: FindingId;
  severity: Severity;
  reader?: string;
  title: string;
  cause: string;
  /** null when there is nothing to do. */
  remedy: string | null;
  rules: string[];
  data: Record<string, unknown>;
  /** The same texts as references (message keys and parameters). */
  messages: { title: TextRef[]; cause: TextRef[]; remedy: TextRef[] };
}

/** Every finding ID a report can contain (README "Diagnostics" explains each). */
export type FindingId =
  | 'os'
  | 'app'
  | 'pcsc.service'
  | 'pcsc.virtual'
  | 'readers'
  | 'card.absent'
  | 'card.mute'
  | 'card.atr'
  | 'card.other'
  | 'card.busy'
  | 'card.read'
  | 'card.identity'
  | 'card.pin'
  | 'card.user-code'
  | 'certificate'
  | 'certificate.status'
  | 'advice'
  | 'middleware.pkcs11'
  | 'middleware.web-component'
  | 'component.nhi'
  | 'reader.quirk';

export interface OsInfo {
  /** node's process.platform: 'win32', 'darwin', 'linux', ... */
  platform: string;
  release: string;
  arch: string;
  /** os.version(): the kernel or Windows build description. */
  version?: string;
}

export interface AppVersionInfo {
  name: string;
  version: string;
  /** 'cli', 'electron' or 'browser'. */
  runtime: string;
}

/** One line of the APDU trace, with the reader it went through. */
export type TraceEntry = ApduTraceEvent & { reader: string };

export interface DiagnosticReport {
  schema: typeof REPORT_SCHEMA;
  /** ISO 8601 UTC. */
  generatedAt: string;
  lang: Lang;
  /** true: card number, holder and the card's answers in the trace are masked. */
  masked: boolean;
  app: AppVersionInfo;
  os: OsInfo;
  findings: Finding[];
  summary: { errors: number; warnings: number };
  /** Present when a trace was asked for. */
  trace?: TraceEntry[];
}
