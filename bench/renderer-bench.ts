/**
 * `npm run bench`, first part (no PC/SC): build the app and print the size of the production
 * renderer, and of what loads before its first screen in each language against the target
 * (bench/renderer-size.ts, docs/benchmark.md "Renderer size"). Exits 1 when a language's
 * first screen misses it.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRenderer, measureRenderer, rendererSizeLines } from './renderer-size';

const root = fileURLToPath(new URL('..', import.meta.url));
buildRenderer(root);
const size = measureRenderer(join(root, 'out', 'renderer'));
console.log([...rendererSizeLines(size), ''].join('\n'));
process.exit(size.pass ? 0 : 1);
