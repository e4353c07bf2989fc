/**
 * Why this test exists: the IPC contract promises that a channel declared in CONTRACT
 * (src/service/contract.ts) cannot ship without a validator and a handler, and that the
 * preload, the browser bridge and the Electron registrar need no edit for it. Those are
 * promises about what `npm run typecheck` rejects, so the test runs the TypeScript checker
 * itself on a copy of the contract with one more channel (held in memory; no file in the
 * checkout changes) and expects exactly those errors, in exactly those files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../helpers/project-root';

const CONTRACT_FILE = join(PROJECT_ROOT, 'src/service/contract.ts');
const DECLARATION = 'export const CONTRACT = Object.freeze({\n';

/** Must fail once a channel is added without its validator or handler (or test sample). */
const MUST_FAIL = [
  'src/service/validate.ts',
  'src/service/handlers.ts',
  'test/helpers/ipc-requests.ts',
];
/** Must take a new channel without an edit. */
const MUST_PASS = [
  'src/service/contract.ts',
  'src-main/electron/preload-api.ts',
  'src-main/electron/preload.ts',
  'src-main/electron/ipc.ts',
  'src-main/electron/app.ts',
  'src-main/browser-host/server.ts',
  'src-renderer/api/bridge-client.ts',
];

const options = (() => {
  const config = ts.readConfigFile(join(PROJECT_ROOT, 'tsconfig.json'), (p) => ts.sys.readFile(p));
  return ts.parseJsonConfigFileContent(config.config, ts.sys, PROJECT_ROOT).options;
})();

/** The contract with `entry` added as its first channel. */
function contractWith(entry: string): string {
  const text = readFileSync(CONTRACT_FILE, 'utf8');
  expect(text).toContain(DECLARATION);
  return text.replace(DECLARATION, `${DECLARATION}  ${entry}\n`);
}

// Parsed files are kept between the checks (as an editor's language service does): only the
// patched contract is parsed again, which keeps the second check to a second or two.
const host = ts.createCompilerHost(options, true);
const readSource = host.getSourceFile.bind(host);
const parsed = new Map<string, ts.SourceFile | undefined>();
let patchedContract = '';
host.getSourceFile = (fileName, language, onError) => {
  if (fileName === CONTRACT_FILE)
    return ts.createSourceFile(fileName, patchedContract, language, true);
  if (!parsed.has(fileName)) parsed.set(fileName, readSource(fileName, language, onError));
  return parsed.get(fileName);
};
let previous: ts.Program | undefined;

/** Type-checks `files` with contract.ts replaced by `contract`: the messages per file. */
function check(contract: string, files: string[]): Map<string, string[]> {
  patchedContract = contract;
  const rootNames = files.map((f) => join(PROJECT_ROOT, f));
  const program = ts.createProgram({ rootNames, options, host, oldProgram: previous });
  previous = program;
  const errors = new Map<string, string[]>();
  files.forEach((file, i) => {
    const source = program.getSourceFile(rootNames[i]!)!;
    const found = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ].map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    if (found.length > 0) errors.set(file, found);
  });
  return errors;
}

// The checker needs seconds of CPU, more on a busy machine: a timeout, not a speed goal.
const TIMEOUT_MS = 120_000;

describe('the IPC contract, as the type checker sees it', () => {
  it(
    'rejects a new channel until it has a validator and a handler; preload, bridge and registrar need no edit',
    () => {
      const extra = "'test:extra': channel('extraForTest').carries<{ n: number }, boolean>(),";
      const errors = check(contractWith(extra), [...MUST_FAIL, ...MUST_PASS]);
      expect([...errors.keys()].sort()).toEqual([...MUST_FAIL].sort());
      for (const file of MUST_FAIL) {
        // One error each: the complete map (validators, handlers, samples) lacks the channel.
        expect(errors.get(file)).toEqual([
          expect.stringMatching(/Property '"test:extra"' is missing in type/),
        ]);
      }
    },
    TIMEOUT_MS,
  );

  it(
    'rejects two channels that share one CardApi method name',
    () => {
      const twin = "'test:twin': channel('info').carries<void, boolean>(),";
      const errors = check(contractWith(twin), ['src/service/contract.ts']);
      expect(errors.get('src/service/contract.ts')).toEqual([
        expect.stringContaining('two channels share the method info'),
      ]);
    },
    TIMEOUT_MS,
  );
});
