/**
 * The two module configurations that reach their keys through daemons, as hardware users run
 * them: `opensc` (opensc-stack.ts: OpenSC's PKCS#11 module → pcscd → vsmartcard's vpcd reader
 * driver → a virtual CAC card made by libcacard from an NSS database) and `tpm2` (tpm2-stack.ts:
 * tpm2-pkcs11 → tpm2-abrmd on a private session D-Bus → swtpm). Every process runs in the
 * configuration's own folder, is started bounded, and is watched: one that dies is named by
 * `deaths()`. This file holds what both stacks share.
 */
import { existsSync } from 'node:fs';

import type { Service } from './service';

export const OPENSC_PACKAGES = ['opensc-pkcs11', 'pcscd', 'vsmartcard-vpcd', 'libcacard0'];
// tpm2-abrmd does not pull in the TCTI that talks to it (not even as a recommendation): without
// libtss2-tcti-tabrmd0 the module and tpm2_ptool fail with "Could not load tcti".
export const TPM2_PACKAGES = [
  'libtpm2-pkcs11-1',
  'swtpm',
  'tpm2-abrmd',
  'libtss2-tcti-tabrmd0',
  'dbus-daemon',
];

export const OPENSC_HINT =
  'install the Debian packages: pcscd opensc opensc-pkcs11 vsmartcard-vpcd libcacard-dev libnss3-tools (scripts/setup.sh)';
export const TPM2_HINT =
  'install the Debian packages: libtpm2-pkcs11-1 libtpm2-pkcs11-tools swtpm swtpm-tools tpm2-abrmd libtss2-tcti-tabrmd0 dbus-daemon libglib2.0-bin (scripts/setup.sh)';

/** The CAC card's key pair: OpenSC names it after the certificate slot, not after us. */
export const CAC_KEY_LABEL = 'CAC ID Certificate';

/** A running stack of daemons behind one module configuration. */
export interface DeviceStack {
  /** Environment the module (and every example run on it) needs. */
  env: Record<string, string>;
  /** The stack's processes, named as the harness reports them. */
  services: Service[];
}

export function requireProgram(file: string, what: string, hint: string): void {
  if (!existsSync(file)) throw new Error(`${what} not found at ${file}: ${hint}`);
}

/** Starts a stack's daemons in order; if one step fails, stops those already started. */
export async function startStack(
  build: (services: Service[]) => Promise<Record<string, string>>,
): Promise<DeviceStack> {
  const services: Service[] = [];
  try {
    return { env: await build(services), services };
  } catch (error) {
    for (const service of [...services].reverse()) await service.stop();
    throw error;
  }
}
