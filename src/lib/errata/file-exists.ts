import { access } from 'node:fs/promises';

/** Whether a file is there; only "no such file" counts as absent, any other error is thrown. */
export async function fileExists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    (error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    },
  );
}
