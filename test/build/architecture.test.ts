/**
 * docs/architecture.md draws the layers; eslint.config.js enforces them. Both must say the
 * same, or the picture lies about what the lint lets through.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/project-root';

/** The table the lint config builds its zones from (a plain .js file: loaded, not typed). */
const { LAYERS } = (await import(pathToFileURL(join(PROJECT_ROOT, 'eslint.config.js')).href)) as {
  LAYERS: Record<string, string[]>;
};

function documentedLayers(): Record<string, string[]> {
  const text = readFileSync(join(PROJECT_ROOT, 'docs/architecture.md'), 'utf8');
  const table = text.split('<!-- layers:')[1]!;
  const out: Record<string, string[]> = {};
  for (const line of table.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const layer = /^`([^`]+)`$/.exec(cells[1] ?? '')?.[1];
    if (!layer) {
      if (Object.keys(out).length > 0 && !line.startsWith('|')) break;
      continue;
    }
    out[layer] = [...(cells[2] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
  }
  return out;
}

describe('the architecture page and the lint rules', () => {
  it('list the same layers with the same allowed imports', () => {
    expect(documentedLayers()).toEqual(LAYERS);
  });

  it('the lint refuses an import against the direction of the layers', async () => {
    const eslint = new ESLint({ cwd: PROJECT_ROOT });
    const probe = (file: string, code: string) =>
      eslint
        .lintText(code, { filePath: join(PROJECT_ROOT, file) })
        .then(([r]) => r!.messages.map((m) => m.ruleId));
    expect(await probe('src/core/probe.ts', "export { CardDriver } from '../card';\n")).toContain(
      'import-x/no-restricted-paths',
    );
    expect(
      await probe(
        'src-renderer/probe.ts',
        "export { createCardBackend } from '../src/service/handlers';\n",
      ),
    ).toContain('import-x/no-restricted-paths');
    expect(await probe('src/card/probe.ts', "export { t } from '../core/i18n';\n")).toEqual([]);
  });
});
