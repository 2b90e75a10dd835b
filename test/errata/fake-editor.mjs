// A stand-in for $EDITOR in the screening tests, run the way an editor is: with the file to edit
// as its one argument. It applies the replacements in FAKE_EDITOR_EDITS (JSON [[from, to], …]) to
// the file, as a person would type them, and fails (exit 1) when a `from` is not in the file, so a
// test cannot pass on a file it did not expect. FAKE_EDITOR_EXIT makes it exit with that status
// after writing, like an editor quit with an error; FAKE_EDITOR_LOG names a file it appends the
// path it was given to.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';

const [file, ...rest] = process.argv.slice(2);
if (file === undefined || rest.length > 0) {
  process.stderr.write('usage: fake-editor.mjs <file>\n');
  process.exit(2);
}
if (process.env.FAKE_EDITOR_LOG) appendFileSync(process.env.FAKE_EDITOR_LOG, `${file}\n`);
let text = readFileSync(file, 'utf8');
for (const [from, to] of JSON.parse(process.env.FAKE_EDITOR_EDITS ?? '[]')) {
  if (!text.includes(from)) {
    process.stderr.write(`fake-editor: ${JSON.stringify(from)} is not in ${file}\n`);
    process.exit(1);
  }
  text = text.replace(from, to);
}
writeFileSync(file, text);
process.exit(Number(process.env.FAKE_EDITOR_EXIT ?? '0'));
