/**
 * Insert → card on screen: from the moment a virtual card connects to vpcd (the card is
 * "in the reader") to the moment the page shows its card number, the card read included.
 * The page notes the moment itself (a MutationObserver, no polling), so the figure is not
 * coarsened by how often a test looks. Shared by the end-to-end suite, which records it,
 * and `npm run bench`, which reports it (docs/benchmark.md "Insert to screen").
 */
import { createVirtualCard, type ScenarioName } from '../../src/virtual-card';
import { connectToVpcd, vpcdReaderName } from '../../src/virtual-card/vpcd-link';
import { until, type AppPage, type RunningApp } from './harness';

/**
 * The page-side watch, as source text: `tsx` (npm run bench) would wrap a function written
 * here in a helper the page does not have.
 */
function watchFor(cardNumber: string): string {
  // `void`: the page must not wait for the promise here, only keep it for later.
  return `void (window.__ccmCardShown = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const element = document.querySelector('[data-testid="card-number"]');
      if (!element || element.textContent !== ${JSON.stringify(cardNumber)}) return;
      observer.disconnect();
      resolve(Date.now());
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  }))`;
}

export interface InsertTiming {
  /** Connect → the card number on the page: what the person waits for. */
  total: number;
  /** Connect → the card service announcing the card (pcscd's polling, about 400 ms apart). */
  noticed: number;
}

/** How often pcscd asks a slot whether a card is there (docs/pcsc-linux.md "Speed"). */
const PCSCD_POLL_MS = 400;

/** One insertion, measured; the card is pulled again and gone from the service afterwards. */
export async function insertToScreen(
  running: RunningApp,
  app: AppPage,
  scenario: ScenarioName = 'fresh',
  slot = 0,
): Promise<InsertTiming> {
  const reader = vpcdReaderName(slot);
  const present = (yes: boolean) =>
    running.host.source.readers().some((r) => r.name === reader && r.cardPresent === yes);
  const card = await createVirtualCard({ scenario });
  // pcscd may still call a pulled virtual card present for up to 400 ms (pcsc-linux.md).
  await until(() => present(false), `${reader} empty`);
  // The last card's number must be off the page before the watch starts.
  await app.tid('card-number').waitFor({ state: 'detached' });
  // pcscd polls a slot about every 400 ms, and the wait above ends right after one poll:
  // inserting now would always meet the longest wait. A person inserts at any moment, so
  // the insertion falls anywhere in the poll period.
  await new Promise((resolve) => setTimeout(resolve, Math.random() * PCSCD_POLL_MS));
  await app.page.evaluate(watchFor(card.cardNumber));
  let noticedAt = 0;
  const onInserted = (event: { reader: string }) => {
    if (event.reader === reader && noticedAt === 0) noticedAt = Date.now();
  };
  running.host.source.on('card-inserted', onInserted);
  const link = await connectToVpcd(card, { slot });
  const connected = Date.now();
  try {
    const shownAt = (await app.page.evaluate('window.__ccmCardShown')) as number;
    return { total: shownAt - connected, noticed: noticedAt - connected };
  } finally {
    running.host.source.off('card-inserted', onInserted);
    await link.remove();
    await until(() => present(false), `${reader} empty again`);
  }
}

/** `count` insertions one after another (after one not counted, to warm the page up). */
export async function insertLatencies(
  running: RunningApp,
  app: AppPage,
  count: number,
  scenario: ScenarioName = 'fresh',
): Promise<InsertTiming[]> {
  await insertToScreen(running, app, scenario);
  const samples: InsertTiming[] = [];
  for (let i = 0; i < count; i++) samples.push(await insertToScreen(running, app, scenario));
  return samples;
}
