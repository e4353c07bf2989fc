import { fileURLToPath } from 'node:url';

/** The checkout's top folder, wherever the test that asks sits below test/. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
