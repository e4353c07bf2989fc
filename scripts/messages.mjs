// The launcher's messages, read straight from the locale files: the launcher runs before
// `npm install` has happened, so it can use nothing but Node itself.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function createSay(root) {
  const catalogs = ['zh-TW', 'en'].map((lang) => {
    try {
      return JSON.parse(readFileSync(join(root, 'resources', 'locales', lang, 'ui.json'), 'utf8'));
    } catch {
      return {};
    }
  });
  /** One message in zh-TW, then English, on stdout. */
  return function say(key, params = {}) {
    for (const catalog of catalogs) {
      const text = catalog[key] ?? key;
      console.log(
        text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m)),
      );
    }
  };
}
