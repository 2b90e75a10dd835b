import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, InvalidInputError } from '../../src/lib/errors';
import { pinFromEnvironment, pinFromStdin, readPin } from '../../src/lib/probe';

/** Standard input that is not a terminal, holding `text`. */
function stdinWith(text: string): NodeJS.ReadStream {
  const stream = new PassThrough();
  stream.end(text);
  return stream as unknown as NodeJS.ReadStream;
}

describe('the probe PIN', () => {
  it('is read from the variable --pin-env names, and a variable not set is a set-up error', () => {
    expect(pinFromEnvironment('PROBE_PIN', { PROBE_PIN: '1234' })).toBe('1234');
    expect(() => pinFromEnvironment('PROBE_PIN', {})).toThrow(ConfigurationError);
    expect(() => pinFromEnvironment('PROBE_PIN', {})).toThrow(
      'PROBE_PIN: that variable is not set',
    );
  });

  it('is the first line of standard input, without its line ending', async () => {
    await expect(pinFromStdin(stdinWith('4321\r\nrest\n'))).resolves.toBe('4321');
    await expect(pinFromStdin(stdinWith(''))).rejects.toThrow(ConfigurationError);
  });

  it('comes one way or not at all', async () => {
    await expect(readPin({})).resolves.toBeUndefined();
    await expect(readPin({ stdin: true }, stdinWith('9876\n'))).resolves.toBe('9876');
    const both = readPin({ env: 'X', stdin: true });
    await expect(both).rejects.toBeInstanceOf(InvalidInputError);
    await expect(both).rejects.toThrow('give the PIN one way: --pin-env or --pin-stdin');
  });
});
