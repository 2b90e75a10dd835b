/**
 * A synthetic two-list archive for `npm run bench:sync`: comment threads (some about the Usage
 * Guide), replies that cross into the next month, cross-posts and TC-list chatter, spread over a
 * number of months. Seeded, so every run builds the same archive.
 */
import type { MailMessage } from '../../../test/support/mhonarc';
import { seededRandom } from './seeded-random';

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

function rfc5322(time: number): string {
  const d = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAY_NAMES[d.getUTCDay()] ?? 'Sun'}, ${d.getUTCDate()} ${MONTH_NAMES[d.getUTCMonth()] ?? 'Jan'} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

export interface SyntheticArchiveOptions {
  messages: number;
  months: number;
  /** First month, `YYYY-MM`. */
  start?: string;
  seed?: number;
}

/** `messages` messages over `months` months on pkcs11-comment and pkcs11, oldest first. */
export function syntheticArchive(options: SyntheticArchiveOptions): MailMessage[] {
  const random = seededRandom(options.seed ?? 11);
  const start = Date.parse(`${options.start ?? '2014-01'}-01T00:00:00Z`);
  const span = options.months * 30 * 86_400_000;
  const times = Array.from(
    { length: options.messages },
    () => start + Math.floor(random() * span),
  ).sort((a, b) => a - b);
  const open: { id: string; subject: string; list: string; refs: string[] }[] = [];
  const paragraph =
    'The child of a multi-threaded process may call only async-signal-safe functions until it execs. ';
  return times.map((time, index): MailMessage => {
    const id = `<m${index}.bench@archive.example>`;
    const list = random() < 0.3 ? 'pkcs11-comment' : 'pkcs11';
    const body = {
      kind: 'text' as const,
      text: `${paragraph.repeat(2 + Math.floor(random() * 8))}\n`,
    };
    const parent =
      open.length > 0 && random() < 0.6 ? open[Math.floor(random() * open.length)] : undefined;
    if (parent !== undefined) {
      const refs = [...parent.refs, id].slice(-8);
      const message: MailMessage = {
        list: parent.list,
        from: `Member ${index % 97} <member${index % 97}@archive.example>`,
        subject: `Re: ${parent.subject}`,
        date: rfc5322(time),
        messageId: id,
        inReplyTo: parent.refs.at(-1) ?? '',
        references: parent.refs,
        body,
      };
      parent.refs = refs;
      return message;
    }
    const about = list === 'pkcs11-comment' && random() < 0.5;
    const subject = about ? `Usage Guide question ${index}` : `Topic ${index}`;
    open.push({ id, subject, list, refs: [id] });
    if (open.length > 40) open.shift();
    return {
      list,
      ...(list === 'pkcs11-comment' && random() < 0.1 ? { alsoTo: ['pkcs11'] } : {}),
      from: `Member ${index % 97} <member${index % 97}@archive.example>`,
      subject,
      date: rfc5322(time),
      messageId: id,
      body,
    };
  });
}
