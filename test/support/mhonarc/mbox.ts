/**
 * The mbox files MHonArc reads: each message starts with a `From sender date` separator line,
 * body lines that start with `From ` are escaped as `>From ` (MHonArc splits messages at every
 * line-initial `From `), and one blank line ends each message.
 */
import { writeFile } from 'node:fs/promises';
import { formatMessage, parseMailDate, type MailMessage } from './message';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** ctime(3) form in UTC, e.g. `Sun May 10 11:55:00 2015`, as mail delivery agents write it. */
function asctime(date: Date): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  const weekday = WEEKDAYS[date.getUTCDay()] ?? 'Sun';
  const month = MONTHS[date.getUTCMonth()] ?? 'Jan';
  const day = String(date.getUTCDate()).padStart(2, ' ');
  return `${weekday} ${month} ${day} ${time} ${date.getUTCFullYear()}`;
}

/** The envelope sender: the address of the From header, or MAILER-DAEMON when there is none. */
function envelopeSender(from: string): string {
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(from);
  const bare = /[^\s<>()",;:]+@[^\s<>()",;:]+/.exec(from);
  const address = angle?.[1] ?? bare?.[0];
  return address !== undefined && /^[\x21-\x7e]+$/.test(address) ? address : 'MAILER-DAEMON';
}

/** The `From ` separator line of a message, without its line end. */
export function fromLine(message: MailMessage): string {
  let date: Date;
  try {
    date = parseMailDate(message.date);
  } catch {
    // The separator's date is informational; a test may archive a message with a broken Date.
    date = new Date(0);
  }
  return `From ${envelopeSender(message.from)} ${asctime(date)}`;
}

/** Escapes every line-initial `From ` as `>From ` (the mboxo convention). */
export function escapeFromLines(bytes: Buffer): Buffer {
  // latin1 maps each byte to one character and back, so non-ASCII bytes survive unchanged.
  return Buffer.from(bytes.toString('latin1').replace(/^From /gm, '>From '), 'latin1');
}

/** The mbox bytes of the messages, in the order given. */
export function formatMbox(messages: readonly MailMessage[]): Buffer {
  const chunks: Buffer[] = [];
  for (const message of messages) {
    const bytes = escapeFromLines(formatMessage(message));
    chunks.push(Buffer.from(`${fromLine(message)}\n`, 'latin1'), bytes);
    if (bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a) chunks.push(Buffer.from('\n'));
    chunks.push(Buffer.from('\n'));
  }
  return Buffer.concat(chunks);
}

export async function writeMbox(file: string, messages: readonly MailMessage[]): Promise<void> {
  await writeFile(file, formatMbox(messages));
}
