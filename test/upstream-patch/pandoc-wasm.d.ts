/** The part of pandoc-wasm's API the round-trip test uses (the package ships no types). */
declare module 'pandoc-wasm' {
  export interface PandocWarning {
    type: string;
    verbosity: 'ERROR' | 'WARNING' | 'INFO';
    pretty: string;
  }
  export interface PandocResult {
    stdout: string;
    stderr: string;
    warnings: PandocWarning[];
    files: Record<string, string | Blob>;
  }
  /** Options as in a pandoc defaults file; `files` holds the inputs by name. */
  export function convert(
    options: Record<string, unknown>,
    stdin: string | null,
    files: Record<string, string | Blob>,
  ): Promise<PandocResult>;
}
