import React, { type ComponentProps, type ReactNode } from 'react';
import clsx from 'clsx';
import { ThemeClassNames } from '@docusaurus/theme-common';
import styles from '@docusaurus/theme-classic/lib/theme/CodeBlock/Container/styles.module.css';
import { useHighlightedHtml, wireAdoptedCodeBlock } from '@site/src/components/CodeBlockHtml';
import ServerRendered from '@site/src/components/ServerRendered';

/**
 * Docusaurus's CodeBlockContainer (theme-classic 3.10) without the Prism theme's colours as
 * inline CSS variables: they depend on the colour scheme, which the server cannot know;
 * src/plugins/prism-css sets them per scheme instead. A block whose lines were highlighted at
 * build is adopted on the first page load (src/components/ServerRendered): nothing in it is
 * hydrated, and src/components/CodeBlockHtml/adopted.ts gives it its buttons.
 */
export default function CodeBlockContainer<T extends 'div' | 'pre'>({
  as: As,
  ...props
}: { as: T } & ComponentProps<T>): ReactNode {
  const Element = As as 'div';
  const highlighted = useHighlightedHtml() !== undefined;
  const element = (
    <Element
      {...(props as ComponentProps<'div'>)}
      className={clsx(props.className, styles.codeBlockContainer, ThemeClassNames.common.codeBlock)}
    />
  );
  return highlighted ? (
    <ServerRendered onAdopt={wireAdoptedCodeBlock}>{element}</ServerRendered>
  ) : (
    element
  );
}
