/**
 * Runs $EDITOR on a file and waits for it. As git does, a shell runs the variable with the file
 * as "$@", so an editor given with arguments (EDITOR="code --wait") works (git's run-command.c,
 * prepare_shell_cmd).
 */
import { spawn } from 'node:child_process';

export function runEditor(editor: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', `${editor} "$@"`, editor, file], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`the editor (${editor}) exited with ${signal ?? `status ${code}`}`));
    });
  });
}
