/**
 * Reading and amending a PDF with Debian's qpdf: the outline (bookmarks) with the page each
 * entry lands on, link annotations, and the document information dictionary. Nothing here
 * rewrites content: tags, bookmarks and links survive the metadata step.
 */
import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function qpdfJson(
  file: string,
  key: string,
  objectsWanted: string[] = [],
): Promise<Record<string, unknown>> {
  const only = objectsWanted.map((object) => `--json-object=${object}`);
  try {
    const args = ['--json=2', `--json-key=${key}`, '--json-stream-data=none', ...only, file];
    const { stdout } = await run('qpdf', args, {
      maxBuffer: 256 * 1024 * 1024,
    });
    return JSON.parse(stdout) as Record<string, unknown>;
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err.code === 'ENOENT')
      throw new Error('qpdf is not installed: install the Debian package qpdf (scripts/setup.sh)');
    throw error;
  }
}

export interface OutlineEntry {
  title: string;
  /** 1 for top-level bookmarks. */
  level: number;
  /** Page the bookmark jumps to, from 1. */
  page: number;
  /** Height of the heading's top above the bottom edge of its page, in points, when known. */
  top?: number;
}

interface RawOutline {
  title: string;
  destpageposfrom1?: number;
  /** [page, /XYZ, left, top, zoom] */
  dest?: unknown[];
  kids: RawOutline[];
}

/** The bookmarks in document order (depth first), each with its level and target page. */
export async function readOutline(file: string): Promise<OutlineEntry[]> {
  const json = await qpdfJson(file, 'outlines');
  const flat: OutlineEntry[] = [];
  const walk = (items: RawOutline[], level: number): void => {
    for (const item of items) {
      const top = item.dest?.[1] === '/XYZ' ? item.dest[3] : undefined;
      flat.push({
        title: item.title,
        level,
        page: item.destpageposfrom1 ?? 0,
        ...(typeof top === 'number' ? { top } : {}),
      });
      walk(item.kids, level + 1);
    }
  };
  walk((json.outlines as RawOutline[] | undefined) ?? [], 1);
  return flat;
}

type QpdfObjects = Record<string, { value?: unknown; stream?: unknown } | Record<string, unknown>>;

async function objects(file: string, only: string[] = []): Promise<QpdfObjects> {
  const json = await qpdfJson(file, 'qpdf', only);
  return (json.qpdf as [unknown, QpdfObjects])[1];
}

export interface PdfLink {
  page: number;
  /** An external link's URI, or undefined for an internal one. */
  uri?: string;
  /** An internal link's target page (from 1), or 0 when it points nowhere. */
  targetPage?: number;
}

/** Every link annotation: external URIs and internal jumps with the page they reach. */
export async function readLinks(file: string): Promise<PdfLink[]> {
  const all = await objects(file);
  const value = (ref: unknown): Record<string, unknown> | undefined => {
    if (typeof ref !== 'string') return undefined;
    const object = all[`obj:${ref}`] as { value?: unknown } | undefined;
    return object?.value as Record<string, unknown> | undefined;
  };
  const trailer = (all.trailer as { value: Record<string, unknown> }).value;
  const catalog = value(trailer['/Root']) ?? {};
  const pageRefs: string[] = [];
  const collect = (ref: unknown): void => {
    const node = value(ref);
    if (!node) return;
    if (node['/Type'] === '/Page') pageRefs.push(ref as string);
    else for (const kid of (node['/Kids'] as unknown[] | undefined) ?? []) collect(kid);
  };
  collect(catalog['/Pages']);
  // Named destinations (Chromium writes internal links as names in /Dests).
  const names = value(catalog['/Dests']) ?? {};
  const pageOf = (dest: unknown): number => {
    let target = dest;
    if (typeof target === 'string' && target.startsWith('/')) target = names[target];
    else if (typeof target === 'string' && target.startsWith('u:'))
      target = names[`/${target.slice(2)}`];
    if (!Array.isArray(target)) return 0;
    return pageRefs.indexOf(target[0] as string) + 1;
  };
  const links: PdfLink[] = [];
  pageRefs.forEach((ref, index) => {
    for (const annotRef of (value(ref)?.['/Annots'] as unknown[] | undefined) ?? []) {
      const annot =
        typeof annotRef === 'string' ? value(annotRef) : (annotRef as Record<string, unknown>);
      if (annot?.['/Subtype'] !== '/Link') continue;
      const action = annot['/A'] as Record<string, unknown> | undefined;
      if (action?.['/S'] === '/URI') {
        links.push({ page: index + 1, uri: String(action['/URI']).replace(/^u:/, '') });
      } else {
        links.push({ page: index + 1, targetPage: pageOf(annot['/Dest'] ?? action?.['/D']) });
      }
    }
  });
  return links;
}

export interface PdfMetadata {
  title: string;
  author: string;
  subject: string;
  keywords: string;
  creator: string;
  producer: string;
  /** Creation and modification date. */
  date: Date;
}

/** A PDF date string, D:YYYYMMDDHHmmSS+00'00' (UTC). */
export function pdfDate(date: Date): string {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `D:${iso}+00'00'`;
}

/**
 * Writes `output` as `input` with a complete document information dictionary (Chromium writes
 * only the title). qpdf replaces that one object, so tags and bookmarks are untouched.
 */
export async function setMetadata(input: string, output: string, meta: PdfMetadata): Promise<void> {
  const json = await qpdfJson(input, 'qpdf', ['trailer']);
  const [head, found] = json.qpdf as [{ maxobjectid: number }, QpdfObjects];
  const trailer = (found.trailer as { value: Record<string, unknown> }).value;
  const infoRef = trailer['/Info'];
  if (typeof infoRef !== 'string')
    throw new Error(`${input} has no document information dictionary`);
  const update = {
    qpdf: [
      {
        jsonversion: 2,
        pushedinheritedpageresources: false,
        calledgetallpages: false,
        maxobjectid: head.maxobjectid,
      },
      {
        [`obj:${infoRef}`]: {
          value: {
            '/Title': `u:${meta.title}`,
            '/Author': `u:${meta.author}`,
            '/Subject': `u:${meta.subject}`,
            '/Keywords': `u:${meta.keywords}`,
            '/Creator': `u:${meta.creator}`,
            '/Producer': `u:${meta.producer}`,
            '/CreationDate': `u:${pdfDate(meta.date)}`,
            '/ModDate': `u:${pdfDate(meta.date)}`,
          },
        },
      },
    ],
  };
  const updateFile = `${output}.update.json`;
  await writeFile(updateFile, JSON.stringify(update));
  try {
    await run('qpdf', [input, `--update-from-json=${updateFile}`, output]);
  } finally {
    await rm(updateFile, { force: true });
  }
}
