/**
 * `electron-vite build` → out/main (ESM, Node target), out/preload (one CommonJS file, as a
 * sandboxed preload must be), out/renderer (the React page, also served by the browser
 * host). None of it needs the Electron binary.
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: {
          // out/main/index.js: package.json "main" and electron-builder.yml name this file.
          index: resolve('src-main/electron/main.ts'),
          // out/main/pkcs11-worker.js: the process that loads the vendor's PKCS#11 module,
          // started as a utility process by src-main/electron/app.ts from next to index.js
          // (docs/pkcs11.md).
          'pkcs11-worker': resolve('src/card/pkcs11/worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads cannot load ES modules or anything from node_modules.
      externalizeDeps: false,
      rolldownOptions: {
        input: { preload: resolve('src-main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [react()],
    resolve: {
      alias: [
        // The page never says what only the command line (src/cli, the reader choice of
        // src/sources) or the desktop updater (src-main/electron/updater.ts) says: those
        // catalogues stay out of the renderer, some 6 kB gzip (docs/benchmark.md, Renderer
        // size; test/build/renderer-messages.test.ts).
        {
          find: /^.*\/resources\/locales\/(zh-TW|en)\/(cli|updates)\.json$/,
          replacement: resolve('src-renderer/no-messages.json'),
        },
        // The page loads only the language it shows: src/core/i18n/index.ts's catalogue (the
        // only './catalog' the page imports, test/build/renderer-messages.test.ts) becomes one
        // that fetches each language's chunk on demand (docs/benchmark.md, Renderer size).
        {
          find: /^\.\/catalog$/,
          replacement: resolve('src-renderer/i18n/catalog-on-demand.ts'),
        },
      ],
    },
    build: {
      outDir: resolve('out/renderer'),
      // electron-vite leaves the renderer unminified by default; minified it is half the size
      // (docs/benchmark.md, Renderer size).
      minify: true,
      rolldownOptions: { input: resolve('src-renderer/index.html') },
    },
  },
});
