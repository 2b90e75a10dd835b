/**
 * The ready-to-send comment that submits the proposed text to the PKCS 11 TC's comment list.
 * Plain text, as the list expects; the proposed text follows the covering note verbatim.
 */
import { COMMENT_LIST_ADDRESS } from '../../config';

export function commentText(options: { proposedText: string; pageUrl: string }): string {
  return [
    `To: ${COMMENT_LIST_ADDRESS}`,
    'Subject: Usage Guide v3.2 CN01 and v2.40 CN02, section 2.5.2 "Applications and processes": proposed replacement text (fork)',
    '',
    'Dear members of the PKCS 11 Technical Committee,',
    '',
    'Section 2.5.2 of the PKCS #11 Usage Guide still advises a child process to call',
    'C_Initialize and, if it does not need Cryptoki, C_Finalize "immediately" after fork().',
    'Implemented as a pthread_atfork() child handler, or run in the child of a multi-threaded',
    'process, that advice breaks the POSIX rule that such a child may only call',
    'async-signal-safe functions before it execs, and it hangs or crashes real modules.',
    'The point was first made on this list in May 2015; version 3.2 (2025) repeats the 2014 text.',
    '',
    'Below is a replacement for the section, for both versions of the Usage Guide. Every',
    'recommendation in it is demonstrated by a C program that the companion project runs against',
    'SoftHSM2, NSS softoken, the p11-kit proxy and remoting client, and a reference module:',
    `  ${options.pageUrl}`,
    '',
    'This comment, including the text below, is submitted under the OASIS Feedback License,',
    'as are all comments sent to this list.',
    '',
    '----- proposed text (Markdown, ready for the Usage Guide sources) -----',
    '',
    options.proposedText.trimEnd(),
    '',
    '----- end of proposed text -----',
    '',
  ].join('\n');
}
