import { xmlid } from './namespace.js';
import { SURVEY_ADDON } from './odoo-models.js';
import { type DeclaredRecord, ref } from './types.js';

/**
 * The satisfaction survey after a service (SOP CRM Tahap 5, issue 15), declared as data in
 * Odoo's own Surveys app where it is installed: one page, CSAT 1–5, NPS 0–10 and a comment.
 *
 * Both scores are single-choice questions with one answer per score, on every version: Odoo 17
 * has no `scale` question type (18 added it), and a choice reads back the same way everywhere
 * (the answer line's suggested answer, whose external ID names the score). The texts are source
 * terms (the installer writes in en_US), which Odoo shows in every language without a
 * translation of its own: customers read them in Bahasa Indonesia.
 */

export const SURVEY_XMLIDS = {
  survey: xmlid('survey_satisfaction'),
  csat: xmlid('survey_question_csat'),
  nps: xmlid('survey_question_nps'),
  comment: xmlid('survey_question_comment'),
} as const;

export type ScoredQuestion = 'csat' | 'nps';

const CSAT_LABELS = ['Sangat tidak puas', 'Tidak puas', 'Biasa saja', 'Puas', 'Sangat puas'] as const;

/** The external ID of the answer for a score. */
export const surveyAnswerXmlid = (question: ScoredQuestion, score: number): string =>
  xmlid(`survey_answer_${question}_${score}`);

/** Every scored answer: its external ID, question and score. */
export const SURVEY_SCORED_ANSWERS: ReadonlyArray<{
  xmlid: string;
  question: ScoredQuestion;
  score: number;
}> = [
  ...[1, 2, 3, 4, 5].map((score) => ({
    xmlid: surveyAnswerXmlid('csat', score),
    question: 'csat' as const,
    score,
  })),
  ...Array.from({ length: 11 }, (_, score) => ({
    xmlid: surveyAnswerXmlid('nps', score),
    question: 'nps' as const,
    score,
  })),
];

/** The CSAT answer as the customer reads it: `4 - Puas`. */
export const csatAnswerLabel = (score: number): string => `${score} - ${CSAT_LABELS[score - 1] ?? ''}`;

export const SURVEY_TITLE = 'Survei Kepuasan Servis H23';

export function surveyRecords(addons: ReadonlySet<string>): DeclaredRecord[] {
  if (!addons.has(SURVEY_ADDON)) return [];
  const survey: DeclaredRecord = {
    xmlid: SURVEY_XMLIDS.survey,
    model: 'survey.survey',
    values: {
      title: SURVEY_TITLE,
      description:
        '<p>Terima kasih telah melakukan servis di bengkel kami. Mohon jawab tiga pertanyaan singkat tentang kunjungan Anda.</p>',
      description_done:
        '<p>Terima kasih atas penilaian Anda. Jawaban Anda membantu kami memperbaiki pelayanan.</p>',
      survey_type: 'survey',
      // Only invited customers answer, each with their own token (the bridge's invitation).
      access_mode: 'token',
      users_login_required: false,
      questions_layout: 'one_page',
      is_attempts_limited: false,
    },
  };
  const question = (
    key: keyof typeof SURVEY_XMLIDS,
    sequence: number,
    title: string,
    type: 'simple_choice' | 'text_box',
    mandatory: boolean,
  ): DeclaredRecord => ({
    xmlid: SURVEY_XMLIDS[key],
    model: 'survey.question',
    values: {
      survey_id: ref(SURVEY_XMLIDS.survey),
      title,
      question_type: type,
      constr_mandatory: mandatory,
      sequence,
      is_page: false,
    },
  });
  const questions = [
    question('csat', 10, 'Seberapa puas Anda dengan servis kami hari ini?', 'simple_choice', true),
    question(
      'nps',
      20,
      'Seberapa besar kemungkinan Anda merekomendasikan bengkel kami kepada teman atau keluarga? (0 = tidak mungkin, 10 = sangat mungkin)',
      'simple_choice',
      true,
    ),
    question('comment', 30, 'Ada saran atau keluhan untuk kami? (boleh dikosongkan)', 'text_box', false),
  ];
  const answers = SURVEY_SCORED_ANSWERS.map(
    ({ xmlid: id, question: scored, score }): DeclaredRecord => ({
      xmlid: id,
      model: 'survey.question.answer',
      values: {
        question_id: ref(SURVEY_XMLIDS[scored]),
        value: scored === 'csat' ? csatAnswerLabel(score) : String(score),
        sequence: score,
      },
    }),
  );
  return [survey, ...questions, ...answers];
}
