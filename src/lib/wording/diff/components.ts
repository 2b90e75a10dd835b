/**
 * The component changes of one section: MDX components, code blocks and raw HTML are compared
 * whole, by name and props, never word by word.
 */
import { changedStretches } from '../../word-diff';
import type { Block } from '../sections';
import type { ComponentChange } from './types';

export interface Whole {
  name: string;
  props: Record<string, string>;
  key: string;
}

export function wholeOf(block: Exclude<Block, { kind: 'text' }>): Whole {
  const name = block.kind === 'code' ? 'code' : block.name;
  const props =
    block.kind === 'code'
      ? { ...(block.lang === undefined ? {} : { lang: block.lang }), value: block.value }
      : block.props;
  return { name, props, key: JSON.stringify([name, props]) };
}

export function diffWholes(before: readonly Whole[], after: readonly Whole[]): ComponentChange[] {
  const changes: ComponentChange[] = [];
  for (const gap of changedStretches(before, after, (x, y) => x.key === y.key)) {
    const added = gap.added.flatMap((index) => after[index] ?? []);
    for (const old of gap.removed.flatMap((index) => before[index] ?? [])) {
      // A component of the same name in the same gap is the same component with other props.
      const partner = added.findIndex((candidate) => candidate.name === old.name);
      const current = partner === -1 ? undefined : added.splice(partner, 1)[0];
      if (current === undefined) {
        changes.push({ kind: 'removed', name: old.name, before: old.props });
      } else {
        changes.push({ kind: 'changed', name: old.name, before: old.props, after: current.props });
      }
    }
    for (const current of added) {
      changes.push({ kind: 'added', name: current.name, after: current.props });
    }
  }
  return changes;
}
