import { modelXmlid } from './model-spec.js';
import { xmlid } from './namespace.js';
import { CRM_ADDON, INVOICING_ADDON, ODOO_XMLIDS, SALES_ADDON, SURVEY_ADDON } from './odoo-models.js';
import { type DeclaredRecord, ref, refs, type TargetOdoo } from './types.js';

export const GROUPS = {
  workshopAdmin: xmlid('group_workshop_admin'),
  crmAdmin: xmlid('group_crm_admin'),
  pic: xmlid('group_pic_crm'),
  branchHead: xmlid('group_branch_head'),
  areaCoordinator: xmlid('group_area_coordinator'),
  customerService: xmlid('group_customer_service'),
  customerServiceManager: xmlid('group_customer_service_manager'),
  customerRelationsOfficer: xmlid('group_customer_relations_officer'),
  headOfMarketing: xmlid('group_head_of_marketing'),
  bridge: xmlid('group_bridge'),
} as const;

type GroupKey = keyof typeof GROUPS;

const GROUP_LABELS: Record<GroupKey, { name: string; comment: string; sequence: number }> = {
  workshopAdmin: {
    name: 'Admin Bengkel',
    comment: 'Mengisi dan meninjau registrasi WO (WOR) cabangnya.',
    sequence: 10,
  },
  crmAdmin: { name: 'Admin CRM', comment: 'Melakukan follow up KPB pelanggan cabangnya.', sequence: 20 },
  pic: {
    name: 'PIC CRM',
    comment: 'Menyiapkan data, impor laporan portal dan ringkasan semua cabang.',
    sequence: 30,
  },
  branchHead: {
    name: 'Kepala Cabang',
    comment: 'Membaca laporan dan ringkasan harian cabangnya.',
    sequence: 40,
  },
  areaCoordinator: {
    name: 'Area Koordinator',
    comment: 'Membaca laporan dan ringkasan semua cabang.',
    sequence: 50,
  },
  customerService: {
    name: 'Customer Service',
    comment: 'Mencatat dan menangani keluhan pelanggan cabangnya.',
    sequence: 60,
  },
  customerServiceManager: {
    name: 'Manajer Customer Service',
    comment: 'Melihat dan menangani keluhan semua cabang; menerima eskalasi.',
    sequence: 70,
  },
  customerRelationsOfficer: {
    name: 'Customer Relations Officer',
    comment: 'Dinilai dengan scorecard KPI (dokumen KPI CRO & Order Coordinator); melihat scorecard sendiri.',
    sequence: 75,
  },
  headOfMarketing: {
    name: 'Head of Marketing',
    comment: 'Memvalidasi sampel pesan KPI, menerima review KPI dan melihat semua scorecard.',
    sequence: 80,
  },
  bridge: {
    name: 'Bridge (pengguna teknis)',
    comment: 'Hanya untuk pengguna teknis layanan sinkronisasi h23-bridge.',
    sequence: 90,
  },
};

/** How long the bridge user's API key lasts (days). */
export const BRIDGE_KEY_DAYS = 365;

/** The application the groups belong to, as users see it. */
const APPLICATION = 'CRM H23';

