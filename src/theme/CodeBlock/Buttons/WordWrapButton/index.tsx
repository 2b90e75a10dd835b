import React, { type ReactNode } from 'react';
import clsx from 'clsx';
import { translate } from '@docusaurus/Translate';
import { useCodeBlockContext } from '@docusaurus/theme-common/internal';
import type { Props } from '@theme/CodeBlock/Buttons/WordWrapButton';
import Button from '@theme/CodeBlock/Buttons/Button';
import IconWordWrap from '@theme/Icon/WordWrap';
import original from '@docusaurus/theme-classic/lib/theme/CodeBlock/Buttons/WordWrapButton/styles.module.css';
import styles from './styles.module.css';

/**
 * Docusaurus's WordWrapButton (theme-classic 3.10), always rendered: CSS shows it when the code
 * is wider than its box (the attribute src/components/CodeBlockHtml sets) or wrapping is on,
 * where the original decided in React state after hydration.
 */
export default function WordWrapButton({ className }: Props): ReactNode {
  const { wordWrap } = useCodeBlockContext();
  const title = translate({
    id: 'theme.CodeBlock.wordWrapToggle',
    message: 'Toggle word wrap',
    description: 'The title attribute for toggle word wrapping button of code block lines',
  });
  return (
    <Button
      onClick={() => {
        wordWrap.toggle();
      }}
      className={clsx(
        className,
        styles.wordWrapButton,
        wordWrap.isEnabled && clsx(original.wordWrapButtonEnabled, styles.enabled),
      )}
      aria-label={title}
      title={title}
    >
      <IconWordWrap className={original.wordWrapButtonIcon} aria-hidden="true" />
    </Button>
  );
}
