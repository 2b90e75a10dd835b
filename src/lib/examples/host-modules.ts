/**
 * Where the host's PKCS #11 modules are (through the multiarch folder, never hard-coded) and
 * which Debian packages, at which versions, each module configuration loads.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import type { ModuleId } from './catalog';
import { OPENSC_PACKAGES, TPM2_PACKAGES } from './device-stacks';
import { runChecked } from './proc';

export async function multiarch(): Promise<string> {
  const { stdout } = await runChecked('gcc', ['-print-multiarch'], { timeoutMs: 10_000 });
  const value = stdout.trim();
  if (!value) throw new Error('gcc -print-multiarch printed nothing; is gcc installed?');
  return value;
}

export async function modulePaths(): Promise<Record<string, string>> {
  const lib = path.join('/usr/lib', await multiarch());
  return {
    softhsm2: path.join(lib, 'softhsm', 'libsofthsm2.so'),
    softokn: path.join(lib, 'libsoftokn3.so'),
    p11KitClient: path.join(lib, 'pkcs11', 'p11-kit-client.so'),
    p11KitProxy: path.join(lib, 'p11-kit-proxy.so'),
    opensc: path.join(lib, 'opensc-pkcs11.so'),
    tpm2: path.join(lib, 'pkcs11', 'libtpm2_pkcs11.so'),
    // Not a module: the TCTI through which tpm2-pkcs11 and tpm2_ptool reach tpm2-abrmd.
    tpm2Tcti: path.join(lib, 'libtss2-tcti-tabrmd.so.0'),
  };
}

export const MODULE_PACKAGES: Record<ModuleId, string[]> = {
  softhsm2: ['libsofthsm2'],
  'softhsm2-reset-on-fork': ['libsofthsm2'],
  'nss-softokn': ['libnss3'],
  'p11-kit-remote': ['p11-kit', 'p11-kit-modules', 'libsofthsm2'],
  'p11-kit-proxy': ['p11-kit-modules', 'libsofthsm2'],
  // The module is built from examples/module; its daemon signs with OpenSSL's libcrypto.
  reference: ['libssl3'],
  opensc: OPENSC_PACKAGES,
  tpm2: TPM2_PACKAGES,
};

export const INSTALL_HINT =
  'install the Debian packages: softhsm2 libsofthsm2 p11-kit p11-kit-modules libnss3 libnss3-tools';

export async function packageVersions(names: string[]): Promise<Record<string, string>> {
  const versions: Record<string, string> = {};
  for (const name of names) {
    const { stdout } = await runChecked('dpkg-query', ['-W', '-f', '${Version}', name], {
      timeoutMs: 10_000,
    });
    versions[name] = stdout.trim();
  }
  return versions;
}

export function requireFile(file: string, what: string, hint = INSTALL_HINT): void {
  if (!existsSync(file)) throw new Error(`${what} not found at ${file}: ${hint}`);
}
