import React, { type ReactNode } from 'react';
import clsx from 'clsx';
import styles from './errata.module.css';

/** The status in words; colour only repeats it. Rejected errata are deliberately quiet. */
export default function StatusBadge({
  status,
  label,
}: {
  status: string;
  label: string;
}): ReactNode {
  return <span className={clsx(styles.badge, styles[`status-${status}`])}>{label}</span>;
}
