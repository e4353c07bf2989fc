/**
 * `npm run bench`, first part (no PC/SC): build the app and print the size of the production
 * renderer against its target (bench/renderer-size.ts, docs/benchmark.md "Renderer size").
 * Exits 1 when the target is not met.
 */
import { fileURLToPath } from 'node:url';
import { buildRenderer, measureRenderer, rendererSizeLines } from './renderer-size';

const root = fileURLToPath(new URL('..', import.meta.url));
buildRenderer(root);
const size = measureRenderer(root);
console.log([...rendererSizeLines(size), ''].join('\n'));
process.exit(size.pass ? 0 : 1);
