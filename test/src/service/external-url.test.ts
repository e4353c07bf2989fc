import { describe, expect, it } from 'vitest';
import { allowedExternalUrl } from '../../../src/service/external-url';

describe('external links', () => {
  it('opens MOICA pages given in their canonical form', () => {
    for (const url of [
      'https://moica.nat.gov.tw/rac_plus.html',
      'https://www.moica.nat.gov.tw/',
      'https://moica.nat.gov.tw/a?b=1',
      'https://moica.nat.gov.tw/news/%E5%85%AC%E5%91%8A.html#top',
    ]) {
      expect(allowedExternalUrl(url), url).toBe(url);
    }
  });

  it('refuses look-alikes, other schemes, ports and credentials', () => {
    for (const url of [
      'http://moica.nat.gov.tw/',
      'https://moica.nat.gov.tw.evil.example/',
      'https://moica.nat.gov.tw@evil.example/',
      'https://evil.example/https://moica.nat.gov.tw/',
      'https://moica.nat.gov.tw:8443/',
      'https://user:pw@moica.nat.gov.tw/',
      'https://user@moica.nat.gov.tw/',
      'https://xmoica.nat.gov.tw/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'moica.nat.gov.tw',
      '',
    ]) {
      expect(allowedExternalUrl(url), url).toBeNull();
    }
  });

  it('refuses anything crafted for a command line (cmd.exe, sh)', () => {
    for (const url of [
      'https://moica.nat.gov.tw/x&calc.exe',
      'https://moica.nat.gov.tw/a?b=1&c=2',
      'https://moica.nat.gov.tw/x|calc',
      'https://moica.nat.gov.tw/x^&calc',
      'https://moica.nat.gov.tw/x<in',
      'https://moica.nat.gov.tw/x>out',
      'https://moica.nat.gov.tw/"x',
      'https://moica.nat.gov.tw/x`id`',
      'https://moica.nat.gov.tw/x y',
      'https://moica.nat.gov.tw/x\\y',
      'https://moica.nat.gov.tw/x\ty',
      'https://moica.nat.gov.tw/x\r\ny',
      'https://moica.nat.gov.tw/x\u0000',
      'https://moica.nat.gov.tw/公告',
    ]) {
      expect(allowedExternalUrl(url), JSON.stringify(url)).toBeNull();
    }
  });

  it('refuses a URL that is not written the way the parser writes it back', () => {
    for (const url of [
      'HTTPS://MOICA.nat.gov.tw/a?b=1',
      'https://moica.nat.gov.tw:443/',
      'https://moica.nat.gov.tw',
      'https://moica.nat.gov.tw/a/../b',
      'https://moica.nat.gov.tw/a/./b',
      'https://moica.nat.gov.tw./',
      'https:moica.nat.gov.tw/',
      'https:///moica.nat.gov.tw/',
    ]) {
      expect(allowedExternalUrl(url), url).toBeNull();
    }
  });

  it('honours the path prefix of an entry', () => {
    const list = ['https://example.org/help/'];
    expect(allowedExternalUrl('https://example.org/help/pin', list)).toBe(
      'https://example.org/help/pin',
    );
    expect(allowedExternalUrl('https://example.org/helpdesk', list)).toBeNull();
    expect(allowedExternalUrl('https://example.org/help/../admin', list)).toBeNull();
  });
});
