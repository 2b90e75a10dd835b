import React, { isValidElement, type ReactNode } from 'react';
import type { Props } from '@theme/CodeBlock';
import ElementContent from '@theme/CodeBlock/Content/Element';
import StringContent from '@theme/CodeBlock/Content/String';

/**
 * Docusaurus's CodeBlock (theme-classic 3.10) without its second render: the original keys its
 * content on useIsBrowser(), so once the page has hydrated React throws every code block away
 * and builds it again, to swap the server's light Prism colours for the reader's scheme. Here
 * the colours are classes styled per scheme (src/plugins/prism-css), so the server's HTML is
 * right in both and the block renders once. `highlightedHtml` comes from
 * src/remark/highlighted-code.
 */
function maybeStringifyChildren(children: ReactNode): ReactNode {
  if (React.Children.toArray(children).some((element) => isValidElement(element))) return children;
  return Array.isArray(children) ? children.join('') : children;
}

export default function CodeBlock({
  children: rawChildren,
  ...props
}: Props & { highlightedHtml?: string }): ReactNode {
  const children = maybeStringifyChildren(rawChildren);
  return typeof children === 'string' ? (
    <StringContent {...props}>{children}</StringContent>
  ) : (
    <ElementContent {...props}>{children}</ElementContent>
  );
}
