/**
 * The user PIN for `npm run probe`: from an environment variable or the first line of standard
 * input, never from an argument (npm echoes arguments and ps shows them).
 */
import { createInterface } from 'node:readline';
import { ConfigurationError, InvalidInputError } from '../errors';

/** `--pin-env VAR`: the variable must be set. */
export function pinFromEnvironment(variable: string, env = process.env): string {
  const pin = env[variable];
  if (pin === undefined)
    throw new ConfigurationError(`--pin-env ${variable}: that variable is not set`);
  return pin;
}

/** `--pin-stdin`: the first line, without its line ending; a prompt on a terminal. */
export async function pinFromStdin(
  input: NodeJS.ReadStream = process.stdin,
  prompt: NodeJS.WritableStream = process.stderr,
): Promise<string> {
  if (input.isTTY) prompt.write('PIN: ');
  const lines = createInterface({ input, terminal: false });
  for await (const line of lines) {
    lines.close();
    return line.replace(/\r$/, '');
  }
  throw new ConfigurationError('--pin-stdin: no line on standard input');
}

/** The PIN the command line asks for: `--pin-env VAR` or `--pin-stdin`, one of them, or none. */
export async function readPin(
  from: { env?: string | undefined; stdin?: boolean | undefined },
  input?: NodeJS.ReadStream,
): Promise<string | undefined> {
  if (from.env !== undefined && from.stdin === true)
    throw new InvalidInputError('give the PIN one way: --pin-env or --pin-stdin');
  if (from.env !== undefined) return pinFromEnvironment(from.env);
  return from.stdin === true ? pinFromStdin(input) : undefined;
}
