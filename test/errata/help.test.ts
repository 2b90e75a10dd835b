import { describe, expect, test } from 'vitest';
import { ERRATA_COMMANDS, ERRATA_HELP, ERRATA_OVERVIEW_HELP } from '../../src/lib/errata';
import { GUIDE_COMMANDS, GUIDE_HELP } from '../../src/lib/recommendations';

describe('the help texts of the errata and guide commands', () => {
  test('the errata overview lists every command the dispatcher runs', () => {
    expect(ERRATA_COMMANDS).toEqual([
      'validate',
      'new',
      'screen',
      'list',
      'log',
      'sync-mail',
      'sync-github',
    ]);
    for (const command of ERRATA_COMMANDS)
      expect(ERRATA_OVERVIEW_HELP).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  test("each errata command's help starts with its own usage line", () => {
    for (const command of ERRATA_COMMANDS)
      expect(ERRATA_HELP[command].startsWith(`Usage: npm run errata -- ${command}`)).toBe(true);
  });

  test('the guide help lists every command', () => {
    for (const command of GUIDE_COMMANDS)
      expect(GUIDE_HELP).toMatch(new RegExp(`^  ${command}(\\s|$)`, 'm'));
  });
});
