import React, { type ComponentProps, type ReactNode } from 'react';
import MDXComponents from '@theme-original/MDXComponents';
import MDXHeading from '@theme/MDXComponents/Heading';
import ServerRendered from '@site/src/components/ServerRendered';

type HeadingTag = 'h1' | 'h2' | 'h3' | 'h4' | 'h5' | 'h6';
type HeadingProps = Omit<ComponentProps<typeof MDXHeading>, 'as'>;

/** A Markdown heading, adopted on the first page load like the blocks around it. */
function adoptedHeading(as: HeadingTag): (props: HeadingProps) => ReactNode {
  function AdoptedHeading(props: HeadingProps): ReactNode {
    return (
      <ServerRendered as={as}>
        <MDXHeading as={as} {...props} />
      </ServerRendered>
    );
  }
  return AdoptedHeading;
}

/**
 * Docusaurus's MDX components plus `ServerRendered`, which src/remark/server-rendered wraps
 * around the static blocks of every page (the pages do not import it), and headings adopted
 * the same way (src/components/ServerRendered; their anchor link is a plain link).
 */
export default {
  ...MDXComponents,
  ServerRendered,
  h1: adoptedHeading('h1'),
  h2: adoptedHeading('h2'),
  h3: adoptedHeading('h3'),
  h4: adoptedHeading('h4'),
  h5: adoptedHeading('h5'),
  h6: adoptedHeading('h6'),
};
