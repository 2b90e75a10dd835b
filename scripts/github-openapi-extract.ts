/**
 * `npm run github:openapi`: extracts the part of GitHub's official OpenAPI description that the
 * issue sync uses, for the fake GitHub the sync's tests run against (src/lib/fake-github). The
 * package is about 400 MB unpacked, so only the operations listed below, with every
 * `#/components/...` they reach, are committed; examples are dropped to keep the file small.
 * The output is deterministic (sorted keys, Prettier's JSON layout), so a rerun with the same
 * package version changes nothing.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';

import { EXIT_OK, runCli, ConfigurationError, UsageError } from '../src/lib/cli';

const run = promisify(execFile);

const PACKAGE = '@octokit/openapi';
const VERSION = '23.0.2';
/** The description of api.github.com itself (not GHES/GHEC), with `$ref`s kept (not `.deref`). */
const DESCRIPTION_FILE = /(^|\/)generated\/api\.github\.com\.json$/;
const DEFAULT_OUT = 'test/fixtures/github/openapi-subset.json';

/** The operations the issue sync and the Usage Guide reader call; add to this list for a new endpoint. */
const OPERATIONS = [
  'issues/list-for-repo',
  'issues/get',
  'issues/create',
  'issues/update',
  'issues/list-events-for-timeline',
  'issues/list-comments',
  'issues/create-comment',
  'issues/update-comment',
  'issues/list-labels-for-repo',
  'issues/create-label',
  'rate-limit/get',
  'repos/get-commit',
  'repos/get-content',
  // upstream-patch --open-pr: a fork, a branch committed through the Git Data API, one pull request.
  'users/get-authenticated',
  'repos/get',
  'repos/create-fork',
  'git/get-ref',
  'git/create-ref',
  'git/update-ref',
  'git/get-commit',
  'git/create-blob',
  'git/create-tree',
  'git/create-commit',
  'pulls/list',
  'pulls/create',
  'pulls/update',
] as const;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Keys dropped everywhere except as property names: sample data, not contract. */
const DROPPED = new Set(['examples', 'example']);
const PRINT_WIDTH = 100;

const HELP = `Usage: npm run github:openapi -- [--out <file>] [--tarball <file>]

Downloads ${PACKAGE}@${VERSION} with npm pack (from the registry npm is configured with),
takes its description of api.github.com (OpenAPI 3.0) and writes the operations the issue
sync uses, with the components they reference and without examples, to --out
(default ${DEFAULT_OUT}).
--tarball uses an already downloaded package instead of npm pack.

Operations:
${OPERATIONS.map((id) => `  ${id}`).join('\n')}
`;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Copies a value without the dropped keys; property names inside `properties` are kept. */
function stripExamples(value: Json, underProperties = false): Json {
  if (Array.isArray(value)) return value.map((item) => stripExamples(item));
  if (!isObject(value)) return value;
  const copy: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (!underProperties && DROPPED.has(key)) continue;
    copy[key] = stripExamples(item, !underProperties && key === 'properties');
  }
  return copy;
}

function pointerParts(ref: string): string[] {
  if (!ref.startsWith('#/')) throw new ConfigurationError(`unsupported $ref ${ref} (only local refs)`);
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function resolvePointer(document: JsonObject, ref: string): Json {
  let node: Json | undefined = document;
  for (const part of pointerParts(ref)) {
    node = isObject(node) ? node[part] : Array.isArray(node) ? node[Number(part)] : undefined;
    if (node === undefined) throw new ConfigurationError(`$ref ${ref} does not resolve`);
  }
  return node;
}

function collectRefs(value: Json, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, into);
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') into.add(item);
      else collectRefs(item, into);
    }
  }
}

interface Extract {
  paths: JsonObject;
  components: JsonObject;
  refs: number;
}

/** The listed operations and the transitive closure of the components they reference. */
function extractOperations(document: JsonObject, operationIds: readonly string[]): Extract {
  const paths: JsonObject = {};
  const wanted = new Set(operationIds);
  const found = new Set<string>();
  const allPaths = document.paths;
  if (!isObject(allPaths)) throw new ConfigurationError('the description has no paths');
  for (const [route, item] of Object.entries(allPaths)) {
    if (!isObject(item)) continue;
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.includes(method) || !isObject(operation)) continue;
      const id = operation.operationId;
      if (typeof id !== 'string' || !wanted.has(id)) continue;
      found.add(id);
      const kept = isObject(paths[route]) ? paths[route] : {};
      kept[method] = stripExamples(operation);
      // Path-level parameters apply to every method of the path.
      if (item.parameters !== undefined) kept.parameters = stripExamples(item.parameters);
      paths[route] = kept;
    }
  }
  const missing = operationIds.filter((id) => !found.has(id));
  if (missing.length > 0)
    throw new ConfigurationError(`operations not in the description: ${missing.join(', ')}`);

  const components: JsonObject = {};
  const seen = new Set<string>();
  const pending = new Set<string>();
  collectRefs(paths, pending);
  while (pending.size > 0) {
    const [ref] = pending;
    if (ref === undefined) break;
    pending.delete(ref);
    if (seen.has(ref)) continue;
    seen.add(ref);
    const parts = pointerParts(ref);
    const [root, kind, name] = parts;
    if (root !== 'components' || kind === undefined || name === undefined || parts.length !== 3)
      throw new ConfigurationError(`unexpected $ref ${ref} (expected #/components/<kind>/<name>)`);
    const target = stripExamples(resolvePointer(document, ref));
    const section = isObject(components[kind]) ? components[kind] : {};
    section[name] = target;
    components[kind] = section;
    const next = new Set<string>();
    collectRefs(target, next);
    for (const item of next) if (!seen.has(item)) pending.add(item);
  }
  return { paths, components, refs: seen.size };
}

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  const sorted: JsonObject = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key] ?? null);
  return sorted;
}

