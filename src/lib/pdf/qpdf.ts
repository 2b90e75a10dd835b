/**
 * Reading and amending a PDF with Debian's qpdf: the outline (bookmarks) with the page each
 * entry lands on, link annotations, bookmark titles and the document information dictionary.
 * Nothing here rewrites content: tags, bookmarks and links survive the amending step, which
 * replaces only the objects it names (qpdf's --update-from-json).
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
  /** The outline item's object, e.g. `12 0 R`. */
  object: string;
  destpageposfrom1?: number;
  /** [page, /XYZ, left, top, zoom] */
  dest?: unknown[];
  kids: RawOutline[];
}

/** The outline items depth first, each with its object and depth (qpdf's outline walk). */
async function outlineItems(file: string): Promise<{ item: RawOutline; level: number }[]> {
  const json = await qpdfJson(file, 'outlines');
  const flat: { item: RawOutline; level: number }[] = [];
  const walk = (items: RawOutline[], level: number): void => {
    for (const item of items) {
      flat.push({ item, level });
      walk(item.kids, level + 1);
    }
  };
  walk((json.outlines as RawOutline[] | undefined) ?? [], 1);
  return flat;
}

/** The bookmarks in document order (depth first), each with its level and target page. */
export async function readOutline(file: string): Promise<OutlineEntry[]> {
  return (await outlineItems(file)).map(({ item, level }) => {
    const top = item.dest?.[1] === '/XYZ' ? item.dest[3] : undefined;
    return {
      title: item.title,
      level,
      page: item.destpageposfrom1 ?? 0,
      ...(typeof top === 'number' ? { top } : {}),
    };
  });
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

export interface PdfAmendments {
  /**
   * One title per bookmark in document order (depth first), with the depth its bookmark must
   * be at; a different count or depth is an error, and nothing is written.
   */
  titles?: readonly { title: string; level: number }[];
  /** A complete document information dictionary (Chromium writes only the title). */
  metadata?: PdfMetadata;
}

/**
 * Writes `output` as `input` amended in one qpdf pass (--update-from-json), which replaces only
 * the objects named: the outline items for new titles, the information dictionary for the
 * metadata; tags, links and the bookmarks' destinations are untouched. Strings go to qpdf as
 * Unicode ("u:"), which it stores as PDF text strings: PDFDocEncoding when every character has a
 * code there, else UTF-16BE with a byte order mark (qpdf manual, "qpdf JSON Object
 * Representation", https://qpdf.readthedocs.io/en/stable/json.html; QPDF_String::create_utf16
 * in qpdf's libqpdf/QPDF_String.cc).
 */
export async function amendPdf(
  input: string,
  output: string,
  amendments: PdfAmendments,
): Promise<void> {
  const { titles, metadata } = amendments;
  const items = titles ? await outlineItems(input) : [];
  if (titles && items.length !== titles.length)
    throw new Error(
      `${input} has ${items.length} bookmarks, but ${titles.length} titles were given`,
    );
  items.forEach(({ item, level }, index) => {
    const wanted = titles?.[index];
    if (wanted && wanted.level !== level)
      throw new Error(
        `${input}: bookmark ${index + 1} (${JSON.stringify(item.title)}) is at depth ${level}, its title ${JSON.stringify(wanted.title)} at ${wanted.level}`,
      );
  });
  // Only the objects to amend are read ("12 0 R" is asked for as "12,0").
  const wanted = [
    ...(metadata ? ['trailer'] : []),
    ...items.map(({ item }) => item.object.replace(/^(\d+) (\d+) R$/, '$1,$2')),
  ];
  const json = await qpdfJson(input, 'qpdf', wanted);
  const [head, found] = json.qpdf as [{ maxobjectid: number }, QpdfObjects];
  const objects: Record<string, unknown> = {};
  items.forEach(({ item }, index) => {
    const value = (found[`obj:${item.object}`] as { value?: unknown } | undefined)?.value;
    if (!value || typeof value !== 'object' || Array.isArray(value))
      throw new Error(`${input}: bookmark ${index + 1} (${item.object}) is not a dictionary`);
    objects[`obj:${item.object}`] = {
      value: { ...value, '/Title': `u:${titles?.[index]?.title ?? ''}` },
    };
  });
  if (metadata) {
    const trailer = (found.trailer as { value: Record<string, unknown> }).value;
    const infoRef = trailer['/Info'];
    if (typeof infoRef !== 'string')
      throw new Error(`${input} has no document information dictionary`);
    objects[`obj:${infoRef}`] = {
      value: {
        '/Title': `u:${metadata.title}`,
        '/Author': `u:${metadata.author}`,
        '/Subject': `u:${metadata.subject}`,
        '/Keywords': `u:${metadata.keywords}`,
        '/Creator': `u:${metadata.creator}`,
        '/Producer': `u:${metadata.producer}`,
        '/CreationDate': `u:${pdfDate(metadata.date)}`,
        '/ModDate': `u:${pdfDate(metadata.date)}`,
      },
    };
  }
  const update = {
    qpdf: [
      {
        jsonversion: 2,
        pushedinheritedpageresources: false,
        calledgetallpages: false,
        maxobjectid: head.maxobjectid,
      },
      objects,
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
