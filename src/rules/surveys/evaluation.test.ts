import { describe, expect, it } from 'vitest';
import { advisorKey, branchFigures, type EvaluatedInvitation, evaluationLines } from './evaluation.js';
import { isDetractor, npsClassOf } from './scores.js';

const answered = (
  csat: number | null,
  nps: number | null,
  extra: Partial<EvaluatedInvitation> = {},
): EvaluatedInvitation => ({
  branchId: 1,
  adminId: 5,
  advisor: 'Budi',
  visitDate: '2026-11-10',
  answered: true,
  csat,
  nps,
  npsClass: npsClassOf(nps),
  detractor: isDetractor({ csat, nps }),
  handled: false,
  ...extra,
});
const unanswered = (extra: Partial<EvaluatedInvitation> = {}): EvaluatedInvitation => ({
  ...answered(null, null, extra),
  answered: false,
});

describe('evaluationLines', () => {
  it('counts and works out the rates of one line', () => {
    const [line, ...rest] = evaluationLines([
      answered(5, 10),
      answered(4, 9),
      answered(3, 8),
      answered(2, 6, { handled: true }),
      answered(1, 0),
      unanswered(),
      unanswered(),
      unanswered(),
    ]);
    expect(rest).toEqual([]);
    expect(line).toEqual({
      key: '1:5:BUDI:2026-11',
      month: '2026-11-01',
      branchId: 1,
      adminId: 5,
      advisor: 'Budi',
      invitations: 8,
      responses: 5,
      responseRate: 62.5,
      csatResponses: 5,
      csatTotal: 15,
      csatMean: 3,
      npsResponses: 5,
      promoters: 2,
      passives: 1,
      npsDetractors: 2,
      // (2 − 2) / 5
      nps: 0,
      detractors: 2,
      detractorsHandled: 1,
    });
  });

  it('splits by branch, admin, advisor (case and spacing aside) and month of the visit', () => {
    const lines = evaluationLines([
      answered(5, 10, { advisor: 'budi  ' }),
      answered(5, 10, { advisor: ' BUDI' }),
      answered(5, 10, { advisor: null }),
      answered(5, 10, { adminId: null }),
      answered(5, 10, { visitDate: '2026-12-01' }),
      answered(5, 10, { branchId: 2 }),
    ]);
    expect(lines.map((line) => [line.key, line.invitations, line.advisor])).toEqual([
      ['1:-:BUDI:2026-11', 1, 'Budi'],
      ['1:5:-:2026-11', 1, null],
      ['1:5:BUDI:2026-11', 2, 'budi'],
      ['1:5:BUDI:2026-12', 1, 'Budi'],
      ['2:5:BUDI:2026-11', 1, 'Budi'],
    ]);
  });

  it('gives 0 rates where nobody answered, and NPS of a single answer at its edges', () => {
    expect(evaluationLines([unanswered()])[0]).toMatchObject({ responseRate: 0, csatMean: 0, nps: 0 });
    expect(evaluationLines([answered(null, 6)])[0]).toMatchObject({ nps: -100, csatMean: 0, detractors: 1 });
    expect(evaluationLines([answered(null, 7)])[0]).toMatchObject({ nps: 0, detractors: 0 });
    expect(evaluationLines([answered(null, 9)])[0]).toMatchObject({ nps: 100 });
    expect(evaluationLines([answered(3, null)])[0]).toMatchObject({ npsResponses: 0, nps: 0, detractors: 0 });
  });
});

describe('branchFigures', () => {
  it('adds the counts of the lines and works the rates out again (not an average of rates)', () => {
    const lines = evaluationLines([
      answered(5, 10, { adminId: 1 }),
      unanswered({ adminId: 1 }),
      unanswered({ adminId: 1 }),
      answered(1, 0, { adminId: 2 }),
    ]);
    expect(branchFigures(lines)).toMatchObject({
      invitations: 4,
      responses: 2,
      responseRate: 50,
      csatMean: 3,
      nps: 0,
      detractors: 1,
    });
  });
});

describe('advisorKey', () => {
  it.each([
    [null, '-'],
    ['  ', '-'],
    ['Siti  Aminah ', 'SITI AMINAH'],
  ])('%s → %s', (advisor, key) => {
    expect(advisorKey(advisor)).toBe(key);
  });
});
