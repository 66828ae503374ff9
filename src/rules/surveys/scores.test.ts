import { describe, expect, it } from 'vitest';
import { type AnswerLine, isDetractor, npsClassOf, scoresOf } from './scores.js';

describe('npsClassOf', () => {
  it.each([
    [0, 'detractor'],
    [6, 'detractor'],
    [7, 'passive'],
    [8, 'passive'],
    [9, 'promoter'],
    [10, 'promoter'],
    [null, null],
  ] as const)('NPS %s is %s', (nps, expected) => {
    expect(npsClassOf(nps)).toBe(expected);
  });
});

describe('isDetractor', () => {
  it.each([
    [{ csat: 5, nps: 6 }, true],
    [{ csat: 5, nps: 7 }, false],
    [{ csat: 2, nps: 10 }, true],
    [{ csat: 3, nps: 10 }, false],
    [{ csat: 3, nps: 8 }, false],
    [{ csat: null, nps: null }, false],
    [{ csat: 1, nps: null }, true],
    [{ csat: null, nps: 0 }, true],
  ])('%o → %s', (answer, expected) => {
    expect(isDetractor(answer)).toBe(expected);
  });
});

describe('scoresOf', () => {
  it.each<[string, AnswerLine[], ReturnType<typeof scoresOf>]>([
    [
      'a promoter with a comment',
      [
        { question: 'csat', value: 5 },
        { question: 'nps', value: 9 },
        { question: 'comment', value: '  Cepat dan ramah ' },
      ],
      { csat: 5, nps: 9, comment: 'Cepat dan ramah', npsClass: 'promoter', detractor: false },
    ],
    [
      'a detractor by CSAT only',
      [
        { question: 'csat', value: 2 },
        { question: 'nps', value: 8 },
      ],
      { csat: 2, nps: 8, comment: null, npsClass: 'passive', detractor: true },
    ],
    ['no answer', [], { csat: null, nps: null, comment: null, npsClass: null, detractor: false }],
    [
      'values outside the scales are ignored',
      [
        { question: 'csat', value: 0 },
        { question: 'nps', value: 11 },
        { question: 'comment', value: '   ' },
      ],
      { csat: null, nps: null, comment: null, npsClass: null, detractor: false },
    ],
  ])('%s', (_, lines, expected) => {
    expect(scoresOf(lines)).toEqual(expected);
  });
});
