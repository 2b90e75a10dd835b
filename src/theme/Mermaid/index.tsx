import React, { type ReactNode } from 'react';
import Mermaid from '@theme-original/Mermaid';
import type MermaidType from '@theme/Mermaid';
import type { WrapperProps } from '@docusaurus/types';

type Props = WrapperProps<typeof MermaidType>;

/**
 * A marker around each diagram, present from the server-rendered HTML on: the diagram itself is
 * drawn in the browser, and until it is there nothing else shows that a page has one. The PDF
 * and the browser tests wait until every marker holds its SVG.
 */
export default function MermaidWrapper(props: Props): ReactNode {
  return (
    <div className="mermaid-diagram">
      <Mermaid {...props} />
    </div>
  );
}
