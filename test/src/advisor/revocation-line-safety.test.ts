/**
 * The responder or CRL address in the issuer-status line comes from the certificate: a
 * control character in it is shown escaped, never acted on (docs/cli.md "Terminal safety").
 */
import { describe, expect, it } from 'vitest';
import { revocationLine } from '../../../src/advisor/revocation-text';
import type { RevocationInfo } from '../../../src/core/model';
import { outputControls } from '../../helpers/terminal';

const info: RevocationInfo = {
  status: 'good',
  source: 'ocsp',
  checkedAt: '2026-12-03T01:00:00Z',
  thisUpdate: null,
  nextUpdate: null,
  revokedAt: null,
  reason: null,
  url: 'http://ocsp.example/\r\u001b[2K\u001b]0;x\u0007\nGood',
  problem: null,
};

describe('the issuer-status line', () => {
  it('shows a hostile responder address escaped, on one line', () => {
    for (const lang of ['en', 'zh-TW'] as const) {
      const line = revocationLine(info, lang);
      expect(outputControls(line)).toEqual([]);
      expect(line).not.toContain('\n');
      expect(line).toContain('http://ocsp.example/\\x0d\\x1b[2K\\x1b]0;x\\x07\\x0aGood');
    }
  });
});
