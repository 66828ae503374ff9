import { describe, expect, it } from 'vitest';
import { parseServerVersion } from './version.js';

describe('parseServerVersion', () => {
  it.each([
    ['19.0', [19, 0, 0, 'final', 0, ''], { version: '19.0', major: 19, minor: 0, edition: 'community' }],
    [
      '17.0+e',
      [17, 0, 0, 'final', 0, 'e'],
      { version: '17.0+e', major: 17, minor: 0, edition: 'enterprise' },
    ],
    [
      'saas~18.3',
      ['saas~18', 3, 0, 'final', 0, 'e'],
      { version: 'saas~18.3', major: 18, minor: 3, edition: 'enterprise' },
    ],
  ])('%s', (version, info, expected) => {
    expect(parseServerVersion(version, info)).toEqual(expected);
  });

  it('says when the answer is not Odoo’s', () => {
    expect(() => parseServerVersion(undefined, 'nginx')).toThrow(/is this URL an Odoo server/);
  });
});
