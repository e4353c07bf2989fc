/**
 * A diagnostic report is made to be pasted into a ticket: unless the person unmasks it, the
 * card number, the holder's name and serial number appear nowhere in it (texts, data,
 * message parameters, APDU trace), in any encoding the card uses.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { VirtualCardSource } from '../../../../src/sources/virtual-source';
import {
  formatReportText,
  maskCardNumber,
  maskName,
  maskSerial,
  runDiagnostics,
} from '../../../../src/service/diagnostics';
import { relocalizeReport } from '../../../../src/service/diagnostics/localize';
import { VIRTUAL_CARD_DEFAULTS } from '../../../../src/virtual-card';
import { baseDeps, only, opened, READER, virtualReaders } from './helpers';

const RAW = [
  VIRTUAL_CARD_DEFAULTS.cardNumber,
  VIRTUAL_CARD_DEFAULTS.holderName,
  VIRTUAL_CARD_DEFAULTS.holderSerialNumber,
];

/** Every way a raw value could show up: as text, and as the hex of its bytes in a trace. */
function forms(value: string): string[] {
  const utf8 = Buffer.from(value, 'utf8');
  return [
    value,
    utf8.toString('hex').toUpperCase(),
    [...utf8].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' '),
  ];
}

let source: VirtualCardSource | null = null;
afterEach(async () => {
  await source?.close();
  source = null;
});

async function report(unmask: boolean, scenario: 'fresh' | 'expired-reapply' = 'fresh') {
  source = await virtualReaders({ [READER]: scenario });
  const s = source;
  return runDiagnostics(baseDeps({ openSource: async () => opened(s), unmask, trace: true }));
}

describe('masks', () => {
  it('keep the ends of a card number and of a Chinese name', () => {
    expect(maskCardNumber('TP03000012345678')).toBe('TP03********5678');
    expect(maskName('王小明')).toBe('王*明');
    expect(maskName('王明')).toBe('王*');
    expect(maskName('歐陽小明')).toBe('歐**明');
    expect(maskName('Wang Xiao Ming')).toBe('W*** X*** M***');
    expect(maskSerial('0000000012345678')).toBe('************5678');
  });
});

describe('a masked report', () => {
  it('contains no raw card number, name or serial anywhere: JSON, text, trace, other language', async () => {
    const r = await report(false);
    expect(r.masked).toBe(true);
    expect(r.trace!.length).toBeGreaterThan(10);
    const documents = [
      JSON.stringify(r),
      formatReportText(r),
      JSON.stringify(relocalizeReport(r, 'zh-TW')),
      formatReportText(relocalizeReport(r, 'zh-TW')),
    ];
    for (const doc of documents) {
      for (const raw of RAW) for (const form of forms(raw)) expect(doc).not.toContain(form);
    }
    const identity = only(r, 'card.identity');
    expect(identity.title).toBe('Card number TP03********5678');
    expect(identity.cause).toContain('Holder: 王*明');
    const sign = r.findings.find((f) => f.id === 'certificate' && f.data.id === 'SIGN')!;
    expect(sign.data.subjectCN).toBe('王*明');
    expect(sign.data.subjectSerialNumber).toBe('************5678');
    expect(sign.data.subject).toContain('王*明');
  });

  it("keeps the trace useful: commands and status words stay, the card's data is counted, not shown", async () => {
    const r = await report(false);
    const commands = r.trace!.filter((e) => e.direction === 'command').map((e) => e.hex);
    expect(commands).toContain('00 20 00 01');
    const responses = r.trace!.filter((e) => e.direction === 'response');
    expect(responses.every((e) => e.reader === READER)).toBe(true);
    expect(responses.some((e) => /^\[\d+ bytes hidden\] 90 00$/.test(e.hex))).toBe(true);
    expect(formatReportText(r)).toContain('> 00 20 00 01');
  });

  it('is masked also where the card is expired and every certificate is reported in detail', async () => {
    const r = await report(false, 'expired-reapply');
    const doc = JSON.stringify(r) + formatReportText(r);
    for (const raw of RAW) expect(doc).not.toContain(raw);
  });
});

describe('an unmasked report (--unmask)', () => {
  it("shows the card number and holder, and the card's answers in the trace", async () => {
    const r = await report(true);
    expect(r.masked).toBe(false);
    const identity = only(r, 'card.identity');
    expect(identity.title).toBe(`Card number ${VIRTUAL_CARD_DEFAULTS.cardNumber}`);
    expect(identity.data.holder).toBe(VIRTUAL_CARD_DEFAULTS.holderName);
    const hexCardNumber = forms(VIRTUAL_CARD_DEFAULTS.cardNumber)[2]!;
    expect(r.trace!.some((e) => e.hex.includes(hexCardNumber))).toBe(true);
    expect(formatReportText(r)).toContain('shown in full');
  });
});
