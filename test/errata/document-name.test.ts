import { expect, test } from 'vitest';
import { describeAffected, documentName } from '../../src/lib/errata';

test('documents are named by kind, version and stage, as the errata pages and the log show them', () => {
  expect(documentName('ug-3.2-cn01')).toBe('Usage Guide v3.2 CN01');
  expect(documentName('spec-3.2-cs01')).toBe('Specification v3.2 CS01');
  expect(documentName('unknown-doc')).toBe('unknown-doc');
  expect(describeAffected({ document: 'ug-2.40-cn02', section: '2.5.2' })).toBe(
    'Usage Guide v2.40 CN02 §2.5.2',
  );
});
