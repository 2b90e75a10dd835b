/**
 * C code blocks compiled with `gcc -fsyntax-only -Wall` against the PKCS #11 header Debian ships
 * (p11-kit's, found with pkg-config) plus the 3.x declarations the project already carries
 * (examples/module/pkcs11-3.h). A block that is not a whole translation unit is wrapped the way
 * a reader would use it: an expression becomes the body of a function that evaluates it, a run
 * of statements the body of a function; the wrapping is printed with any finding.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigurationError } from '../../errors';
import { scanCode, type CodeBlock } from '../markdown';
import type { AuditCheck, Chapter, Finding } from '../types';

/** The declared 3.x additions, relative to the repository root. */
export const ADDITIONS_HEADER = path.join('examples', 'module', 'pkcs11-3.h');

export interface Wrapped {
  /** How the block was compiled: `file scope`, `expression` or `statements`. */
  form: 'file scope' | 'expression' | 'statements';
  source: string;
  /** Lines of `source` before the block's first line. */
  offset: number;
  /** The wrapping as shown to a reader, with `…` for the block. */
  shown: string;
}

const PRELUDE = ['#include <p11-kit/pkcs11.h>', '#include "pkcs11-3.h"'];

/** Whether the block stands on its own at file scope: directives, declarations, definitions. */
function isFileScope(code: string): boolean {
  const first = code.trim();
  return (
    first.startsWith('#') ||
    /^(typedef|struct|union|enum|extern|static)\b/.test(first) ||
    /^[A-Za-z_][\w\s*]*\([^;{}]*\)\s*\{/m.test(first)
  );
}

export function wrapFragment(code: string): Wrapped {
  if (isFileScope(code)) {
    return {
      form: 'file scope',
      source: [...PRELUDE, code, ''].join('\n'),
      offset: PRELUDE.length,
      shown: [...PRELUDE, '…'].join('\n'),
    };
  }
  const expression = !code.includes(';');
  const open = expression
    ? ['unsigned long audit_fragment(void) {', '  return ( /* the block */']
    : ['void audit_fragment(void) { /* the block; -Wno-unused-variable */'];
  const close = expression ? ['  );', '}'] : ['}'];
  return {
    form: expression ? 'expression' : 'statements',
    source: [...PRELUDE, ...open, code, ...close, ''].join('\n'),
    offset: PRELUDE.length + open.length,
    shown: [...PRELUDE, ...open, '…', ...close].join('\n'),
  };
}

function compilerFlags(siteDir: string): string[] {
  const pkg = spawnSync('pkg-config', ['--cflags', 'p11-kit-1'], { encoding: 'utf8' });
  if (pkg.status !== 0) {
    throw new ConfigurationError(
      'pkg-config --cflags p11-kit-1 failed: install the header with apt-get install libp11-kit-dev pkg-config (scripts/setup.sh)',
    );
  }
  return [
    ...pkg.stdout.trim().split(/\s+/).filter(Boolean),
    `-I${path.join(siteDir, path.dirname(ADDITIONS_HEADER))}`,
  ];
}

const DIAGNOSTIC = /^<stdin>:(\d+):(\d+): (warning|error): (.*)$/;

export function compileBlock(
  chapter: Chapter,
  block: CodeBlock,
  flags: readonly string[],
  rule: string,
): Finding[] {
  const wrapped = wrapFragment(block.code);
  // A wrapped fragment's variables are the reader's to use later: unused ones are no finding.
  const unused =
    wrapped.form === 'statements' ? ['-Wno-unused-variable', '-Wno-unused-but-set-variable'] : [];
  const gcc = spawnSync('gcc', ['-fsyntax-only', '-Wall', ...unused, '-x', 'c', ...flags, '-'], {
    input: wrapped.source,
    encoding: 'utf8',
    // The C locale: plain quotes in gcc's messages whatever the machine's language.
    env: { ...process.env, LC_ALL: 'C' },
  });
  if (gcc.error) {
    throw new ConfigurationError(`gcc could not run (${gcc.error.message}): apt-get install gcc`);
  }
  const findings: Finding[] = [];
  const blockLines = block.code.split('\n').length;
  for (const line of gcc.stderr.split('\n')) {
    const match = DIAGNOSTIC.exec(line);
    if (!match) continue;
    const inBlock = Number(match[1]) - wrapped.offset;
    const inside = inBlock >= 1 && inBlock <= blockLines;
    findings.push({
      file: chapter.path,
      line: block.line + (inside ? inBlock - 1 : 0),
      col: inside ? Number(match[2]) : 1,
      rule,
      message: `gcc ${match[3] ?? 'error'}: ${match[4] ?? ''} (block compiled as ${wrapped.form}: ${wrapped.shown.replace(/\n/g, ' ⏎ ')})`,
    });
  }
  if (gcc.status !== 0 && findings.length === 0) {
    findings.push({
      file: chapter.path,
      line: block.line,
      col: 1,
      rule,
      message: `gcc failed: ${gcc.stderr.trim()}`,
    });
  }
  return findings;
}

export const cCodeCheck: AuditCheck = {
  name: 'c-code',
  description:
    "Every C code block compiles (gcc -fsyntax-only -Wall) against p11-kit's pkcs11.h and the project's 3.x additions; fragments are wrapped and the wrapping is shown.",
  run(chapters, context) {
    const flags = compilerFlags(context.siteDir);
    const findings: Finding[] = [];
    for (const chapter of chapters) {
      for (const block of scanCode(chapter.text).blocks) {
        if (block.lang !== 'c' && block.lang !== 'h') continue;
        findings.push(...compileBlock(chapter, block, flags, this.name));
      }
    }
    return findings;
  },
};
