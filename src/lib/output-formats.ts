/** The formats a report can be written in; each command offers a subset (`parseFormat`). */
export const OUTPUT_FORMATS = ['text', 'json', 'markdown', 'github'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
