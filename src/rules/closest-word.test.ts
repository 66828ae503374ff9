import { describe, expect, it } from 'vitest';
import { closestWord, editDistance } from './closest-word.js';

describe('closestWord', () => {
  const commands = ['doctor', 'install', 'status', 'import', 'webhook', 'reconcile'];
  it.each([
    ['doctr', 2, 'doctor'],
    ['IMPRT', 2, 'import'],
    ['whatsap', 2, undefined],
    ['reconcil', 2, 'reconcile'],
  ])('%s (at most %i edits) → %s', (word, max, expected) => {
    expect(closestWord(word, commands, (name) => name, max)).toBe(expected);
  });

  it('counts insertions, deletions and substitutions', () => {
    expect([
      editDistance('database', 'db'),
      editDistance('kitten', 'sitting'),
      editDistance('', 'ab'),
    ]).toEqual([6, 3, 2]);
  });
});
