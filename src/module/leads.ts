import { xmlid } from './namespace.js';
import { CRM_ADDON, CRM_STAGE } from './odoo-models.js';
import { type DeclaredRecord, ref, refs, type TargetOdoo } from './types.js';

/**
 * The leads pipeline of SOP Manajemen Hubungan Pelanggan (seed 004), as data in Odoo's own CRM,
 * only where the `crm` addon is installed: a sales team of its own and its stages
 * (Prospek Baru → Penawaran Terkirim → Negosiasi → Menang), and the lost reasons in Bahasa
 * Indonesia. The dealer's other teams and stages are not touched: the stages belong to the team.
 */

export const LEAD_TEAM = xmlid('crm_team_b2b');

export const LEAD_STAGES = {
  new: xmlid('crm_stage_new'),
  quotation: xmlid('crm_stage_quotation'),
  negotiation: xmlid('crm_stage_negotiation'),
  won: xmlid('crm_stage_won'),
} as const;

const STAGES: ReadonlyArray<{ xmlid: string; name: string; sequence: number; won: boolean }> = [
  { xmlid: LEAD_STAGES.new, name: 'Prospek Baru', sequence: 1, won: false },
  { xmlid: LEAD_STAGES.quotation, name: 'Penawaran Terkirim', sequence: 2, won: false },
  { xmlid: LEAD_STAGES.negotiation, name: 'Negosiasi', sequence: 3, won: false },
  { xmlid: LEAD_STAGES.won, name: 'Menang', sequence: 70, won: true },
];

/** Seed 004's reasons a deal is lost. */
const LOST_REASONS: ReadonlyArray<[string, string]> = [
  ['price', 'Harga'],
  ['competitor', 'Kompetitor'],
  ['budget', 'Anggaran'],
  ['timing', 'Waktu'],
  ['no_response', 'Tidak ada respon'],
  ['other', 'Lainnya'],
];

export function leadPipelineRecords(target: TargetOdoo, addons: ReadonlySet<string>): DeclaredRecord[] {
  if (!addons.has(CRM_ADDON)) return [];
  return [
    {
      xmlid: LEAD_TEAM,
      model: 'crm.team',
      values: { name: 'Tim Prospek B2B (H23)', use_leads: true, use_opportunities: true, sequence: 50 },
      // Odoo gives the team a mail alias of its own, under the team's external ID.
      inherits: ['mail.alias'],
      // Kept by an uninstall while leads held it: adopted again by the next install.
      naturalKey: { name: 'Tim Prospek B2B (H23)' },
    },
    ...STAGES.map((stage) => ({
      xmlid: stage.xmlid,
      model: 'crm.stage',
      naturalKey: { name: stage.name },
      values: {
        name: stage.name,
        sequence: stage.sequence,
        is_won: stage.won,
        // 19 links a stage to teams (many2many), 17 and 18 to one team.
        [target.stageTeams]: target.stageTeams === CRM_STAGE.f.teams ? refs(LEAD_TEAM) : ref(LEAD_TEAM),
      },
    })),
    ...LOST_REASONS.map(([key, name]) => ({
      xmlid: xmlid(`lost_reason_${key}`),
      model: 'crm.lost.reason',
      naturalKey: { name },
      values: { name },
    })),
  ];
}
