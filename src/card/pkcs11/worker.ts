/**
 * Entry point of the PKCS#11 worker process (Node child_process.fork; Electron's
 * utilityProcess later). It loads the vendor's module and answers one request at a time.
 * It prints nothing: stdout and stderr belong to the module, and a secret must never
 * reach a log.
 */
import { isWorkerRequest, ModuleSession } from './worker-ops';
import type { WorkerResponse } from './protocol';

const session = new ModuleSession();

function reply(response: WorkerResponse): void {
  process.send?.(response);
}

function shutdown(code: number): never {
  try {
    session.finalize();
  } catch {
    // Exiting anyway: the module's state dies with the process.
  }
  process.exit(code);
}

if (!process.send) {
  // Started by hand: there is nobody to answer.
  process.exit(2);
}

process.on('message', (message: unknown) => {
  if (!isWorkerRequest(message)) return;
  try {
    const value = session.handle(message);
    reply({ id: message.id, ok: true, value });
  } catch (err) {
    reply({ id: message.id, ok: false, failure: session.failureOf(err) });
  }
  if (message.op === 'exit') process.disconnect();
});

// The app closed the channel (it exited, or asked us to stop): finalize and go.
process.on('disconnect', () => shutdown(0));
