import { describe, expect, it } from 'vitest';
import { allowedExternalUrl } from '../../../src/service/external-url';

describe('external links', () => {
  it('opens MOICA pages', () => {
    expect(allowedExternalUrl('https://moica.nat.gov.tw/rac_plus.html')).toBe(
      'https://moica.nat.gov.tw/rac_plus.html',
    );
    expect(allowedExternalUrl('https://www.moica.nat.gov.tw/')).toBe(
      'https://www.moica.nat.gov.tw/',
    );
    // The same site written differently is the same page.
    expect(allowedExternalUrl('HTTPS://MOICA.nat.gov.tw:443/a?b=1')).toBe(
      'https://moica.nat.gov.tw/a?b=1',
    );
  });

  it('refuses look-alikes, other schemes, ports and credentials', () => {
    for (const url of [
      'http://moica.nat.gov.tw/',
      'https://moica.nat.gov.tw.evil.example/',
      'https://moica.nat.gov.tw@evil.example/',
      'https://evil.example/https://moica.nat.gov.tw/',
      'https://moica.nat.gov.tw:8443/',
      'https://user:pw@moica.nat.gov.tw/',
      'https://xmoica.nat.gov.tw/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'moica.nat.gov.tw',
      '',
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
