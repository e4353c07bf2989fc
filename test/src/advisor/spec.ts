/** The authoritative rules file, read by the tests that must follow it to the letter. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AdvisorResult } from '../../../src/core/model';

export const SPEC_PATH = fileURLToPath(new URL('../../../docs/citizen-rules.md', import.meta.url));

export function specText(): string {
  return readFileSync(SPEC_PATH, 'utf8');
}

/** Every rule and convention ID the spec defines (bold at the start of a bullet). */
export function specRuleIds(): string[] {
  const ids = [...specText().matchAll(/^\s*-\s+\*\*([RC]-[A-Z0-9-]+)\*\*/gm)].map((m) => m[1]!);
  return [...new Set(ids)].sort();
}

/** The example object under "What the advisor returns". */
export function specExample(): AdvisorResult {
  const block = /## What the advisor returns[\s\S]*?```json\n([\s\S]*?)```/.exec(specText());
  if (!block) throw new Error(`no JSON example found in ${SPEC_PATH}`);
  return JSON.parse(block[1]!) as AdvisorResult;
}
