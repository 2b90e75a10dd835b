import { describe, expect, test } from 'vitest';
import { ADDRESS_PLACEHOLDER, containsEmailAddress, withoutAddresses } from '../../src/lib/privacy';

describe('the e-mail address detector', () => {
  test('finds an address anywhere in a text, and nothing in a name or a handle', () => {
    expect(containsEmailAddress('mail dwmw2@infradead.org today')).toBe(true);
    expect(containsEmailAddress("o'brien+list@mail.example.co.uk")).toBe(true);
    expect(containsEmailAddress('David Woodhouse')).toBe(false);
    expect(containsEmailAddress('@dwmw2 on GitHub')).toBe(false);
    expect(containsEmailAddress('name@localhost')).toBe(false);
    expect(containsEmailAddress('a@b@c.example')).toBe(true);
  });

  test('strips addresses and masked addresses, keeping the words around them', () => {
    expect(withoutAddresses('write to dwmw2@xxxxxxxxxxxxx or a@b.example.')).toBe(
      `write to ${ADDRESS_PLACEHOLDER} or ${ADDRESS_PLACEHOLDER}.`,
    );
    expect(withoutAddresses('Re: [pkcs11-comment] <bob@example.org> wrote')).toBe(
      `Re: [pkcs11-comment] <${ADDRESS_PLACEHOLDER}> wrote`,
    );
    expect(withoutAddresses('a@b.example@XXXX.xx')).toBe(
      `${ADDRESS_PLACEHOLDER}${ADDRESS_PLACEHOLDER}`,
    );
    expect(withoutAddresses('no address here @ all')).toBe('no address here @ all');
  });

  test('takes linear time on inputs that make a single regular expression backtrack', () => {
    // A `[local]+@domain` regular expression took about 10 s on 40,000 letters (quadratic); at
    // 100,000 characters, about a minute. The scan takes milliseconds.
    const n = 100_000;
    const hostile = [
      'a'.repeat(n),
      `${'a'.repeat(n)}@${'b'.repeat(n)}`,
      'a@'.repeat(n),
      `a@${'x'.repeat(n)}`,
      `${'a.'.repeat(n)}@`,
    ];
    const started = performance.now();
    for (const text of hostile) {
      expect(containsEmailAddress(text)).toBe(false);
      expect(withoutAddresses(text).length).toBeGreaterThan(0);
    }
    expect(withoutAddresses(`a@${'x'.repeat(n)}`)).toBe(ADDRESS_PLACEHOLDER);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
