#!/usr/bin/env node
// Runs the TypeScript CLI straight from the checkout, so `npx citizen-card` works after
// `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
// src/ may not load the native PC/SC addon; the entry point wires the card service in, and
// only when a command needs it (--virtual never loads it).
const services = {
  openPcsc: async () => (await import('../src/sources/pcsc/index.ts')).createCardService(),
};
const code = await runCli(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env },
  services,
);
process.exitCode = code;
