/**
 * Abusing the browser host (docs/reliability.md "Browser host"), running in a process of
 * its own so an uncaught error would end it: fast-check writes connections (with or without
 * the token) carrying any frames at all (every opcode, RSV bits, unmasked, fragmented,
 * lengths that lie, oversized, cut short, reset), then floods it with requests over the
 * WebSocket and with HTTP requests without the token. The host must stay up and answer
 * our page after every case and during the floods.
 */
import { request } from 'node:http';
import fc from 'fast-check';
import WebSocket from 'ws';
import { closedWithin, encodeFrame, rawUpgrade } from '../helpers/raw-websocket';
import { hostAnswers, startStandaloneHost, type StandaloneHost } from '../helpers/standalone-host';
import { checkFailures, type FuzzFigures, type FuzzOptions } from './figures';

const frameSpec = fc.record({
  opcode: fc.oneof(fc.constantFrom(0, 1, 2, 8, 9, 10), fc.nat({ max: 15 })),
  fin: fc.boolean(),
  rsv1: fc.boolean(),
  masked: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, fc.constant(false)),
  payload: fc.oneof(
    fc.uint8Array({ maxLength: 200 }),
    fc.jsonValue({ maxDepth: 2 }).map((v) => new TextEncoder().encode(JSON.stringify(v))),
    fc
      .record({ id: fc.integer(), channel: fc.string({ maxLength: 20 }), request: fc.jsonValue() })
      .map((v) => new TextEncoder().encode(JSON.stringify(v))),
  ),
  announcedLength: fc.option(
    fc.oneof(fc.nat({ max: 300 }), fc.constantFrom(65536, 65537, 2 ** 32, 2 ** 53 - 1)),
    { freq: 4 },
  ),
});

export const connectionCase = fc.record({
  token: fc.oneof({ arbitrary: fc.constant(true), weight: 5 }, fc.constant(false)),
  frames: fc.array(frameSpec, { maxLength: 6 }),
  /** Send only this many bytes of it. */
  cutAt: fc.option(fc.nat({ max: 400 }), { freq: 4 }),
  end: fc.constantFrom('reset' as const, 'close' as const, 'wait' as const),
});
type ConnectionCase = typeof connectionCase extends fc.Arbitrary<infer T> ? T : never;

async function runConnection(host: StandaloneHost, c: ConnectionCase): Promise<void> {
  let socket;
  try {
    ({ socket } = await rawUpgrade(host, { token: c.token }));
  } catch {
    return; // closed during the handshake: the host said no
  }
  let bytes = Buffer.concat(
    c.frames.map((f) =>
      encodeFrame({
        opcode: f.opcode,
        fin: f.fin,
        rsv1: f.rsv1,
        masked: f.masked,
        payload: Buffer.from(f.payload),
        announcedLength: f.announcedLength ?? undefined,
      }),
    ),
  );
  if (c.cutAt !== null) bytes = bytes.subarray(0, c.cutAt);
  socket.write(bytes);
  if (c.end === 'wait') await closedWithin(socket, 50);
  if (c.end === 'reset') socket.resetAndDestroy();
  else socket.destroy();
}

/** `count` bridge requests at once from one connection, while a second one asks once. */
async function websocketFlood(host: StandaloneHost, count: number): Promise<string[]> {
  const problems: string[] = [];
  const url = `ws://127.0.0.1:${host.port}/bridge?token=${host.token}`;
  const flood = new WebSocket(url, { origin: host.origin });
  flood.on('error', () => undefined);
  await new Promise((resolve) => flood.once('open', resolve));
  for (let id = 1; id <= count; id++) flood.send(JSON.stringify({ id, channel: 'app:info' }));
  if (!(await hostAnswers(host))) problems.push('no answer during the WebSocket flood');
  flood.terminate();
  return problems;
}

/** `count` HTTP requests without the token, 50 at a time; each must get its 403. */
async function httpFlood(host: StandaloneHost, count: number): Promise<string[]> {
  let refused = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const req = request(`${host.origin}/`, { agent: false }, (res) => {
        if (res.statusCode === 403) refused++;
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', () => resolve());
      req.end();
    });
  for (let done = 0; done < count; done += 50) {
    await Promise.all(Array.from({ length: Math.min(50, count - done) }, one));
  }
  return refused === count ? [] : [`${count - refused} of ${count} HTTP requests not refused`];
}

export interface HostFuzzOptions extends FuzzOptions {
  /** Requests in each flood (the issue asks for 5,000). */
  flood: number;
}

export async function fuzzBrowserHost(options: HostFuzzOptions): Promise<FuzzFigures> {
  const started = performance.now();
  const figures: FuzzFigures = {
    target: 'browser host',
    cases: 0,
    failures: 0,
    examples: [],
    seconds: 0,
    detail: { connections: 0, floodRequests: 0 },
  };
  const host = await startStandaloneHost();
  try {
    await fc.assert(
      fc.asyncProperty(connectionCase, async (c) => {
        await runConnection(host, c);
        figures.cases++;
        figures.detail.connections!++;
        const problems: string[] = [];
        if (host.exit()) problems.push(`host ended: ${host.exit()}`);
        else if (figures.cases % 100 === 0 && !(await hostAnswers(host))) {
          problems.push('host does not answer');
        }
        checkFailures(figures, problems, c);
        options.progress?.(figures);
        // A dead host fails every later case the same way: stop here.
        return !host.exit();
      }),
      { numRuns: options.runs, seed: options.seed },
    );
    for (const flood of [websocketFlood, httpFlood]) {
      const problems = await flood(host, options.flood);
      figures.cases++;
      figures.detail.floodRequests! += options.flood;
      if (host.exit()) problems.push(`host ended: ${host.exit()}`);
      checkFailures(figures, problems, { flood: flood.name, requests: options.flood });
    }
    if (!host.exit() && !(await hostAnswers(host))) {
      checkFailures(figures, ['host does not answer at the end'], {});
    }
  } catch (err) {
    checkFailures(figures, [`stopped: ${(err as Error).message.split('\n')[0]}`], {});
  } finally {
    host.stop();
  }
  figures.seconds = (performance.now() - started) / 1000;
  return figures;
}
