/** The UI's languages, zh-TW first; apart from the catalogues so a loader can name them. */
export const LANGS = ['zh-TW', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** One language's messages, key → text with `{name}` placeholders. */
export type Catalog = Record<string, string>;
