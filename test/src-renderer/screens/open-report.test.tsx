/**
 * Opening a saved report on the Diagnose screen: shown like a report made here, with a line
 * saying it was not; one sentence for a file that is no report; no run replaces it by
 * surprise.
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
import { runDiagnostics, type DiagnosticReport } from '../../../src/service/diagnostics';
import type { VirtualCardSource } from '../../../src/sources/virtual-source';
import { FakeCardApi, settle } from '../fake-card-api';
import { baseDeps, opened, READER, virtualReaders } from '../../src/service/diagnostics/helpers';

let source: VirtualCardSource | null = null;
afterEach(async () => {
  await source?.close();
  source = null;
});

async function lockedReport(): Promise<DiagnosticReport> {
  source = await virtualReaders({ [READER]: 'locked' });
  const s = source;
  return runDiagnostics(baseDeps({ lang: 'zh-TW', openSource: async () => opened(s) }));
}

async function page(lang: 'zh-TW' | 'en' = 'en') {
  const api = new FakeCardApi();
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
  return { api, diagnose, html };
}

describe('opening a saved report', () => {
  it('offers a button and a drop box before any report', async () => {
    const markup = (await page()).html();
    expect(markup).toContain('data-testid="open-report-button"');
    expect(markup).toContain('Open a saved report');
    expect(markup).toMatch(/<input[^>]*type="file"[^>]*accept=".json,application\/json"/);
  });

  it('shows the saved report in the page language, says where it came from, and asks nothing of main', async () => {
    const report = await lockedReport();
    const p = await page('en');
    p.diagnose.getState().openSaved('ticket-4711.json', JSON.stringify(report, null, 2));
    const markup = p.html();
    expect(markup).toContain('data-testid="open-report-banner"');
    expect(markup).toContain('ticket-4711.json');
    expect(markup).toContain('Nothing was checked on this computer');
    // A zh-TW report follows the English page, as a report made here would.
    expect(markup).toMatch(/data-testid="finding-card.pin" data-severity="error"/);
    expect(markup).toContain('PIN locked');
    expect(p.api.callsOf('diagnose')).toEqual([]);
  });

  it('"show card number and name" does not re-run over a saved report; closing it empties the screen', async () => {
    const report = await lockedReport();
    const p = await page();
    p.diagnose.getState().openSaved('r.json', JSON.stringify(report));
    await p.diagnose.getState().setUnmask(true, 'en');
    expect(p.api.callsOf('diagnose')).toEqual([]);
    expect(p.diagnose.getState().openedFile).toBe('r.json');
    p.diagnose.getState().closeSaved();
    expect(p.diagnose.getState().report).toBeNull();
  });

  it('a file of another schema or a damaged one: one sentence, the previous report stays', async () => {
    const report = await lockedReport();
    const p = await page();
    p.diagnose.getState().openSaved('good.json', JSON.stringify(report));
    p.diagnose.getState().openSaved('new.json', JSON.stringify({ ...report, schema: 9 }));
    let markup = p.html();
    expect(markup).toMatch(/role="alert" data-testid="open-report-error"/);
    expect(markup).toContain('new.json was made by a newer version');
    expect(p.diagnose.getState().openedFile).toBe('good.json');
    p.diagnose.getState().openSaved('cut.json', JSON.stringify(report).slice(0, 100));
    markup = p.html();
    expect(markup).toContain('cut.json is not a diagnostic report saved as JSON');
  });

  it('running the checks replaces the saved report with a live one', async () => {
    const report = await lockedReport();
    const p = await page();
    p.diagnose.getState().openSaved('r.json', JSON.stringify(report));
    await p.diagnose.getState().run('en');
    expect(p.diagnose.getState().openedFile).toBeNull();
    expect(p.html()).not.toContain('data-testid="open-report-banner"');
  });
});
