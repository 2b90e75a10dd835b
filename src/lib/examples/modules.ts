/**
 * Provisions the module configurations in a throw-away folder (module-setups.ts says how each is
 * set up). Each token gets the ECDSA P-256 key pair from the examples' own keygen
 * (C_GenerateKeyPair), except the card, whose RSA-2048 key is made with its NSS database. A
 * missing module is an error, never a skip.
 */
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { MODULE_IDS, type ModuleId } from './catalog';
import { MODULE_PACKAGES, modulePaths, packageVersions } from './host-modules';
import { keygen } from './keygen';
import { setRunMarker, type ModuleConfig, type Provisioned } from './module-config';
import { MODULE_SETUPS, type Server } from './module-setups';
import type { Service } from './service';

/**
 * Provisions the requested module configurations; build the examples first (keygen, and the
 * reference module and its daemon in `<binDir>/module`).
 */
export async function provisionModules(
  binDir: string,
  ids: readonly ModuleId[] = MODULE_IDS,
  marker = `p11ex-${process.pid}-${Date.now()}`,
): Promise<Provisioned> {
  setRunMarker(marker);
  const paths = await modulePaths();
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'p11ex-'));
  // Traversable by the unprivileged uid of the proxy case; each folder inside is private.
  await chmod(workDir, 0o755);
  const servers: Server[] = [];
  const services: Service[] = [];
  let disposed = false;
  const dispose = async (): Promise<void> => {
    if (disposed) return;
    disposed = true;
    for (const server of [...servers].reverse()) await server.stop();
    await rm(workDir, { recursive: true, force: true });
  };
  const configs: ModuleConfig[] = [];
  try {
    for (const id of ids) {
      const dir = path.join(workDir, id);
      await mkdir(dir, { mode: 0o700 });
      const setUp = await MODULE_SETUPS[id]({ id, dir, binDir, paths });
      servers.push(...setUp.servers);
      services.push(...setUp.services);
      const info = await keygen(binDir, setUp.config);
      const packages = await packageVersions(MODULE_PACKAGES[id]);
      configs.push({ ...setUp.config, info: { ...info, packages } });
    }
  } catch (error) {
    await dispose();
    throw error;
  }
  const deaths = (): string[] =>
    services.map((service) => service.death()).filter((d): d is string => d !== undefined);
  return { workDir, configs, services, deaths, dispose };
}