/** Group records, grouped under one application in the user form (see the dialect's groupGrouping). */
export function groupRecords(target: TargetOdoo): DeclaredRecord[] {
  // 19: privileges stand alone (nobody may create ir.module.category over RPC on any version).
  const privilege: DeclaredRecord = {
    xmlid: xmlid('privilege_h23_crm'),
    model: 'res.groups.privilege',
    values: { name: APPLICATION, sequence: 60 },
  };
  const groups = (Object.keys(GROUPS) as GroupKey[]).map((key): DeclaredRecord => {
    const label = GROUP_LABELS[key];
    const values: Record<string, DeclaredRecord['values'][string]> = {
      name: target.groupGrouping === 'privilege' ? label.name : `${APPLICATION} / ${label.name}`,
      comment: label.comment,
      ...(target.groupSequence ? { sequence: label.sequence } : {}),
    };
    if (target.groupGrouping === 'privilege') values.privilege_id = ref(privilege.xmlid);
    // A PIC does everything a CRM admin does; an area coordinator sees what a branch head sees, everywhere.
    if (key === 'pic') values.implied_ids = refs(GROUPS.crmAdmin, GROUPS.workshopAdmin);
    if (key === 'areaCoordinator') values.implied_ids = refs(GROUPS.branchHead);
    if (key === 'customerServiceManager') values.implied_ids = refs(GROUPS.customerService);
    // A walk-in customer not yet in Odoo is registered by customer service (Contact Creation).
    if (key === 'customerService') values.implied_ids = refs('base.group_partner_manager');
    // An officer follows customers up on their contact (a Follow Up Re-Order marked done posts there).
    if (key === 'customerRelationsOfficer') values.implied_ids = refs('base.group_partner_manager');
    // A member's API keys may last this long (18+; an internal user's last 90 days): the bridge's
    // key is renewed yearly by `h23-bridge setup`, not every quarter.
    if (key === 'bridge' && target.apiKeyExpiry) values.api_key_duration = BRIDGE_KEY_DAYS;
    return { xmlid: GROUPS[key], model: 'res.groups', values };
  });
  return target.groupGrouping === 'privilege' ? [privilege, ...groups] : groups;
}

type Rights = 'r' | 'rw' | 'rwc' | 'rwcd';

/** Odoo's administrators (Settings) keep full rights on the module's models, as on any app's. */
const SYSTEM_GROUP = 'base.group_system';

