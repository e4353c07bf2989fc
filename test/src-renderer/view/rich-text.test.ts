import { describe, expect, it } from 'vitest';
import { richParts } from '../../../src-renderer/view/rich-text';

describe('rich text', () => {
  it('shows a command in backticks as code, without the backticks', () => {
    expect(richParts('執行 `sudo apt install pcscd`，再試一次。')).toEqual([
      { kind: 'text', text: '執行 ' },
      { kind: 'code', text: 'sudo apt install pcscd' },
      { kind: 'text', text: '，再試一次。' },
    ]);
  });

  it('keeps a phone number on one line', () => {
    expect(richParts('請打 0800-080-117。')).toEqual([
      { kind: 'text', text: '請打 ' },
      { kind: 'nowrap', text: '0800-080-117' },
      { kind: 'text', text: '。' },
    ]);
  });

  it("links MOICA's pages and leaves any other address as text", () => {
    expect(richParts('線上展期：https://moica.nat.gov.tw/renewcert.html。')).toEqual([
      { kind: 'text', text: '線上展期：' },
      {
        kind: 'link',
        text: 'https://moica.nat.gov.tw/renewcert.html',
        url: 'https://moica.nat.gov.tw/renewcert.html',
      },
      { kind: 'text', text: '。' },
    ]);
    expect(richParts('see https://moica.nat.gov.tw.evil.example/x')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'text', text: 'https://moica.nat.gov.tw.evil.example/x' },
    ]);
    expect(richParts('(https://moica.nat.gov.tw/) ok')[1]).toMatchObject({
      kind: 'link',
      url: 'https://moica.nat.gov.tw/',
    });
  });
});

describe('dates', () => {
  it('keep a bracketed Gregorian date on one line', () => {
    expect(richParts('民國116年1月2日 (2027-01-02)。')).toEqual([
      { kind: 'text', text: '民國116年1月2日 ' },
      { kind: 'nowrap', text: '(2027-01-02)' },
      { kind: 'text', text: '。' },
    ]);
  });
});
