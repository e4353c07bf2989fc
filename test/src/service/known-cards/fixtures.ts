/** Status reports of virtual cards, to remember in tests of the known-cards store. */
import { readCardStatus, type CardStatusReport } from '../../../../src/service/card-status';
import { createVirtualSource, DEMO_READER } from '../../../../src/sources/virtual-source';
import type { ScenarioName } from '../../../../src/virtual-card';

export const NOW = new Date('2026-12-03T02:00:00Z');

export async function reportFor(
  options: { cardNumber?: string; name?: string; scenario?: ScenarioName; now?: Date } = {},
): Promise<CardStatusReport> {
  const now = () => options.now ?? NOW;
  const source = await createVirtualSource(
    [
      {
        reader: DEMO_READER,
        card: {
          scenario: options.scenario ?? 'fresh',
          now,
          holder: { cardNumber: options.cardNumber, name: options.name },
        },
      },
    ],
    { now },
  );
  try {
    const reader = source.readers().find((r) => r.name === DEMO_READER)!;
    return await readCardStatus(source, reader, { now: now() });
  } finally {
    await source.close();
  }
}
