import { xmlid } from './namespace.js';
import { CRM_ADDON, CRM_STAGE } from './odoo-models.js';
import { actionRef, type DeclaredRecord, ref, refs, type TargetOdoo } from './types.js';

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

/**
 * Each one sorts just before Odoo's own stages of the same role (New 1, Qualified 2, Proposition
 * 3, Won 70, shared by every team): Odoo picks a lead's stage as the first by sequence, then id,
 * among the team's and the shared ones (crm.lead `_stage_find`, 17–19), for a new lead (the first
 * unfolded) and for the Won button (`action_set_won`: the first won). On a tie Odoo's older stage
 * wins, and a deal won with the button would miss the team's Menang, the bridge's LD-4 with it.
 */
const STAGES: ReadonlyArray<{ xmlid: string; name: string; sequence: number; won: boolean }> = [
  { xmlid: LEAD_STAGES.new, name: 'Prospek Baru', sequence: 0, won: false },
  { xmlid: LEAD_STAGES.quotation, name: 'Penawaran Terkirim', sequence: 2, won: false },
  { xmlid: LEAD_STAGES.negotiation, name: 'Negosiasi', sequence: 3, won: false },
  { xmlid: LEAD_STAGES.won, name: 'Menang', sequence: 69, won: true },
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
    ...leadViewRecords(target),
  ];
}

/** Odoo's CRM app: the salespeople work there (its menus hold the module's reports on leads). */
const CRM_MENUS = { sales: 'crm.crm_menu_sales', reporting: 'crm.crm_menu_report' } as const;
const SALESPERSON = 'sales_team.group_sale_salesman';
/** Lost, in Odoo's own terms (crm.lead `action_set_lost`, 17–19): archived with probability 0. */
const LOST_DOMAIN = "[('active', '=', False), ('probability', '=', 0)]";

function leadView(name: string, type: string, arch: string, inherit?: string): DeclaredRecord {
  return {
    xmlid: xmlid(`view_crm_lead_${name}`),
    model: 'ir.ui.view',
    values: {
      name: `crm.lead.h23.${name}`,
      model: 'crm.lead',
      // Its own views come last, so that Odoo's stay the CRM's defaults.
      priority: 90,
      ...(inherit ? { inherit_id: ref(inherit), arch } : { type, arch, mode: 'primary' }),
    },
  };
}

/**
 * The lead form shows what the bridge found (missing data, possible duplicates, the project data
 * a signed handover lacks) above its notebook, and a page for the handover (BAST): the project
 * data the salesperson records (LD-4). In the CRM app: the handed-over projects and the past
 * clients under Sales, the lost-reason analysis (LD-5) under Reporting.
 */