/** Who may do what on each model (ir.model.access). Record rules below narrow it per branch. */
const ACCESS: Record<string, Partial<Record<GroupKey, Rights>>> = {
  x_h23_branch: {
    workshopAdmin: 'r',
    crmAdmin: 'r',
    pic: 'rwcd',
    branchHead: 'r',
    customerService: 'r',
    bridge: 'r',
  },
  x_h23_unit: {
    workshopAdmin: 'rwc',
    crmAdmin: 'rwc',
    pic: 'rwcd',
    branchHead: 'r',
    customerService: 'r',
    bridge: 'rwc',
  },
  x_h23_wor: { workshopAdmin: 'rwc', crmAdmin: 'r', pic: 'rwcd', branchHead: 'r', bridge: 'rwc' },
  x_h23_followup: {
    workshopAdmin: 'rwc',
    crmAdmin: 'rwc',
    pic: 'rwcd',
    branchHead: 'r',
    customerService: 'r',
    bridge: 'rwc',
  },
  // Customer service logs and works complaints; its manager may also delete a mistaken one.
  x_h23_complaint: {
    crmAdmin: 'rwc',
    pic: 'r',
    branchHead: 'r',
    customerService: 'rwc',
    customerServiceManager: 'rwcd',
    bridge: 'rwc',
  },
  x_h23_complaint_month: {
    pic: 'r',
    branchHead: 'r',
    customerService: 'r',
    bridge: 'rwc',
  },
  // The bridge computes scorecards and draws samples; the Head of Marketing validates the samples.
  // The Head of Marketing (or the PIC, when the dealer has none) writes on a card only to
  // discuss it in its chatter (Odoo asks write access to post): its figures are read-only fields.
  // Whoever reads a scorecard reads its samples: the form lists them.
  x_h23_kpi_score: { pic: 'rw', customerRelationsOfficer: 'r', headOfMarketing: 'rw', bridge: 'rwc' },
  x_h23_kpi_sample: { pic: 'rw', customerRelationsOfficer: 'r', headOfMarketing: 'rw', bridge: 'rwc' },
  // A batch holds the uploaded report and its quarantine report, customers' names and numbers row
  // by row (UU 27/2022): the PIC's and the administrators' only. Odoo keeps both files as
  // attachments that take the batch's access (ir_attachment.py _check_access: res_model/res_id),
  // and gives no field groups to custom fields (ir.model.fields.groups is unimplemented): the
  // whole model is restricted.
  x_h23_import_batch: { pic: 'rwcd', bridge: 'rwc' },
  x_h23_daily_summary: { crmAdmin: 'r', pic: 'rw', branchHead: 'r', bridge: 'rwc' },
  x_h23_data_quality: { crmAdmin: 'r', pic: 'r', branchHead: 'r', bridge: 'rwc' },
  x_h23_bridge_state: { pic: 'r', bridge: 'rwc' },
  // Templates are the PIC's to map; messages are the bridge's to write, everyone's to read.
  x_h23_wa_template: { crmAdmin: 'r', pic: 'rwcd', branchHead: 'r', bridge: 'rw' },
  x_h23_wa_message: { workshopAdmin: 'r', crmAdmin: 'rw', pic: 'rw', branchHead: 'r', bridge: 'rwc' },
  // Customer notices hold customers' numbers and addresses: read by those who serve customers.
  x_h23_notice: { crmAdmin: 'r', pic: 'r', branchHead: 'r', customerService: 'r', bridge: 'rwc' },
  // Customer segments (issue 15): the bridge's to write, marketing's and the branches' to read.
  x_h23_segment_change: { pic: 'r', branchHead: 'r', customerService: 'r', bridge: 'rwc' },
  x_h23_segment_month: { pic: 'r', branchHead: 'r', customerService: 'r', bridge: 'rwc' },
  // Loyalty programme (issue 15): the bridge enrols and counts; marketing (PIC), branch heads and
  // customer service read. Nobody deletes a membership: its enrolment date is the programme's record.
  x_h23_loyalty_member: { pic: 'r', branchHead: 'r', customerService: 'r', bridge: 'rwc' },
  x_h23_loyalty_month: { pic: 'r', branchHead: 'r', customerService: 'r', bridge: 'rwc' },
  // Data hygiene (issue 17): the bridge audits and merges; the PIC reviews the groups (decision).
  x_h23_dedupe_audit: { pic: 'r', bridge: 'rwc' },
  x_h23_dedupe_group: { pic: 'rw', bridge: 'rwc' },
  x_h23_dedupe_finding: { pic: 'r', bridge: 'rwc' },
  // Satisfaction surveys (issue 15): the bridge invites and reads the answers back; the CRM
  // admins see their customers' answers, customer service the detractors it handles.
  x_h23_survey_invitation: { crmAdmin: 'r', pic: 'r', branchHead: 'r', customerService: 'r', bridge: 'rwc' },
  x_h23_survey_month: { crmAdmin: 'r', pic: 'r', branchHead: 'r', customerService: 'r', bridge: 'rwc' },
};

/** What the daemon needs on standard models, and nothing else. */
const BRIDGE_STANDARD_ACCESS: ReadonlyArray<readonly [string, string, Rights]> = [
  ['res_partner', 'base.model_res_partner', 'rwc'],
  ['mail_activity', 'mail.model_mail_activity', 'rwcd'],
  ['calendar_event', 'calendar.model_calendar_event', 'rwc'],
  // Daily summaries (to the branch head) and customer notices go through Odoo's mail queue.
  ['mail_mail', 'mail.model_mail_mail', 'rwc'],
  ['ir_attachment', 'base.model_ir_attachment', 'rwc'],
  ['ir_model_data', 'base.model_ir_model_data', 'r'],
  // Which optional addons are installed (Automation Rules): base grants it to Settings only.
  ['ir_module_module', 'base.model_ir_module_module', 'r'],
  ['resource_calendar', 'resource.model_resource_calendar', 'r'],
  // Read only: global leaves (holidays) are an administrator's to write (Odoo's record rule
  // "admin modifies global"); `holidays load` runs as one.
  ['resource_calendar_leaves', 'resource.model_resource_calendar_leaves', 'r'],
  // Merging duplicate customers with Odoo's own wizard (base: Contact Creation has these). The
  // wizard moves the links and deletes the merged contacts itself (sudo): the bridge needs no
  // unlink on res.partner. Contacts with different e-mails only an administrator may merge.
  ['base_partner_merge_automatic_wizard', 'base.model_base_partner_merge_automatic_wizard', 'rwc'],
  ['base_partner_merge_line', 'base.model_base_partner_merge_line', 'r'],
];

