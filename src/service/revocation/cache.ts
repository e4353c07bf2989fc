/**
 * Answers that count, kept until the issuer's own nextUpdate (and never past it) in the
 * person's cache folder, one small private file per certificate. An answer without
 * nextUpdate, or an unknown one, is never kept. A damaged or foreign file is ignored.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { RevocationInfo } from '../../core/model';
import { readRegularFile, writePrivateFile } from '../../platform';
import { CLOCK_SKEW_MS } from '../../certs/revocation';

const MAX_ENTRY_BYTES = 16 * 1024;
const KEPT: ReadonlyArray<RevocationInfo['status']> = ['good', 'suspended', 'revoked'];

/** One file per (issuer key, serial): the same certificate on any card shares it. */
export function cacheFile(dir: string, issuerSpkiSha256: string, serial: string): string {
  const key = createHash('sha256')
    .update(`${issuerSpkiSha256}\n${serial.toUpperCase()}`)
    .digest('hex');
  return join(dir, `${key.slice(0, 32)}.json`);
}

function isInfo(value: unknown): value is RevocationInfo {
  const v = value as Record<string, unknown> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    KEPT.includes(v.status as RevocationInfo['status']) &&
    (v.source === 'ocsp' || v.source === 'crl') &&
    typeof v.checkedAt === 'string' &&
    typeof v.thisUpdate === 'string' &&
    typeof v.nextUpdate === 'string'
  );
}

export async function readCached(file: string, now: Date): Promise<RevocationInfo | null> {
  let info: unknown;
  try {
    info = JSON.parse(
      (await readRegularFile(file, { maxBytes: MAX_ENTRY_BYTES })).toString('utf8'),
    );
  } catch {
    return null;
  }
  if (!isInfo(info)) return null;
  const t = now.getTime();
  // Past nextUpdate it is stale; a checkedAt in the future means the clock went back.
  if (Date.parse(info.nextUpdate!) <= t || Date.parse(info.checkedAt!) > t + CLOCK_SKEW_MS)
    return null;
  return info;
}

export async function writeCached(file: string, info: RevocationInfo): Promise<void> {
  if (!KEPT.includes(info.status) || !info.nextUpdate) return;
  await writePrivateFile(file, JSON.stringify(info) + '\n');
}
