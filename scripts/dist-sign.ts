/**
 * Update signing for the installers in dist/ (src/updates/signature.ts has the format).
 *
 *   tsx scripts/dist-sign.ts keygen --out DIR   make a key pair: the private key goes to
 *       DIR/citizen-card-manager-update-key.pem (mode 600; keep it offline, never commit
 *       it), the public key is printed as the entry to add to src/updates/trusted-keys.ts
 *   tsx scripts/dist-sign.ts sign [--dir dist]  write <installer>.sig.json beside every
 *       installer, with the private key from CCM_UPDATE_SIGNING_KEY (PEM text) or
 *       CCM_UPDATE_SIGNING_KEY_FILE (a path)
 *
 * `sign` refuses a key the app does not pin, since the app would refuse its signatures.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  SIGNATURE_SUFFIX,
  TRUSTED_UPDATE_KEYS,
  keyIdOf,
  rawPublicKeyOf,
  sha512OfFile,
  signUpdate,
  type TrustedKey,
} from '../src/updates';

const root = fileURLToPath(new URL('..', import.meta.url));
export const KEY_FILE_NAME = 'citizen-card-manager-update-key.pem';

/** What electron-builder writes that electron-updater downloads (and people install). */
const INSTALLER = /\.(exe|dmg|zip|AppImage|deb)$/;

export function generateUpdateKey(): { privateKeyPem: string; trusted: TrustedKey } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const privateKeyPem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const raw = rawPublicKeyOf(privateKeyPem);
  return {
    privateKeyPem,
    trusted: { keyId: keyIdOf(raw), publicKey: raw.toString('base64') },
  };
}

export function installersIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => INSTALLER.test(name) && statSync(join(dir, name)).isFile())
    .sort();
}

export interface SignOptions {
  dir: string;
  version: string;
  privateKeyPem: string;
  /** The keys the app pins; signing with any other key is refused. */
  pinned: readonly TrustedKey[];
}

/** Signs every installer in `dir`; returns the signature files written. */
export async function signInstallers(options: SignOptions): Promise<string[]> {
  const keyId = keyIdOf(rawPublicKeyOf(options.privateKeyPem));
  if (!options.pinned.some((key) => key.keyId === keyId)) {
    throw new Error(
      `key ${keyId} is not in src/updates/trusted-keys.ts: the app would refuse its signatures`,
    );
  }
  const written: string[] = [];
  // Only this version's installers: dist/ may still hold older builds.
  const files = installersIn(options.dir).filter((name) => name.includes(options.version));
  for (const file of files) {
    const path = join(options.dir, file);
    const signature = signUpdate(
      {
        file,
        version: options.version,
        size: statSync(path).size,
        sha512: await sha512OfFile(path),
      },
      options.privateKeyPem,
    );
    const out = path + SIGNATURE_SUFFIX;
    writeFileSync(out, JSON.stringify(signature, null, 2) + '\n');
    written.push(out);
  }
  return written;
}

export function signingKeyFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  if (env.CCM_UPDATE_SIGNING_KEY?.trim()) return env.CCM_UPDATE_SIGNING_KEY;
  if (env.CCM_UPDATE_SIGNING_KEY_FILE) return readFileSync(env.CCM_UPDATE_SIGNING_KEY_FILE, 'utf8');
  return undefined;
}

function option(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

async function main(args: readonly string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'keygen') {
    const out = option(rest, '--out');
    if (!out) {
      console.error('usage: dist-sign.ts keygen --out DIR   (a folder outside the repository)');
      return 2;
    }
    const { privateKeyPem, trusted } = generateUpdateKey();
    mkdirSync(out, { recursive: true });
    const keyPath = join(resolve(out), KEY_FILE_NAME);
    writeFileSync(keyPath, privateKeyPem, { mode: 0o600, flag: 'wx' });
    console.error(`private key: ${keyPath} (keep it offline; never commit it)`);
    console.error('add this entry to src/updates/trusted-keys.ts:');
    console.log(JSON.stringify({ ...trusted, note: 'who holds it, since when' }, null, 2));
    return 0;
  }
  if (command === 'sign') {
    const privateKeyPem = signingKeyFromEnv(process.env);
    if (!privateKeyPem) {
      console.error('set CCM_UPDATE_SIGNING_KEY (PEM) or CCM_UPDATE_SIGNING_KEY_FILE (path)');
      return 2;
    }
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      version: string;
    };
    const written = await signInstallers({
      dir: resolve(root, option(rest, '--dir') ?? 'dist'),
      version: pkg.version,
      privateKeyPem,
      pinned: TRUSTED_UPDATE_KEYS,
    });
    if (written.length === 0) console.error('no installers found to sign');
    for (const file of written) console.log(file);
    return written.length ? 0 : 1;
  }
  console.error('usage: dist-sign.ts keygen --out DIR | sign [--dir dist]');
  return 2;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}
