/**
 * A survey answer as scores (issue 15): CSAT 1–5, NPS 0–10, the comment. NPS classes as Bain
 * defines them: promoters 9–10, passives 7–8, detractors 0–6. A customer is a detractor to
 * handle when their NPS is 6 or less, or their CSAT 2 or less.
 */

export type NpsClass = 'promoter' | 'passive' | 'detractor';

export interface SurveyAnswer {
  csat: number | null;
  nps: number | null;
  comment: string | null;
}

export interface SurveyScores extends SurveyAnswer {
  npsClass: NpsClass | null;
  detractor: boolean;
}

export const CSAT_DETRACTOR_MAX = 2;
export const NPS_DETRACTOR_MAX = 6;
export const NPS_PROMOTER_MIN = 9;

export function npsClassOf(nps: number | null): NpsClass | null {
  if (nps === null) return null;
  if (nps >= NPS_PROMOTER_MIN) return 'promoter';
  return nps > NPS_DETRACTOR_MAX ? 'passive' : 'detractor';
}

export function isDetractor(answer: Pick<SurveyAnswer, 'csat' | 'nps'>): boolean {
  return (
    (answer.nps !== null && answer.nps <= NPS_DETRACTOR_MAX) ||
    (answer.csat !== null && answer.csat <= CSAT_DETRACTOR_MAX)
  );
}

/** One answered question, as the store reads it from Odoo's answer lines. */
export type AnswerLine = { question: 'csat' | 'nps'; value: number } | { question: 'comment'; value: string };

/** The scores of one survey answer from its lines; a question skipped stays empty. */
export function scoresOf(lines: readonly AnswerLine[]): SurveyScores {
  const answer: SurveyAnswer = { csat: null, nps: null, comment: null };
  for (const line of lines) {
    if (line.question === 'comment') {
      const text = line.value.trim();
      if (text) answer.comment = text;
    } else if (Number.isInteger(line.value)) {
      const [low, high] = line.question === 'csat' ? [1, 5] : [0, 10];
      if (line.value >= low && line.value <= high) answer[line.question] = line.value;
    }
  }
  return { ...answer, npsClass: npsClassOf(answer.nps), detractor: isDetractor(answer) };
}
