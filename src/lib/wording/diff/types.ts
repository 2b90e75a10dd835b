/** What the section-by-section diff of a guide page reports (the review's JSON shows these). */
import type { KeywordChange } from '../keywords';
import type { Sentence } from '../sentences';

export type WordMark = { op: 'equal' | 'insert' | 'delete'; text: string };

export interface SentenceChange {
  kind: 'added' | 'removed' | 'changed';
  before?: Sentence;
  after?: Sentence;
  /** word-level marks for changed: [{op:'equal'|'insert'|'delete', text}] */
  words?: WordMark[];
  keywords: KeywordChange;
}

export interface ComponentChange {
  kind: 'added' | 'removed' | 'changed';
  /** The component's name, `code` for a code block, `html` for raw HTML in a .md page. */
  name: string;
  before?: Record<string, string>;
  after?: Record<string, string>;
}

export interface SectionChange {
  kind: 'added' | 'removed' | 'moved' | 'renamed' | 'changed';
  id: string;
  beforeId?: string;
  title: string;
  beforeTitle?: string;
  sentences: SentenceChange[];
  components: ComponentChange[];
}
