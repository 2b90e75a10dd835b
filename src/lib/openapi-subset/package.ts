/**
 * Fetches and opens the `@octokit/openapi` package: `npm pack` (from the registry npm is
 * configured with) and `tar`, unpacking only the files needed, since the package is about 400 MB
 * unpacked.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { ConfigurationError } from '../errors';
import { DESCRIPTION_FILE, OPENAPI_PACKAGE, OPENAPI_VERSION } from './operations';

const run = promisify(execFile);

/** Downloads the pinned package into `into`; returns the tarball's path. */
export async function packTarball(into: string, log: (line: string) => void): Promise<string> {
  const spec = `${OPENAPI_PACKAGE}@${OPENAPI_VERSION}`;
  log(`npm pack ${spec} …`);
  try {
    const { stdout } = await run('npm', ['pack', spec, '--pack-destination', into, '--json'], {
      maxBuffer: 64 * 1024 * 1024,
    });
    const [packed] = JSON.parse(stdout) as { filename: string; version: string }[];
    if (packed?.version !== OPENAPI_VERSION)
      throw new ConfigurationError(`npm pack did not return ${spec}`);
    return path.join(into, packed.filename);
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new ConfigurationError(
      `npm pack ${spec} failed (is the registry reachable?): ${message}`,
    );
  }
}

/** Lists the tarball, picks the api.github.com description and unpacks just that file. */
export async function unpackDescription(
  tarball: string,
  into: string,
): Promise<{ file: string; entry: string }> {
  const { stdout } = await run('tar', ['-tzf', tarball], { maxBuffer: 16 * 1024 * 1024 });
  const entries = stdout.split('\n').filter((line) => DESCRIPTION_FILE.test(line));
  const [entry] = entries;
  if (entry === undefined || entries.length > 1)
    throw new ConfigurationError(
      `expected one generated/api.github.com.json in ${tarball}, found ${entries.length}`,
    );
  await run('tar', ['-xzf', tarball, '-C', into, entry]);
  return { file: path.join(into, entry), entry };
}

/** Fails unless the tarball holds the pinned version of the package. */
export async function checkPackageVersion(tarball: string, into: string): Promise<void> {
  await run('tar', ['-xzf', tarball, '-C', into, 'package/package.json']);
  const manifest = JSON.parse(
    await readFile(path.join(into, 'package', 'package.json'), 'utf8'),
  ) as { name?: string; version?: string };
  if (manifest.name !== OPENAPI_PACKAGE)
    throw new ConfigurationError(`${tarball} is not ${OPENAPI_PACKAGE}`);
  const version = manifest.version ?? 'unknown';
  if (version !== OPENAPI_VERSION)
    throw new ConfigurationError(
      `${tarball} holds ${OPENAPI_PACKAGE}@${version}, expected ${OPENAPI_VERSION}`,
    );
}
