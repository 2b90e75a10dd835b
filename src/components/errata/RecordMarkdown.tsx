import React, { type ReactNode } from 'react';
import type { Root } from 'hast';
import { toJsxRuntime } from 'hast-util-to-jsx-runtime';
import { Fragment, jsx, jsxs } from 'react/jsx-runtime';

/**
 * Record text, already sanitised at build time (src/lib/record-markdown), turned into React
 * elements. Nothing is set as HTML, so the text cannot run code in the reader's browser.
 */
export default function RecordMarkdown({ tree }: { tree: Root }): ReactNode {
  return <div className="record-markdown">{toJsxRuntime(tree, { Fragment, jsx, jsxs })}</div>;
}