function leadViewRecords(target: TargetOdoo): DeclaredRecord[] {
  const list = target.listView;
  const listRef = `${list}_view_ref`;
  const action = (
    name: string,
    label: string,
    model: string,
    modes: string,
    domain: string,
    context: string,
    [empty, help]: [string, string],
  ): DeclaredRecord => ({
    xmlid: xmlid(`action_${name}`),
    model: 'ir.actions.act_window',
    // `help` is an HTML field: Odoo wraps plain text in <p>, which would read as a change on every install.
    values: {
      name: label,
      res_model: model,
      view_mode: modes,
      domain,
      context,
      help: `<p class="o_view_nocontent_smiling_face">${empty}</p><p>${help}</p>`,
    },
  });
  const menu = (name: string, label: string, parent: string, sequence: number): DeclaredRecord => ({
    xmlid: xmlid(`menu_${name}`),
    model: 'ir.ui.menu',
    values: {
      name: label,
      sequence,
      parent_id: ref(parent),
      action: actionRef(xmlid(`action_${name}`)),
      [target.groupsField]: refs(SALESPERSON),
    },
  });
  return [
    leadView(
      'form_h23',
      'form',
      `<data>
  <xpath expr="//notebook" position="before">
    <div class="alert alert-warning" role="alert" invisible="not x_h23_missing">
      Data prospek belum lengkap: <field name="x_h23_missing" readonly="1" class="oe_inline"/>
    </div>
    <div class="alert alert-warning" role="alert" invisible="not x_h23_project_missing">
      Data proyek (BAST) belum lengkap: <field name="x_h23_project_missing" readonly="1" class="oe_inline"/>
    </div>
    <div class="alert alert-info" role="alert" invisible="not x_h23_duplicates">
      <strong>Kemungkinan duplikat</strong>
      <field name="x_h23_duplicates" readonly="1" nolabel="1"/>
    </div>
  </xpath>
  <xpath expr="//page[@name='internal_notes']" position="after">
    <page string="Serah Terima (BAST)" name="h23_handover">
      <group>
        <group string="Serah terima">
          <field name="x_h23_bast_date"/>
          <field name="x_h23_completion_date"/>
          <field name="x_h23_contract_value"/>
        </group>
        <group string="Catatan h23-bridge">
          <field name="x_h23_quotation_date" readonly="1"/>
          <field name="x_h23_project_recorded" readonly="1"/>
          <field name="x_h23_recontacts" readonly="1"/>
        </group>
      </group>
      <separator string="Produk terpasang / diserahkan"/>
      <field name="x_h23_products" nolabel="1" placeholder="Unit, tipe dan jumlah yang diserahkan (misalnya nomor mesin), sesuai BAST"/>
    </page>
  </xpath>
</data>`,
      'crm.crm_lead_view_form',
    ),
    leadView(
      'handover_list',
      list,
      `<${list} string="Proyek Serah Terima">
  <field name="partner_id"/>
  <field name="name"/>
  <field name="user_id" widget="many2one_avatar_user"/>
  <field name="x_h23_bast_date"/>
  <field name="x_h23_completion_date"/>
  <field name="x_h23_contract_value" sum="Total"/>
  <field name="x_h23_project_missing"/>
  <field name="x_h23_project_recorded"/>
  <field name="x_h23_recontacts"/>
</${list}>`,
    ),
    leadView(
      'lost_pivot',
      'pivot',
      `<pivot string="Analisis Alasan Kalah" sample="1">
  <field name="lost_reason_id" type="row"/>
  <field name="date_closed" interval="quarter" type="col"/>
  <field name="expected_revenue" type="measure"/>
</pivot>`,
    ),
    leadView(
      'lost_graph',
      'graph',
      `<graph string="Analisis Alasan Kalah" type="bar" sample="1">
  <field name="lost_reason_id"/>
  <field name="expected_revenue" type="measure"/>
</graph>`,
    ),
    {
      xmlid: xmlid('view_res_partner_form_client_status'),
      model: 'ir.ui.view',
      values: {
        name: 'res.partner.form.h23.client_status',
        model: 'res.partner',
        inherit_id: ref('base.view_partner_form'),
        priority: 92,
        arch: `<data>
  <xpath expr="//field[@name='category_id']" position="after">
    <field name="x_h23_client_status" readonly="1" invisible="not x_h23_client_status"/>
  </xpath>
</data>`,
      },
    },
    action(
      'lead_handovers',
      'Proyek Serah Terima (BAST)',
      'crm.lead',
      `${list},form`,
      "[('x_h23_bast_date', '!=', False)]",
      `{'${listRef}': 'h23_crm.view_crm_lead_handover_list'}`,
      [
        'Belum ada proyek serah terima',
        'Kesepakatan Menang yang BAST-nya sudah ditandatangani: isi data proyek di halaman Serah Terima (BAST) prospek; h23-bridge mencatat klien sebagai Mantan Klien dan membuat jadwal hubungi kembali.',
      ],
    ),
    action(
      'past_clients',
      'Mantan Klien',
      'res.partner',
      `${list},kanban,form`,
      "[('x_h23_client_status', '=', 'past_client')]",
      '{}',
      [
        'Belum ada mantan klien',
        'Klien yang proyeknya sudah serah terima (BAST). h23-bridge membuat aktivitas hubungi kembali 12 dan 24 bulan setelah proyek selesai.',
      ],
    ),
    action(
      'lost_analysis',
      'Analisis Alasan Kalah',
      'crm.lead',
      `pivot,graph,${list},form`,
      LOST_DOMAIN,
      `{'pivot_view_ref': 'h23_crm.view_crm_lead_lost_pivot', 'graph_view_ref': 'h23_crm.view_crm_lead_lost_graph'}`,
      [
        'Belum ada prospek yang kalah',
        'Prospek yang kalah, menurut alasan, sumber, salesperson dan kuartal, dengan nilai yang hilang (pendapatan yang diharapkan).',
      ],
    ),
    menu('lead_handovers', 'Proyek Serah Terima (BAST)', CRM_MENUS.sales, 40),
    menu('past_clients', 'Mantan Klien', CRM_MENUS.sales, 41),
    menu('lost_analysis', 'Analisis Alasan Kalah', CRM_MENUS.reporting, 40),
  ];
}