/** One-line form of a value, or undefined when Prettier would keep it expanded (objects). */
function flat(value: Json): string | undefined {
  if (Array.isArray(value)) {
    const items = value.map(flat);
    return items.every((item) => item !== undefined) ? `[${items.join(', ')}]` : undefined;
  }
  if (isObject(value)) return Object.keys(value).length === 0 ? '{}' : undefined;
  return JSON.stringify(value);
}

/**
 * Prettier's layout for JSON, so `prettier --check` accepts the file as written: objects stay
 * expanded (they are written expanded, and Prettier keeps that), arrays go on one line when they
 * fit in the print width, otherwise one element per line (numbers fill lines instead).
 */
function formatJson(value: Json, indent = 0, column = 0, trailer = 0): string {
  const pad = ' '.repeat(indent + 2);
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return '{}';
    const lines = keys.map((key, index) => {
      const prefix = `${JSON.stringify(key)}: `;
      const comma = index < keys.length - 1 ? 1 : 0;
      const item = formatJson(value[key] ?? null, indent + 2, indent + 2 + prefix.length, comma);
      return `${pad}${prefix}${item}`;
    });
    return `{\n${lines.join(',\n')}\n${' '.repeat(indent)}}`;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const oneLine = flat(value);
    if (oneLine !== undefined && column + oneLine.length + trailer <= PRINT_WIDTH) return oneLine;
    if (value.length > 1 && value.every((item) => typeof item === 'number')) {
      const rows: string[] = [];
      let row = '';
      for (const [index, item] of value.entries()) {
        const text = `${item}${index < value.length - 1 ? ',' : ''}`;
        if (row !== '' && indent + 2 + row.length + 1 + text.length > PRINT_WIDTH) {
          rows.push(row);
          row = text;
        } else row = row === '' ? text : `${row} ${text}`;
      }
      rows.push(row);
      return `[\n${rows.map((line) => pad + line).join('\n')}\n${' '.repeat(indent)}]`;
    }
    const lines = value.map((item, index) => {
      const comma = index < value.length - 1 ? 1 : 0;
      return pad + formatJson(item, indent + 2, indent + 2, comma);
    });
    return `[\n${lines.join(',\n')}\n${' '.repeat(indent)}]`;
  }
  return JSON.stringify(value);
}

async function packTarball(into: string): Promise<string> {
  const spec = `${PACKAGE}@${VERSION}`;
  process.stdout.write(`npm pack ${spec} …\n`);
  try {
    const { stdout } = await run('npm', ['pack', spec, '--pack-destination', into, '--json'], {
      maxBuffer: 64 * 1024 * 1024,
    });
    const [packed] = JSON.parse(stdout) as { filename: string; version: string }[];
    if (packed?.version !== VERSION) throw new ConfigurationError(`npm pack did not return ${spec}`);
    return path.join(into, packed.filename);
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new ConfigurationError(`npm pack ${spec} failed (is the registry reachable?): ${message}`);
  }
}

/** Lists the tarball, picks the api.github.com description and unpacks just that file. */
async function unpackDescription(
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

async function packageVersion(tarball: string, into: string): Promise<string> {
  await run('tar', ['-xzf', tarball, '-C', into, 'package/package.json']);
  const manifest = JSON.parse(
    await readFile(path.join(into, 'package', 'package.json'), 'utf8'),
  ) as { name?: string; version?: string };
  if (manifest.name !== PACKAGE) throw new ConfigurationError(`${tarball} is not ${PACKAGE}`);
  return manifest.version ?? 'unknown';
}

runCli(HELP, async (argv) => {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: 'string', default: DEFAULT_OUT }, tarball: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const out = path.resolve(values.out);
  const work = await mkdtemp(path.join(os.tmpdir(), 'github-openapi-'));
  try {
    const tarball = values.tarball ? path.resolve(values.tarball) : await packTarball(work);
    const version = await packageVersion(tarball, work);
    if (version !== VERSION)
      throw new ConfigurationError(`${tarball} holds ${PACKAGE}@${version}, expected ${VERSION}`);
    const { file, entry } = await unpackDescription(tarball, work);
    const inPackage = entry.replace(/^package\//, '');
    process.stdout.write(`reading ${inPackage} …\n`);
    const document = JSON.parse(await readFile(file, 'utf8')) as JsonObject;
    const openapi = document.openapi;
    if (typeof openapi !== 'string' || !openapi.startsWith('3.0.'))
      throw new ConfigurationError(`${inPackage} is OpenAPI ${JSON.stringify(openapi)}, expected 3.0.x`);
    const { paths, components, refs } = extractOperations(document, OPERATIONS);
    const info = isObject(document.info) ? document.info : {};
    const subset: JsonObject = {
      openapi,
      info: { title: info.title ?? null, version: info.version ?? null },
      'x-extracted-from': {
        package: PACKAGE,
        version: VERSION,
        file: inPackage,
        command: 'npm run github:openapi',
      },
      paths,
      components,
    };
    const text = `${formatJson(sortKeys(subset))}\n`;
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, text);
    process.stdout.write(
      `${OPERATIONS.length} operations, ${refs} components → ${path.relative(process.cwd(), out)} ` +
        `(${Math.round(text.length / 1024)} KiB)\n`,
    );
    return EXIT_OK;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
