/**
 * native/linux/polkit/50-citizen-card-manager.rules, run the way polkitd runs it: an ES5
 * script that calls polkit.addRule, then the rule asked about pcscd's two actions.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

const RULE = join(__dirname, '..', '..', 'native/linux/polkit/50-citizen-card-manager.rules');
const source = readFileSync(RULE, 'utf8');
const acorn = createRequire(import.meta.url)('acorn') as {
  parse(code: string, options: { ecmaVersion: number }): unknown;
};

const Result = { YES: 'yes', NO: 'no', NOT_HANDLED: null } as const;
type Decision = 'yes' | 'no' | null;

interface Subject {
  local: boolean;
  active: boolean;
  groups: string[];
}

function loadRule(): (actionId: string, subject: Subject) => Decision {
  const rules: Array<(action: unknown, subject: unknown) => Decision> = [];
  runInNewContext(source, {
    polkit: {
      Result,
      addRule: (rule: (action: unknown, subject: unknown) => Decision) => rules.push(rule),
    },
  });
  expect(rules).toHaveLength(1);
  return (id, subject) =>
    rules[0]!(
      { id },
      {
        local: subject.local,
        active: subject.active,
        isInGroup: (group: string) => subject.groups.includes(group),
      },
    );
}

const PCSC = 'org.debian.pcsc-lite.access_pcsc';
const CARD = 'org.debian.pcsc-lite.access_card';
const atDesk: Subject = { local: true, active: true, groups: [] };
const remote: Subject = { local: false, active: true, groups: [] };

describe('the polkit rule for pcscd', () => {
  it('is plain ES5, which is all polkit runs', () => {
    expect(() => acorn.parse(source, { ecmaVersion: 5 })).not.toThrow();
  });

  it('lets the person at the computer use the reader and the card (both actions)', () => {
    const rule = loadRule();
    expect(rule(PCSC, atDesk)).toBe('yes');
    expect(rule(CARD, atDesk)).toBe('yes');
  });

  it('lets members of the citizen-card group in from remote or inactive sessions', () => {
    const rule = loadRule();
    const member = { ...remote, groups: ['users', 'citizen-card'] };
    expect(rule(PCSC, member)).toBe('yes');
    expect(rule(CARD, { ...member, active: false })).toBe('yes');
  });

  it('leaves everyone else to the other rules, and never refuses', () => {
    const rule = loadRule();
    expect(rule(PCSC, remote)).toBeNull();
    expect(rule(CARD, { local: true, active: false, groups: [] })).toBeNull();
  });

  it('says nothing about any other action', () => {
    const rule = loadRule();
    for (const id of ['org.freedesktop.login1.reboot', 'org.debian.pcsc-lite.other']) {
      expect(rule(id, { ...atDesk, groups: ['citizen-card'] })).toBeNull();
    }
  });
});
