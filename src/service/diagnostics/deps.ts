/**
 * Everything the diagnosis touches comes in through here, so a test can create each
 * situation (no PC/SC service, a mute card, a module on disk, a listener on 61161) for real
 * or hand in a stand-in, and the same runner serves the CLI, Electron and the browser host.
 */
import { CardDriver, type CardDriverOptions } from '../../card';
import type { CardSource } from '../../sources/card-source';
import type { MessageParams } from '../../core/errors';
import type { Lang } from '../../core/i18n';
import type { RevocationInfo, RevocationProblem, SecretStatus } from '../../core/model';
import type { ParsedCertificate } from '../../certs';
import type { CardTransport } from '../../card/transport';
import type { HttpGet } from './http-probe';
import type { TcpConnect } from './tcp-probe';
import type { AppVersionInfo, OsInfo, RawFinding, Severity, TextRef } from './types';

/** A card source for the length of one diagnosis, and how to let go of it afterwards. */
export interface OpenedSource {
  source: CardSource;
  /** The CLI closes what it opened; the app keeps its long-lived source open. */
  close(): Promise<void>;
  /** Set when the source is the virtual card (scenario name, or 'demo'). */
  virtualScenario?: string;
}

export interface DiagnosticsDeps {
  lang: Lang;
  /** Show the card number and holder as they are (default: masked). */
  unmask?: boolean;
  /** Record every APDU into the report. */
  trace?: boolean;
  now: () => Date;
  app: AppVersionInfo;
  os: OsInfo;
  /** Home folder and Windows folders for the middleware's usual paths. */
  paths: {
    home: string;
    systemRoot?: string;
    programFiles?: string;
    programFilesX86?: string;
    /** CITIZEN_CARD_PKCS11_MODULE. */
    pkcs11Module?: string;
  };
  /** The OS user name, masked in paths unless `unmask` (home is masked as `~`). */
  userName?: string;
  /** Opens the PC/SC service (or the virtual card); throws PcscUnavailableError when down. */
  openSource: () => Promise<OpenedSource>;
  /** Only this reader (the CLI's --reader). */
  reader?: string;
  createDriver?: (transport: CardTransport, options: CardDriverOptions) => CardDriver;
  fileExists: (path: string) => boolean;
  httpGet: HttpGet;
  /**
   * Opens a TCP connection to a local port and closes it (other components, steps/components.ts);
   * absent: those components are not looked for.
   */
  tcpConnect?: TcpConnect;
  /** The NHI card component's port and timeout (tests); default 7777 and 1500 ms. */
  nhiComponent?: { port?: number; timeoutMs?: number };
  /** Default http://127.0.0.1:61161/selfTest.htm and 1500 ms. */
  webComponent?: { url?: string; timeoutMs?: number };
  /**
   * PIN and user-code state of a vendor card from its PKCS#11 module, when the app has one
   * wired in; absent or null: "unknown" (card-profile.md §1.3).
   */
  pkcs11Status?: (
    reader: string,
  ) => Promise<{ pin: SecretStatus | null; userCode: SecretStatus | null } | null>;
  /** Findings the caller knows and the runner cannot (the app runs in demo mode...). */
  extraFindings?: RawFinding[];
  /**
   * Asks the issuer about the card's certificates (docs/revocation.md), keyed by certificate
   * ID. Absent: nothing is asked, and each says `not-checked` for `revocationNotChecked`.
   */
  checkRevocation?: (certs: ParsedCertificate[]) => Promise<Map<string, RevocationInfo>>;
  /** Why nothing is asked: `not-requested` (CLI without --online, the default) or `turned-off`. */
  revocationNotChecked?: RevocationProblem;
  /** Per-APDU timeout while diagnosing (default 5 s: a hung card must not hang the report). */
  apduTimeoutMs?: number;
}

export const defaultCreateDriver = (transport: CardTransport, options: CardDriverOptions) =>
  new CardDriver(transport, options);

export function msg(key: string, params?: MessageParams): TextRef {
  return params ? { key, params } : { key };
}

export function finding(
  id: RawFinding['id'],
  severity: Severity,
  parts: {
    reader?: string;
    title: TextRef[];
    cause: TextRef[];
    remedy?: TextRef[];
    rules?: string[];
    data?: Record<string, unknown>;
  },
): RawFinding {
  const f: RawFinding = {
    id,
    severity,
    title: parts.title,
    cause: parts.cause,
    remedy: parts.remedy ?? [],
    rules: parts.rules ?? [],
    data: parts.data ?? {},
  };
  if (parts.reader !== undefined) f.reader = parts.reader;
  return f;
}

/** 'win32' | 'darwin' | anything else, as the per-OS message keys name them. */
export function osKey(platform: string): 'windows' | 'macos' | 'linux' {
  if (platform === 'win32') return 'windows';
  if (platform === 'darwin') return 'macos';
  return 'linux';
}
