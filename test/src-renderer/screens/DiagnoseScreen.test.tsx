/**
 * The Diagnose screen, rendered to HTML in Node from the real report of a locked virtual
 * card: what a person sees, the switches it sends, and that the report follows the language.
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
import { reportFileName } from '../../../src-renderer/view/report-file';
import type { VirtualCardSource } from '../../../src/sources/virtual-source';
import { runDiagnostics } from '../../../src/service/diagnostics';
import type { DiagnoseRequest } from '../../../src/service/contract';
import { FakeCardApi, fail, ok, settle } from '../fake-card-api';
import { baseDeps, opened, READER, virtualReaders } from '../../src/service/diagnostics/helpers';

let source: VirtualCardSource | null = null;
afterEach(async () => {
  await source?.close();
  source = null;
});

/** A fake API whose diagnose answers with a real report of a locked virtual card. */
async function apiWithLockedCard(): Promise<FakeCardApi> {
  source = await virtualReaders({ [READER]: 'locked' });
  const s = source;
  const api = new FakeCardApi();
  api.defaults.diagnose = ((request: DiagnoseRequest) =>
    runDiagnostics(baseDeps({ ...request, openSource: async () => opened(s) })).then(ok)) as never;
  return api;
}

async function page(api: FakeCardApi, lang: 'zh-TW' | 'en' = 'en') {
  const cards = createCardStore({ api });
  await cards.getState().start();
  await settle();
  cards.getState().setScreen('diagnose');
  cards.getState().setLang(lang);
  const diagnose = createDiagnoseStore(api);
  const html = () =>
    renderToStaticMarkup(
      <CardStoreContext.Provider value={cards}>
        <DiagnoseStoreContext.Provider value={diagnose}>
          <App />
        </DiagnoseStoreContext.Provider>
      </CardStoreContext.Provider>,
    );
  return { cards, diagnose, html };
}

function severityOf(markup: string, id: string): string | null {
  return new RegExp(`data-testid="finding-${id}" data-severity="(\\w+)"`).exec(markup)?.[1] ?? null;
}

describe('the Diagnose screen', () => {
  it('has its own tab, and offers one button before any report', async () => {
    const { html } = await page(new FakeCardApi());
    const markup = html();
    expect(markup).toContain('data-testid="tab-diagnose"');
    expect(markup).toContain('Diagnose 診斷');
    expect(markup).toContain('data-testid="diagnose-run"');
    expect(markup).not.toContain('data-testid="diagnose-report"');
  });

  it('shows every finding with its severity in words, the remedy and rule IDs, masked', async () => {
    const api = await apiWithLockedCard();
    const { diagnose, html } = await page(api);
    await diagnose.getState().run('en');
    const markup = html();
    expect(api.callsOf('diagnose')).toEqual([{ lang: 'en', unmask: false, trace: false }]);
    expect(severityOf(markup, 'card.pin')).toBe('error');
    expect(markup).toContain('PIN locked');
    expect(markup).toContain('Rules: R-PIN-LOCK · R-UNLOCK-ONLINE · R-USERCODE-RESET');
    expect(markup).toMatch(/data-testid="diagnose-summary"[^>]*>\d+ error\(s\)/);
    expect(markup).toContain('TP03********5678');
    expect(markup).not.toContain('TP03000012345678');
    expect(markup).not.toContain('王小明');
    expect(markup).not.toContain('data-testid="diagnose-trace"');
  });

  it('"show card number and name" makes the report again, unmasked', async () => {
    const api = await apiWithLockedCard();
    const { diagnose, html } = await page(api);
    await diagnose.getState().run('en');
    await diagnose.getState().setUnmask(true, 'en');
    expect(api.callsOf('diagnose').at(-1)).toEqual({ lang: 'en', unmask: true, trace: false });
    expect(html()).toContain('TP03000012345678');
  });

  it('the trace switch adds the APDU trace, with the empty VERIFY and no PIN byte', async () => {
    const api = await apiWithLockedCard();
    const { diagnose, html } = await page(api);
    diagnose.getState().setTrace(true);
    await diagnose.getState().run('en');
    const trace = /data-testid="diagnose-trace">([^<]*)</.exec(html())?.[1] ?? '';
    expect(trace).toContain('&gt; 00 20 00 01');
    expect(trace).toContain('bytes hidden');
  });

  it('follows the language switch without running again', async () => {
    const api = await apiWithLockedCard();
    const { cards, diagnose, html } = await page(api);
    await diagnose.getState().run('en');
    cards.getState().setLang('zh-TW');
    const markup = html();
    expect(markup).toContain('PIN 碼已鎖住');
    expect(markup).toContain('錯誤');
    expect(api.callsOf('diagnose')).toHaveLength(1);
  });

  it('an error from the main process is shown as an alert', async () => {
    const api = new FakeCardApi();
    api.queue('diagnose', fail('internal', 'error.internal', { detail: 'x' }));
    const { diagnose, html } = await page(api);
    await diagnose.getState().run('en');
    expect(html()).toMatch(/data-testid="diagnose-error"/);
  });

  it('saves under a sortable file name', () => {
    expect(reportFileName('2026-11-27T11:30:05.123Z', 'txt')).toBe(
      'citizen-card-diagnose-2026-11-27T1130.txt',
    );
  });
});
