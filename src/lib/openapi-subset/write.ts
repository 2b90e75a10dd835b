/**
 * `npm run github:openapi`'s one job: the subset of GitHub's OpenAPI description the fake GitHub
 * checks its answers against, written deterministically (sorted keys, Prettier's JSON layout), so
 * a rerun with the same package version changes nothing.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../errors';
import { formatJson, isJsonObject, sortKeysDeep, type JsonObject } from '../json';
import { extractOperations } from './extract';
import { OPENAPI_PACKAGE, OPENAPI_VERSION, OPERATIONS } from './operations';
import { checkPackageVersion, packTarball, unpackDescription } from './package';

export interface SubsetOptions {
  /** The file to write. */
  out: string;
  /** An already downloaded package; `npm pack` otherwise. */
  tarball?: string;
  /** Progress lines. */
  log: (line: string) => void;
}

export interface WrittenSubset {
  operations: number;
  components: number;
  bytes: number;
}

/** The subset document: the listed operations and what they reference, with its provenance. */
function subsetOf(document: JsonObject, inPackage: string): { subset: JsonObject; refs: number } {
  const openapi = document.openapi;
  if (typeof openapi !== 'string' || !openapi.startsWith('3.0.'))
    throw new ConfigurationError(
      `${inPackage} is OpenAPI ${JSON.stringify(openapi)}, expected 3.0.x`,
    );
  const { paths, components, refs } = extractOperations(document, OPERATIONS);
  const info = isJsonObject(document.info) ? document.info : {};
  const subset = {
    openapi,
    info: { title: info.title ?? null, version: info.version ?? null },
    'x-extracted-from': {
      package: OPENAPI_PACKAGE,
      version: OPENAPI_VERSION,
      file: inPackage,
      command: 'npm run github:openapi',
    },
    paths,
    components,
  };
  return { subset, refs };
}

/** Extracts the subset from the pinned package and writes it to `options.out`. */
export async function writeOpenApiSubset(options: SubsetOptions): Promise<WrittenSubset> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'github-openapi-'));
  try {
    const tarball = options.tarball ?? (await packTarball(work, options.log));
    await checkPackageVersion(tarball, work);
    const { file, entry } = await unpackDescription(tarball, work);
    const inPackage = entry.replace(/^package\//, '');
    options.log(`reading ${inPackage} …`);
    const document = JSON.parse(await readFile(file, 'utf8')) as JsonObject;
    const { subset, refs } = subsetOf(document, inPackage);
    // Code-unit key order: the order the committed subset was first written in (src/lib/json).
    const text = `${formatJson(sortKeysDeep(subset))}\n`;
    await mkdir(path.dirname(options.out), { recursive: true });
    await writeFile(options.out, text);
    return { operations: OPERATIONS.length, components: refs, bytes: text.length };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
