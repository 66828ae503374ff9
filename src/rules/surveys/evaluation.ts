import type { NpsClass } from './scores.js';

/**
 * The monthly satisfaction evaluation (SOP CRM Tahap 5: "Laporan Kepuasan Pelanggan"), one line
 * per branch, admin, service advisor and month of the visit. Lines hold counts, which add up in
 * Odoo's pivot across branches, admins and advisors; the rates of a line (and of a branch, for its
 * head's e-mail) are worked out from its counts.
 */

export interface EvaluatedInvitation {
  branchId: number | null;
  adminId: number | null;
  advisor: string | null;
  visitDate: string;
  answered: boolean;
  csat: number | null;
  nps: number | null;
  npsClass: NpsClass | null;
  detractor: boolean;
  /** The detractor's complaint is closed (stage done). */
  handled: boolean;
}

export interface EvaluationCounts {
  invitations: number;
  responses: number;
  csatResponses: number;
  csatTotal: number;
  npsResponses: number;
  promoters: number;
  passives: number;
  npsDetractors: number;
  /** Answers to handle: NPS ≤ 6 or CSAT ≤ 2. */
  detractors: number;
  detractorsHandled: number;
}

export interface EvaluationFigures extends EvaluationCounts {
  /** Responses per invitation, in percent (0 without invitations). */
  responseRate: number;
  /** Mean CSAT (1–5) of those who answered it; 0 when nobody did. */
  csatMean: number;
  /** % promoters − % detractors among NPS answers, −100…100; 0 when nobody answered. */
  nps: number;
}

export interface EvaluationLine extends EvaluationFigures {
  key: string;
  /** First day of the month: `2026-11-01`. */
  month: string;
  branchId: number | null;
  adminId: number | null;
  advisor: string | null;
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

export const EMPTY_COUNTS: EvaluationCounts = {
  invitations: 0,
  responses: 0,
  csatResponses: 0,
  csatTotal: 0,
  npsResponses: 0,
  promoters: 0,
  passives: 0,
  npsDetractors: 0,
  detractors: 0,
  detractorsHandled: 0,
};

export function figuresOf(counts: EvaluationCounts): EvaluationFigures {
  return {
    ...counts,
    responseRate: counts.invitations ? round1((100 * counts.responses) / counts.invitations) : 0,
    csatMean: counts.csatResponses ? Math.round((100 * counts.csatTotal) / counts.csatResponses) / 100 : 0,
    nps: counts.npsResponses
      ? round1((100 * (counts.promoters - counts.npsDetractors)) / counts.npsResponses)
      : 0,
  };
}

export function addCounts(a: EvaluationCounts, b: EvaluationCounts): EvaluationCounts {
  const sum = { ...EMPTY_COUNTS };
  for (const key of Object.keys(EMPTY_COUNTS) as Array<keyof EvaluationCounts>) sum[key] = a[key] + b[key];
  return sum;
}

function countsOf(invitation: EvaluatedInvitation): EvaluationCounts {
  const counts = { ...EMPTY_COUNTS, invitations: 1 };
  if (!invitation.answered) return counts;
  counts.responses = 1;
  if (invitation.csat !== null) {
    counts.csatResponses = 1;
    counts.csatTotal = invitation.csat;
  }
  if (invitation.npsClass !== null) {
    counts.npsResponses = 1;
    if (invitation.npsClass === 'promoter') counts.promoters = 1;
    else if (invitation.npsClass === 'passive') counts.passives = 1;
    else counts.npsDetractors = 1;
  }
  if (invitation.detractor) {
    counts.detractors = 1;
    if (invitation.handled) counts.detractorsHandled = 1;
  }
  return counts;
}

/** The advisor as the key holds it: trimmed, upper case, inner spaces single (`Budi  s` = `BUDI S`). */
export function advisorKey(advisor: string | null): string {
  const key = (advisor ?? '').trim().replace(/\s+/g, ' ').toUpperCase();
  return key || '-';
}

export const evaluationKey = (
  branchId: number | null,
  adminId: number | null,
  advisor: string | null,
  month: string,
): string => `${branchId ?? '-'}:${adminId ?? '-'}:${advisorKey(advisor)}:${month.slice(0, 7)}`;

/** The evaluation lines of the invitations given, by the month of their visit. */
export function evaluationLines(invitations: readonly EvaluatedInvitation[]): EvaluationLine[] {
  const lines = new Map<string, EvaluationLine>();
  for (const invitation of invitations) {
    const month = `${invitation.visitDate.slice(0, 7)}-01`;
    const key = evaluationKey(invitation.branchId, invitation.adminId, invitation.advisor, month);
    const before = lines.get(key);
    const counts = addCounts(before ?? EMPTY_COUNTS, countsOf(invitation));
    lines.set(key, {
      key,
      month,
      branchId: invitation.branchId,
      adminId: invitation.adminId,
      // The first spelling met names the line; the key ignores case and spacing.
      advisor: before ? before.advisor : invitation.advisor?.trim().replace(/\s+/g, ' ') || null,
      ...figuresOf(counts),
    });
  }
  return [...lines.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** A branch's figures for a month: its lines added up, the rates worked out again. */
export function branchFigures(lines: readonly EvaluationLine[]): EvaluationFigures {
  return figuresOf(lines.reduce<EvaluationCounts>((sum, line) => addCounts(sum, line), EMPTY_COUNTS));
}
