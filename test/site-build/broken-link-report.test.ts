import { describe, expect, test } from 'vitest';
import {
  attachSources,
  formatBrokenLink,
  parseBrokenLinkReport,
} from '../../src/lib/site-build/broken-links';

describe('parseBrokenLinkReport', () => {
  test('reads broken links by page and names the source file when the route is known', () => {
    const report = [
      '[ERROR] Error: Docusaurus found broken links!',
      '  Exhaustive list of all broken links found:',
      '  - Broken link on source page path = /guide/faulty:',
      '     -> linking to /guide/no-such-page',
      '     -> linking to /elsewhere (resolved as: /elsewhere/)',
    ].join('\n');
    const links = attachSources(
      parseBrokenLinkReport(report),
      new Map([['/guide/faulty', 'docs/guide/faulty.md']]),
    );
    expect(links.map(formatBrokenLink)).toEqual([
      'docs/guide/faulty.md: broken link to /guide/no-such-page (page /guide/faulty)',
      'docs/guide/faulty.md: broken link to /elsewhere (page /guide/faulty)',
    ]);
  });

  test('tells anchors from links', () => {
    const report = [
      'Docusaurus found broken anchors!',
      '- Broken anchor on source page path = /guide/:',
      '   -> linking to /usage-guide#missing',
    ].join('\n');
    expect(parseBrokenLinkReport(report)).toEqual([
      { kind: 'anchor', route: '/guide/', target: '/usage-guide#missing' },
    ]);
  });

  test('reads Markdown link errors once, with file and line', () => {
    const line =
      'Error: Markdown link with URL `./gone.md` in source file "docs/guide/a.md" (12:3) couldn\'t be resolved.';
    expect(parseBrokenLinkReport(`${line}\n${line}`)).toEqual([
      { kind: 'markdown-link', target: './gone.md', file: 'docs/guide/a.md', line: 12 },
    ]);
  });

  test('keeps the route when no source file is known', () => {
    const links = attachSources([{ kind: 'link', route: '/x', target: '/y' }], new Map());
    expect(links.map(formatBrokenLink)).toEqual(['/x: broken link to /y']);
  });
});
