import { fieldXmlid, modelXmlid } from './model-spec.js';
import { COMPLAINT } from './models.js';
import { xmlid } from './namespace.js';
import { AUTOMATION_ADDON } from './odoo-models.js';
import { type DeclaredRecord, ref, refs, type TargetOdoo } from './types.js';

export const COMPLAINT_RULE = xmlid('automation_complaint_stage');
export const COMPLAINT_RULE_ACTION = xmlid('action_complaint_stage_rules');
const ACTION_NAME = 'CRM H23: periksa tahap keluhan';

/** What each complaint stage needs before it may be entered (SOP CRM Tahap 3), in Bahasa Indonesia. */
export const COMPLAINT_REFUSALS = {
  rootCause: 'Keluhan %s: isi Jenis Akar Masalah dan Akar Masalah sebelum keluar dari tahap Analisis.',
  solution: 'Keluhan %s: isi Solusi sebelum keluar dari tahap Solusi Disampaikan.',
  confirmation:
    'Keluhan %s belum dapat ditutup: pelanggan harus menyatakan puas (Konfirmasi Pelanggan: Puas) dan isi Dikonfirmasi Lewat (telepon, WhatsApp atau datang langsung).',
} as const;

const f = COMPLAINT.f;

const REOPEN_NOTE = 'Pelanggan belum puas dengan solusi: keluhan dibuka kembali untuk dianalisis ulang.';

/**
 * Runs in Odoo on every save that touches the stage or the confirmation, as the user who saved
 * (safe_eval: `records`, `env`, `datetime`, `UserError`, 17–19): refuses a stage its step is not
 * complete for, stamps when the complaint was acknowledged, solved and closed, and reopens it
 * when the customer is not satisfied. Its own writes do not trigger it again.
 */
export const COMPLAINT_RULE_CODE = [
  'now = datetime.datetime.now()',
  'for record in records:',
  `    stage = record.${f.stage}`,
  '    values = {}',
  // The customer not satisfied with the solution, also after closing: reopened.
  `    if record.${f.confirmation} == 'not_satisfied' and stage in ('solution', 'confirmation', 'done'):`,
  "        stage = 'reopened'",
  `        values['${f.stage}'] = 'reopened'`,
  `        record.message_post(body=${JSON.stringify(REOPEN_NOTE)}, message_type='comment', subtype_xmlid='mail.mt_note')`,
  // Reopened (so, or by the status bar) after a solution: a new solution is needed, and confirmed again.
  `    if stage == 'reopened' and (record.${f.solvedAt} or record.${f.confirmation} or record.${f.closedAt} or values):`,
  `        values['${f.reopenCount}'] = (record.${f.reopenCount} or 0) + 1`,
  `        values['${f.reopenedAt}'] = now`,
  `        values['${f.confirmation}'] = False`,
  `        values['${f.solvedAt}'] = False`,
  `        values['${f.closedAt}'] = False`,
  `        values['${f.escalatedSolution}'] = False`,
  `    if stage in ('solution', 'confirmation', 'done') and not (record.${f.rootCauseKind} and record.${f.rootCause}):`,
  `        raise UserError(${JSON.stringify(COMPLAINT_REFUSALS.rootCause)} % record.${f.name})`,
  `    if stage in ('confirmation', 'done') and not record.${f.solution}:`,
  `        raise UserError(${JSON.stringify(COMPLAINT_REFUSALS.solution)} % record.${f.name})`,
  `    if stage == 'done' and not (record.${f.confirmation} == 'satisfied' and record.${f.confirmationChannel}):`,
  `        raise UserError(${JSON.stringify(COMPLAINT_REFUSALS.confirmation)} % record.${f.name})`,
  `    if stage not in ('received', 'escalated') and not record.${f.acknowledgedAt}:`,
  `        values['${f.acknowledgedAt}'] = now`,
  // "Solusi Disampaikan": the solution reached the customer when the complaint enters that stage.
  `    if stage in ('solution', 'confirmation', 'done') and not record.${f.solvedAt}:`,
  `        values['${f.solvedAt}'] = now`,
  `    if stage == 'done' and not record.${f.closedAt}:`,
  `        values['${f.closedAt}'] = now`,
  `    if stage != 'done' and record.${f.closedAt} and '${f.closedAt}' not in values:`,
  `        values['${f.closedAt}'] = False`,
  '    if values:',
  '        record.write(values)',
].join('\n');

export function automationRecords(target: TargetOdoo, addons: ReadonlySet<string>): DeclaredRecord[] {
  // Odoo's Automation Rules addon: the module's rules are declared only where it is installed.
  if (!addons.has(AUTOMATION_ADDON)) return [];
  const model = COMPLAINT.model;
  return [
    {
      xmlid: COMPLAINT_RULE,
      model: 'base.automation',
      values: {
        name: 'CRM H23: aturan tahap keluhan',
        model_id: ref(modelXmlid(model)),
        trigger: 'on_create_or_write',
        // Only these fields: the bridge's deadline writes do not run it.
        trigger_field_ids: refs(fieldXmlid(model, f.stage), fieldXmlid(model, f.confirmation)),
        active: true,
      },
    },
    {
      xmlid: COMPLAINT_RULE_ACTION,
      model: 'ir.actions.server',
      // 17 and 18 rename a rule's action after its type ("Execute Code") but require a name on
      // create: given then only; 19 keeps it.
      ...(target.automationActionNames === 'free' ? {} : { createValues: { name: ACTION_NAME } }),
      values: {
        ...(target.automationActionNames === 'free' ? { name: ACTION_NAME } : {}),
        model_id: ref(modelXmlid(model)),
        usage: 'base_automation',
        base_automation_id: ref(COMPLAINT_RULE),
        state: 'code',
        code: COMPLAINT_RULE_CODE,
      },
    },
  ];
}