/**
 * What the bridge needs on the models of optional addons, declared only where the addon is
 * installed (its model's external ID exists only then): the KPI scorecard reads invoices, orders
 * and leads, and through them their chatter messages; the leads job writes the H23 fields of a
 * lead (missing data, duplicates, quotation date), never creates or deletes one.
 */
const BRIDGE_ADDON_ACCESS: ReadonlyArray<readonly [string, string, string, Rights]> = [
  [INVOICING_ADDON, 'account_move', ODOO_XMLIDS.accountMoveModel, 'r'],
  [SALES_ADDON, 'sale_order', ODOO_XMLIDS.saleOrderModel, 'r'],
  [CRM_ADDON, 'crm_lead', ODOO_XMLIDS.leadModel, 'rw'],
  // The satisfaction survey: its token and questions read, one answer (the invitation) made per
  // visit, the answer lines read back. Odoo's Surveys rights go to its own groups only; their
  // record rules bind those groups, not this one. Nothing deleted, no survey written.
  [SURVEY_ADDON, 'survey_survey', ODOO_XMLIDS.surveyModel, 'r'],
  [SURVEY_ADDON, 'survey_question', ODOO_XMLIDS.surveyQuestionModel, 'r'],
  [SURVEY_ADDON, 'survey_question_answer', ODOO_XMLIDS.surveyQuestionAnswerModel, 'r'],
  [SURVEY_ADDON, 'survey_user_input', ODOO_XMLIDS.surveyUserInputModel, 'rwc'],
  [SURVEY_ADDON, 'survey_user_input_line', ODOO_XMLIDS.surveyUserInputLineModel, 'r'],
];

function accessValues(name: string, modelRef: string, group: string, rights: Rights) {
  return {
    name,
    model_id: ref(modelRef),
    group_id: ref(group),
    perm_read: true,
    perm_write: rights.includes('w'),
    perm_create: rights.includes('c'),
    perm_unlink: rights.includes('d'),
  };
}

export function accessRecords(
  addons: ReadonlySet<string> = new Set(),
  target?: Pick<TargetOdoo, 'partnerMergeUnlink'>,
): DeclaredRecord[] {
  const own = Object.entries(ACCESS).flatMap(([model, byGroup]) =>
    (Object.entries(byGroup) as Array<[GroupKey, Rights]>).map(([key, rights]) => {
      const slug = GROUPS[key].replace(/^.*\.group_/, '');
      return {
        xmlid: xmlid(`access_${model}_${slug}`),
        model: 'ir.model.access',
        values: accessValues(`${model} ${slug}`, modelXmlid(model), GROUPS[key], rights),
      };
    }),
  );
  const system = Object.keys(ACCESS).map((model) => ({
    xmlid: xmlid(`access_${model}_system`),
    model: 'ir.model.access',
    values: accessValues(`${model} system`, modelXmlid(model), SYSTEM_GROUP, 'rwcd'),
  }));
  const standard = BRIDGE_STANDARD_ACCESS.map(([model, modelRef, rights]) => ({
    xmlid: xmlid(`access_${model}_bridge`),
    model: 'ir.model.access',
    values: accessValues(
      `${model} h23 bridge`,
      modelRef,
      GROUPS.bridge,
      // The duplicate audit's merges: on 17/18 Odoo's wizard deletes the merged contacts as the
      // merging user (the dialect's partnerMergeUnlink); on 19 it does so itself (sudo).
      model === 'res_partner' && target?.partnerMergeUnlink === 'as_user' ? 'rwcd' : rights,
    ),
  }));
  const optional = BRIDGE_ADDON_ACCESS.filter(([addon]) => addons.has(addon)).map(
    ([, model, modelRef, rights]) => ({
      xmlid: xmlid(`access_${model}_bridge`),
      model: 'ir.model.access',
      values: accessValues(`${model} h23 bridge`, modelRef, GROUPS.bridge, rights),
    }),
  );
  return [...own, ...system, ...standard, ...optional];
}

