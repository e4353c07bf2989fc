/**
 * The Diagnose screen starts with the problem (issue 14, item 5): a one-line verdict, the
 * errors and warnings first with their remedies, the rest folded under "all checks"; times
 * in Taipei time, key usages in words, commands as code (no literal backticks), and the app
 * never tells a person to add --unmask.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../src-renderer/App';
import { createCardStore } from '../../../src-renderer/store/card-store';
import {
  createDiagnoseStore,
  DiagnoseStoreContext,
} from '../../../src-renderer/store/diagnose-store';
import { CardStoreContext } from '../../../src-renderer/store/use-card';
import type { VirtualCardSource } from '../../../src/sources/virtual-source';
import { PcscUnavailableError } from '../../../src/core/errors';
import { runDiagnostics } from '../../../src/service/diagnostics';
import type { DiagnoseRequest } from '../../../src/service/contract';
import type { ScenarioName } from '../../../src/virtual-card';
import { FakeCardApi, ok, settle } from '../fake-card-api';
import { baseDeps, opened, READER, virtualReaders } from '../../src/service/diagnostics/helpers';

let source: VirtualCardSource | null = null;
afterEach(async () => {
  await source?.close();
  source = null;
});

/** The page after diagnosing, as the app (not the CLI) runs it. */
async function diagnosed(
  scenario: ScenarioName | 'no-pcsc',
  lang: 'zh-TW' | 'en',
  os: 'linux' | 'win32' = 'linux',
): Promise<string> {
  const s = scenario === 'no-pcsc' ? null : await virtualReaders({ [READER]: scenario });
  source = s;
  const api = new FakeCardApi();
  api.defaults.diagnose = ((request: DiagnoseRequest) =>
    runDiagnostics(
      baseDeps({
        ...request,
        app: { name: 'Citizen Card Manager', version: '9.8.7', runtime: 'electron' },
        os: { platform: os, release: 'test', arch: 'x64' },
        openSource: async () => {
          if (!s) throw new PcscUnavailableError();
          return opened(s);
        },
      }),
    ).then(ok)) as never;
  const cards = createCardStore({ api });
  await cards.getState().start();
  await settle();
  cards.getState().setScreen('diagnose');
  cards.getState().setLang(lang);
  const diagnose = createDiagnoseStore(api);
  await diagnose.getState().run(lang);
  return renderToStaticMarkup(
    <CardStoreContext.Provider value={cards}>
      <DiagnoseStoreContext.Provider value={diagnose}>
        <App />
      </DiagnoseStoreContext.Provider>
    </CardStoreContext.Provider>,
  );
}

/** What is between an element's opening tag and the `end` marker, tags stripped. */
function textOf(markup: string, from: string, end: string): string {
  const at = markup.indexOf(from);
  if (at < 0) throw new Error(`${from} is not on the page`);
  const start = markup.indexOf('>', at) + 1;
  const stop = markup.indexOf(end, start);
  return markup.slice(start, stop < 0 ? undefined : stop).replace(/<[^>]*>/g, '');
}

describe('the Diagnose screen starts with the problem', () => {
  it('a locked card: verdict first, the PIN finding with its remedy before everything else', async () => {
    const markup = await diagnosed('locked', 'zh-TW');
    const verdict = textOf(markup, 'data-testid="diagnose-verdict"', '</p>');
    expect(verdict).toMatch(/^發現 \d+ 個需要處理的問題：PIN 碼已鎖住$/);
    const problems = markup.indexOf('data-testid="diagnose-problems"');
    const folded = markup.indexOf('data-testid="diagnose-all-checks"');
    expect(problems).toBeGreaterThan(markup.indexOf('data-testid="diagnose-verdict"'));
    expect(folded).toBeGreaterThan(problems);
    // The error is in the open list, with its remedy and a link to MOICA's unlock page.
    const open = markup.slice(problems, folded);
    expect(open).toContain('data-testid="finding-card.pin"');
    expect(open).toContain('忘記PIN碼/鎖卡解碼');
    expect(open).toContain('href="https://moica.nat.gov.tw/"');
    expect(open).not.toContain('data-testid="finding-os"');
    // Everything else is folded: a <details> without "open".
    expect(markup.slice(folded - 200, folded + 60)).toMatch(/<details class="panel all-checks"/);
    expect(markup).not.toMatch(/<details[^>]*open[^>]*data-testid="diagnose-all-checks"/);
    expect(markup.slice(folded)).toContain('data-testid="finding-card.identity"');
  });

  it('all well: says so in one line and folds every check', async () => {
    const markup = await diagnosed('fresh', 'en');
    expect(textOf(markup, 'data-testid="diagnose-verdict"', '</p>')).toMatch(
      /All is well|Usable, with/,
    );
    expect(markup).toContain('data-testid="diagnose-all-checks"');
  });

  it('shows times in Taipei time, key usages in words, and no UTC instants', async () => {
    const markup = await diagnosed('fresh', 'zh-TW');
    const text = markup.replace(/<[^>]*>/g, ' ');
    expect(text).toContain('（臺北時間）');
    expect(text).toContain('數位簽章、不可否認');
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    expect(text).not.toContain('digitalSignature');
  });

  it('never shows literal backticks, and never asks to add --unmask', async () => {
    for (const os of ['linux', 'win32'] as const) {
      for (const lang of ['zh-TW', 'en'] as const) {
        const markup = await diagnosed('no-pcsc', lang, os);
        expect(markup).toContain('<code>');
        expect(markup).not.toContain('`');
        await source?.close();
      }
    }
    const masked = await diagnosed('fresh', 'zh-TW');
    expect(masked).not.toContain('--unmask');
    expect(masked).toContain('「顯示卡號、姓名等個人資料」');
  });
});
