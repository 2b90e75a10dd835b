/** The pull-request wording review: report, renderings, and the one rewritable comment. */
export { renderAnnotations } from './annotations';
export { postReviewComment, type PostResult } from './comment';
export { changedPages, resolveRevision, type ChangedPage } from './git';
export { escapeInline, renderMarkdown, REVIEW_MARKER, type MarkdownOptions } from './markdown';
export {
  assembleReport,
  buildReview,
  reviewPage,
  type ObligationChange,
  type PageReview,
  type ReviewOptions,
  type ReviewReport,
  type ReviewSummary,
} from './report';