const OWN_BRANCH =
  "['|', ('x_branch_id', '=', False), '|', '|', ('x_branch_id.x_crm_admin_ids', 'in', [user.id]), ('x_branch_id.x_workshop_admin_ids', 'in', [user.id]), ('x_branch_id.x_customer_service_ids', 'in', [user.id])]";
const HEADED_BRANCH = "['|', ('x_branch_id', '=', False), ('x_branch_id.x_head_id', '=', user.id)]";
const EVERYTHING = "[(1, '=', 1)]";

/**
 * Record rules: admins and branch heads see their own branch; PIC, area
 * coordinators and the bridge see all. Odoo ORs the rules of a user's groups.
 */
export function ruleRecords(): DeclaredRecord[] {
  return [...branchRuleRecords(), ...kpiRuleRecords()];
}

/** An officer sees their own scorecards and samples; the Head of Marketing, the PIC and the bridge all. */
function kpiRuleRecords(): DeclaredRecord[] {
  return ['x_h23_kpi_score', 'x_h23_kpi_sample'].flatMap((model) => [
    {
      xmlid: xmlid(`rule_${model}_own`),
      model: 'ir.rule',
      values: {
        name: `${model}: scorecard sendiri`,
        model_id: ref(modelXmlid(model)),
        domain_force: "[('x_officer_id', '=', user.id)]",
        groups: refs(GROUPS.customerRelationsOfficer),
      },
    },
    {
      xmlid: xmlid(`rule_${model}_all`),
      model: 'ir.rule',
      values: {
        name: `${model}: semua scorecard`,
        model_id: ref(modelXmlid(model)),
        domain_force: EVERYTHING,
        groups: refs(GROUPS.headOfMarketing, GROUPS.pic, GROUPS.bridge),
      },
    },
  ]);
}

function branchRuleRecords(): DeclaredRecord[] {
  const models = [
    'x_h23_unit',
    'x_h23_wor',
    'x_h23_followup',
    'x_h23_daily_summary',
    'x_h23_data_quality',
    'x_h23_wa_message',
    'x_h23_complaint',
    'x_h23_complaint_month',
    'x_h23_segment_change',
    'x_h23_segment_month',
    'x_h23_loyalty_member',
    'x_h23_loyalty_month',
    'x_h23_survey_invitation',
    'x_h23_survey_month',
  ];
  return models.flatMap((model) => {
    const rule = (suffix: string, name: string, domain: string, groups: string[]): DeclaredRecord => ({
      xmlid: xmlid(`rule_${model}_${suffix}`),
      model: 'ir.rule',
      values: {
        name: `${model}: ${name}`,
        model_id: ref(modelXmlid(model)),
        domain_force: domain,
        groups: refs(...groups),
      },
    });
    return [
      rule('own_branch', 'cabang sendiri (admin)', OWN_BRANCH, [
        GROUPS.workshopAdmin,
        GROUPS.crmAdmin,
        GROUPS.customerService,
      ]),
      rule('headed_branch', 'cabang yang dipimpin', HEADED_BRANCH, [GROUPS.branchHead]),
      rule('all', 'semua cabang', EVERYTHING, [
        GROUPS.pic,
        GROUPS.areaCoordinator,
        GROUPS.customerServiceManager,
        GROUPS.bridge,
      ]),
    ];
  });
}
