import { CertificateParseError } from './errors';

const CERTIFICATE_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE']);

// PEM is text; DER almost always holds bytes below 0x09 (tags 02, 06, lengths, zeros).
function looksLikeText(bytes: Buffer): boolean {
  for (const b of bytes) if (b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x7f) return false;
  return true;
}

/** PEM text if the input is PEM, otherwise null (the caller treats it as DER). */
export function pemText(input: Buffer | string): string | null {
  if (typeof input === 'string') return input;
  // Windows editors may save text as UTF-16 with a byte-order mark.
  if (input[0] === 0xff && input[1] === 0xfe) return input.subarray(2).toString('utf16le');
  if (input[0] === 0xfe && input[1] === 0xff) {
    if (input.length % 2 !== 0) throw new CertificateParseError('notCertificateData');
    return Buffer.from(input.subarray(2)).swap16().toString('utf16le');
  }
  if (!input.includes('-----BEGIN ') || !looksLikeText(input)) return null;
  return input.toString('utf8');
}

/**
 * DER of every certificate block in PEM text (RFC 7468). Explanatory text around blocks
 * is allowed, as the RFC says; a block of another kind is an error naming its label.
 */
export function certificatesFromPem(text: string): Buffer[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const ders: Buffer[] = [];
  for (let i = 0; i < lines.length; i++) {
    const begin = /^-----BEGIN ([\x21-\x2c\x2e-\x7e](?:[- ]?[\x21-\x2c\x2e-\x7e])*)?-----\s*$/.exec(
      lines[i]!.trim(),
    );
    if (!begin) continue;
    const label = begin[1] ?? '';
    const end = `-----END ${label}-----`;
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() !== end) {
      if (lines[j]!.trim().startsWith('-----')) break;
      j++;
    }
    if (j >= lines.length || lines[j]!.trim() !== end) {
      throw new CertificateParseError('pemUnterminated', { label });
    }
    if (!CERTIFICATE_LABELS.has(label)) {
      if (/PRIVATE KEY/.test(label)) throw new CertificateParseError('privateKey');
      if (/^PKCS7$|^PKCS #7/.test(label)) throw new CertificateParseError('pkcs7');
      throw new CertificateParseError('wrongPemLabel', { label });
    }
    ders.push(decodeBase64Body(lines.slice(i + 1, j).join('')));
    i = j;
  }
  if (ders.length === 0) throw new CertificateParseError('notCertificateData');
  return ders;
}

function decodeBase64Body(body: string): Buffer {
  const b64 = body.replace(/[ \t]/g, '');
  // Buffer.from(..., 'base64') skips any character it does not know; check strictly first.
  if (b64.length === 0 || b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) {
    throw new CertificateParseError('pemBadBase64');
  }
  return Buffer.from(b64, 'base64');
}

/** PEM text of a DER certificate: 64-character lines, LF line ends, final newline. */
export function toPem(der: Buffer): string {
  const b64 = der.toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
