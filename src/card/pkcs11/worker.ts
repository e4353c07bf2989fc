/**
 * Entry point of the PKCS#11 worker process: Electron's utilityProcess in the app (no
 * runAsNode fuse needed), Node's child_process.fork for the CLI, the browser host and the
 * tests. It loads the vendor's module and answers one request at a time. It prints nothing:
 * stdout and stderr belong to the module, and a secret must never reach a log.
 */
import { isWorkerRequest, ModuleSession } from './worker-ops';
import type { WorkerResponse } from './protocol';

/** Electron's `process.parentPort` in a utility process (not in Node's typings). */
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

/** How this process talks to the app, whichever started it. */
interface Channel {
  reply(response: WorkerResponse): void;
  onRequest(listener: (message: unknown) => void): void;
  /** After answering `exit`: let the app see the process end. */
  close(): void;
}

const session = new ModuleSession();

function shutdown(code: number): never {
  try {
    session.finalize();
  } catch {
    // Exiting anyway: the module's state dies with the process.
  }
  process.exit(code);
}

function utilityChannel(port: ParentPort): Channel {
  return {
    reply: (response) => port.postMessage(response),
    onRequest: (listener) => port.on('message', (event) => listener(event.data)),
    // A utility process has no channel to disconnect: it ends itself.
    close: () => shutdown(0),
  };
}

function forkChannel(send: (message: unknown) => unknown): Channel {
  // The app closed the channel (it exited, or asked us to stop): finalize and go.
  process.on('disconnect', () => shutdown(0));
  return {
    reply: (response) => send(response),
    onRequest: (listener) => process.on('message', listener),
    close: () => process.disconnect(),
  };
}

function openChannel(): Channel | null {
  const port = (process as { parentPort?: ParentPort }).parentPort;
  if (port) return utilityChannel(port);
  if (process.send) return forkChannel(process.send.bind(process));
  return null;
}

const channel = openChannel();
if (!channel) {
  // Started by hand: there is nobody to answer.
  process.exit(2);
}

channel.onRequest((message) => {
  if (!isWorkerRequest(message)) return;
  try {
    const value = session.handle(message);
    channel.reply({ id: message.id, ok: true, value });
  } catch (err) {
    channel.reply({ id: message.id, ok: false, failure: session.failureOf(err) });
  }
  if (message.op === 'exit') channel.close();
});
