import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';

/**
 * Who may import whom (docs/architecture.md draws the same picture). Each layer lists the
 * folders it may import from; everything else under src/, src-main/ and src-renderer/ is
 * refused. Lower layers never know the ones above them.
 */
export const LAYERS = {
  'src/core': [],
  'src/card': ['src/core'],
  'src/certs': ['src/core'],
  'src/advisor': ['src/core'],
  'src/updates': ['src/core'],
  'src/platform': ['src/core'],
  'src/virtual-card': ['src/core', 'src/card', 'src/platform'],
  'src/sources': ['src/core', 'src/card', 'src/certs', 'src/platform', 'src/virtual-card'],
  'src/service': [
    'src/core',
    'src/card',
    'src/certs',
    'src/advisor',
    'src/platform',
    'src/virtual-card',
    'src/sources',
  ],
  'src/cli': [
    'src/core',
    'src/card',
    'src/certs',
    'src/advisor',
    'src/platform',
    'src/virtual-card',
    'src/sources',
    'src/service',
  ],
  'src-main': ['src/core', 'src/card', 'src/updates', 'src/platform', 'src/sources', 'src/service'],
  // The page runs in a sandbox without Node: only pure modules, named one by one.
  'src-renderer': [
    'src/core',
    'src/advisor',
    'src/card/pin-policy.ts',
    'src/certs/holder.ts',
    'src/service/contract.ts',
    'src/service/bridge-protocol.ts',
    // Pure: which addresses are MOICA's, so a text's MOICA address can become a link.
    'src/service/external-url.ts',
    'src/service/diagnostics/types.ts',
    'src/service/diagnostics/localize.ts',
    'src/service/diagnostics/text.ts',
    'src/service/diagnostics/trace.ts',
    'src/service/diagnostics/report-file.ts',
    'src/service/self-test-text.ts',
    'src/service/other-card-text.ts',
    'src/service/known-cards/reminder-text.ts',
  ],
};

const TOP = ['src', 'src-main', 'src-renderer'];

/** One no-restricted-paths zone per layer: everything in TOP but itself and what it lists. */
function layerZones() {
  return Object.entries(LAYERS).flatMap(([layer, allowed]) => {
    const own = [layer, ...allowed];
    return TOP.map((top) => {
      // Paths in `except` are relative to `from`.
      const except = own
        .filter((path) => path === top || path.startsWith(`${top}/`))
        .map((path) => (path === top ? '.' : `./${path.slice(top.length + 1)}`));
      return { target: `./${layer}`, from: `./${top}`, except, message: `(layer ${layer})` };
    }).filter((zone) => !zone.except.includes('.'));
  });
}

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'coverage', 'docs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'src-main/**/*.ts', 'src-renderer/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver()] },
    rules: { 'import-x/no-restricted-paths': ['error', { zones: layerZones() }] },
  },
  {
    // The core must stay free of Electron and the UI; native addons only where they belong.
    files: ['src/**/*.ts'],
    ignores: ['src/sources/pcsc/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['electron', 'pcsclite', 'react', 'react-dom', 'zustand'] },
      ],
    },
  },
  {
    files: ['src/sources/pcsc/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['electron', 'react', 'react-dom', 'zustand'] }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'pcsclite', 'pkcs11js', 'ws', 'node-forge'],
          patterns: [{ group: ['node:*'], message: 'The page has no Node.js.' }],
        },
      ],
    },
  },
);
