// Runs a module the way Electron's utilityProcess does, in a plain Node child process: the
// module talks to its parent through process.parentPort (messages arrive as { data }) and
// sees no process.send. Used by test/helpers/fake-utility-process.ts.
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';

const send = process.send.bind(process);
const parentPort = new EventEmitter();
parentPort.postMessage = (message) => send(message);
// Like Electron's port, messages wait until the module listens for them.
const waiting = [];
process.on('message', (message) => {
  if (parentPort.listenerCount('message') > 0) parentPort.emit('message', { data: message });
  else waiting.push(message);
});
parentPort.on('newListener', (event) => {
  if (event !== 'message') return;
  setImmediate(() => {
    for (const message of waiting.splice(0)) parentPort.emit('message', { data: message });
  });
});
// A utility process ends with the app that started it.
process.on('disconnect', () => process.exit(0));
process.parentPort = parentPort;
process.send = undefined;

const [modulePath] = process.argv.splice(2, 1);
await import(pathToFileURL(modulePath).href);
