/**
 * What the Usage Guide audit works on and reports: a guide is a list of chapters in reading
 * order (the TC's `files.txt` order), each with the path shown in findings and its text. Where
 * the chapters come from (a local folder, a GitHub ref) is the loader's business, not the
 * checks'.
 */
import type { Finding } from '../findings';

export interface Chapter {
  /** Path shown in findings, e.g. `working/doc/ug/General_Overview.md`. */
  path: string;
  text: string;
}

export interface AuditContext {
  /** The repository root the project data (identifier table, headings table) is read from. */
  siteDir: string;
}

/** One check: a name (the finding's rule id), a one-line description, and the check itself. */
export interface AuditCheck {
  name: string;
  description: string;
  run(chapters: readonly Chapter[], context: AuditContext): Promise<Finding[]> | Finding[];
}

export type { Finding };
