/**
 * Wording review of guide pages: sections with Docusaurus heading ids, sentences, BCP 14
 * keywords, and a section-by-section diff of two versions.
 */
export {
  diffDocuments,
  type ComponentChange,
  type SectionChange,
  type SentenceChange,
} from './diff';
export {
  BCP14_KEYWORDS,
  compareKeywords,
  findKeywords,
  type KeywordChange,
  type KeywordUse,
} from './keywords';
export { parseSections, type Block, type Section } from './sections';
export { normaliseWhitespace, splitSentences, type Sentence } from './sentences';
