import { modelXmlid } from './model-spec.js';
import { xmlid } from './namespace.js';
import { GROUPS } from './security.js';
import { type ActionRef, actionRef, type DeclaredRecord, ref, refs, type TargetOdoo } from './types.js';

/** The view markup of the target's version (see the dialect). */
function dialect(target: TargetOdoo) {
  return { list: target.listView, chatter: target.chatter, card: target.kanbanCard.template };
}

function view(model: string, type: string, arch: string, suffix = type): DeclaredRecord {
  return {
    xmlid: xmlid(`view_${model}_${suffix}`),
    model: 'ir.ui.view',
    values: { name: `${model}.${suffix}`, model, type, arch, priority: 16 },
  };
}

const TODAY = "context_today().strftime('%Y-%m-%d')";

function followupViews(target: TargetOdoo): DeclaredRecord[] {
  const d = dialect(target);
  const model = 'x_h23_followup';
  return [
    view(
      model,
      d.list,
      `<${d.list} string="Follow Up KPB" decoration-info="x_state == 'todo'" decoration-success="x_state == 'done'" decoration-muted="x_state == 'closed'">
  <field name="x_due_date"/>
  <field name="x_partner_id"/>
  <field name="x_partner_phone" widget="phone" optional="show"/>
  <field name="x_whatsapp_url" widget="url" text="Chat WhatsApp" optional="show"/>
  <field name="x_unit_id"/>
  <field name="x_kpb"/>
  <field name="x_stage"/>
  <field name="x_channel"/>
  <field name="x_state" widget="badge" decoration-info="x_state == 'todo'" decoration-success="x_state in ('booked', 'done')"/>
  <field name="x_result" optional="show"/>
  <field name="x_offer" optional="hide"/>
  <field name="x_booking_at" optional="show"/>
  <field name="x_admin_id" widget="many2one_avatar_user" optional="show"/>
  <field name="x_branch_id" optional="hide"/>
  <field name="activity_ids" widget="list_activity" string="Aktivitas" optional="show"/>
</${d.list}>`,
      'list',
    ),
    view(
      model,
      'form',
      `<form string="Follow Up KPB">
  <header>
    <field name="x_state" widget="statusbar" options="{'clickable': '1'}" statusbar_visible="todo,contacted,booked,done"/>
  </header>
  <sheet>
    <div class="oe_title"><h1><field name="x_name" readonly="1"/></h1></div>
    <group>
      <group string="Pelanggan dan Unit">
        <field name="x_partner_id"/>
        <field name="x_partner_phone" widget="phone"/>
        <field name="x_whatsapp_url" widget="url" text="Chat WhatsApp" invisible="not x_whatsapp_url"/>
        <field name="x_unit_id"/>
        <field name="x_branch_id"/>
        <field name="x_admin_id" widget="many2one_avatar_user"/>
      </group>
      <group string="Jadwal Follow Up">
        <field name="x_kpb" invisible="not x_kpb"/>
        <field name="x_stage"/>
        <field name="x_last_service" invisible="x_stage not in ('service', 'winback')"/>
        <field name="x_channel"/>
        <field name="x_due_date"/>
      </group>
    </group>
    <group>
      <group string="Hasil Follow Up">
        <field name="x_result"/>
        <field name="x_offer" invisible="not x_offer and x_result not in ('refused_time', 'refused_distance', 'refused_disappointed', 'refused_other_dealer')"/>
        <field name="x_offer_accepted" invisible="not x_offer or x_offer == 'none'"/>
        <field name="x_feedback" placeholder="Tanggapan pelanggan, dicatat segera setelah kontak"/>
      </group>
      <group string="Booking Servis">
        <field name="x_booking_at" required="x_result == 'booked'"/>
        <field name="x_booking_kind" required="x_result == 'booked'"/>
        <field name="x_event_id" readonly="1"/>
        <field name="x_done_date"/>
      </group>
    </group>
    <field name="x_survey_answered" invisible="1"/>
    <group string="Survei Kepuasan" invisible="not x_survey_answered">
      <field name="x_survey_csat"/>
      <field name="x_survey_nps"/>
      <field name="x_survey_comment"/>
    </group>
  </sheet>
  ${d.chatter}
</form>`,
    ),
    view(
      model,
      'search',
      `<search string="Cari Follow Up">
  <field name="x_partner_id"/>
  <field name="x_unit_id"/>
  <field name="x_admin_id"/>
  <field name="x_branch_id"/>
  <filter name="mine" string="Follow Up Saya" domain="[('x_admin_id', '=', uid)]"/>
  <separator/>
  <filter name="due_today" string="Jatuh Tempo Hari Ini" domain="[('x_due_date', '=', ${TODAY})]"/>
  <filter name="overdue" string="Terlambat" domain="[('x_due_date', '&lt;', ${TODAY}), ('x_state', '=', 'todo')]"/>
  <filter name="open" string="Belum Selesai" domain="[('x_state', 'in', ('todo', 'contacted', 'booked'))]"/>
  <separator/>
  <filter name="booked" string="Booking" domain="[('x_state', '=', 'booked')]"/>
  <filter name="no_response" string="Tidak Merespons" domain="[('x_result', '=', 'no_response')]"/>
  <filter name="refused" string="Menolak" domain="[('x_result', 'like', 'refused_')]"/>
  <separator/>
  <filter name="kpb" string="Follow Up KPB" domain="[('x_kpb', '!=', False)]"/>
  <filter name="service_reminder" string="Pengingat Servis Berkala" domain="[('x_stage', '=', 'service')]"/>
  <filter name="win_back" string="Win-back" domain="[('x_stage', '=', 'winback')]"/>
  <group>
    <filter name="by_kpb" string="KPB" context="{'group_by': 'x_kpb'}"/>
    <filter name="by_stage" string="Tahap" context="{'group_by': 'x_stage'}"/>
    <filter name="by_result" string="Hasil" context="{'group_by': 'x_result'}"/>
    <filter name="by_state" string="Status" context="{'group_by': 'x_state'}"/>
    <filter name="by_branch" string="Cabang" context="{'group_by': 'x_branch_id'}"/>
    <filter name="by_admin" string="Admin" context="{'group_by': 'x_admin_id'}"/>
    <filter name="by_due" string="Jatuh Tempo" context="{'group_by': 'x_due_date:day'}"/>
  </group>
</search>`,
    ),
    view(
      model,
      'kanban',
      `<kanban default_group_by="x_state" class="o_kanban_small_column" quick_create="false">
  <field name="x_state"/>
  <templates>
    <t t-name="${d.card}">
      <div class="${target.kanbanCard.clickClass}">
        <field name="x_name" class="fw-bold"/>
        <div><field name="x_partner_id"/></div>
        <div><field name="x_partner_phone" widget="phone"/></div>
        <div><field name="x_due_date"/> · <field name="x_channel"/></div>
        <div><field name="x_result"/></div>
        <div class="d-flex justify-content-between"><field name="activity_ids" widget="kanban_activity"/><field name="x_admin_id" widget="many2one_avatar_user"/></div>
      </div>
    </t>
  </templates>
</kanban>`,
    ),
    view(
      model,
      'calendar',
      `<calendar string="Booking Servis KPB" date_start="x_booking_at" color="x_booking_kind" mode="week" quick_create="0" create_name_field="x_calendar_title">
  <field name="x_partner_id"/>
  <field name="x_partner_phone" widget="phone"/>
  <field name="x_unit_id"/>
  <field name="x_kpb"/>
  <field name="x_booking_kind" filters="1"/>
</calendar>`,
    ),
    view(
      model,
      'pivot',
      `<pivot string="Analisis Follow Up" sample="1">
  <field name="x_kpb" type="row"/>
  <field name="x_result" type="col"/>
</pivot>`,
    ),
    view(
      model,
      'graph',
      `<graph string="Hasil Follow Up" type="bar" sample="1">
  <field name="x_result"/>
  <field name="x_kpb"/>
</graph>`,
    ),
  ];
}

function unitViews(target: TargetOdoo): DeclaredRecord[] {
  const d = dialect(target);
  const model = 'x_h23_unit';
  return [
    view(
      model,
      d.list,
      `<${d.list} string="Unit Motor">
  <field name="x_engine_number"/>
  <field name="x_frame_number"/>
  <field name="x_model_name"/>
  <field name="x_partner_id"/>
  <field name="x_purchase_date"/>
  <field name="x_branch_id" optional="show"/>
  <field name="x_kpb1_date" optional="hide"/>
  <field name="x_kpb2_date" optional="hide"/>
  <field name="x_kpb3_date" optional="hide"/>
  <field name="x_kpb4_date" optional="hide"/>
</${d.list}>`,
      'list',
    ),
    view(
      model,
      'form',
      `<form string="Unit Motor">
  <sheet>
    <div class="oe_title"><h1><field name="x_engine_number" placeholder="Nomor mesin"/></h1></div>
    <group>
      <group string="Unit">
        <field name="x_frame_number"/>
        <field name="x_model_name"/>
        <field name="x_color"/>
        <field name="x_purchase_date"/>
      </group>
      <group string="Pemilik">
        <field name="x_partner_id"/>
        <field name="x_branch_id"/>
        <field name="x_dealer_code"/>
      </group>
    </group>
    <group>
      <group string="Riwayat KPB">
        <field name="x_kpb1_date"/>
        <field name="x_kpb2_date"/>
        <field name="x_kpb3_date"/>
        <field name="x_kpb4_date"/>
        <field name="x_last_km"/>
      </group>
      <group string="Kualitas Data">
        <field name="x_not_in_cdb"/>
        <field name="x_origin_wor_id" invisible="not x_origin_wor_id"/>
        <field name="x_phone_invalid"/>
        <field name="x_data_incomplete"/>
      </group>
    </group>
  </sheet>
  ${d.chatter}
</form>`,
    ),
    view(
      model,
      'search',
      `<search string="Cari Unit">
  <field name="x_engine_number"/>
  <field name="x_frame_number"/>
  <field name="x_partner_id"/>
  <field name="x_model_name"/>
  <filter name="not_in_cdb" string="Tidak Ada di CDB" domain="[('x_not_in_cdb', '=', True)]"/>
  <filter name="phone_invalid" string="Nomor HP Tidak Valid" domain="[('x_phone_invalid', '=', True)]"/>
  <filter name="incomplete" string="Data Tidak Lengkap" domain="[('x_data_incomplete', '=', True)]"/>
  <filter name="no_branch" string="Tanpa Cabang" domain="[('x_branch_id', '=', False)]"/>
  <group>
    <filter name="by_branch" string="Cabang" context="{'group_by': 'x_branch_id'}"/>
    <filter name="by_dealer_code" string="Kode Dealer (CDB)" context="{'group_by': 'x_dealer_code'}"/>
    <filter name="by_model" string="Tipe Motor" context="{'group_by': 'x_model_name'}"/>
  </group>
</search>`,
    ),
  ];
}

function worViews(target: TargetOdoo): DeclaredRecord[] {
  const d = dialect(target);
  const model = 'x_h23_wor';
  return [
    view(
      model,
      d.list,
      `<${d.list} string="Registrasi WO" decoration-warning="x_state == 'review'">
  <field name="x_name"/>
  <field name="x_visit_date"/>
  <field name="x_engine_number"/>
  <field name="x_carrier_name"/>
  <field name="x_partner_id"/>
  <field name="x_service_type"/>
  <field name="x_resolution" optional="show"/>
  <field name="x_review_reason" optional="show"/>
  <field name="x_source" optional="show"/>
  <field name="x_branch_id" optional="show"/>
  <field name="x_state" widget="badge" decoration-warning="x_state == 'review'" decoration-success="x_state in ('matched', 'done')"/>
</${d.list}>`,
      'list',
    ),
    view(
      model,
      'form',
      `<form string="Registrasi WO">
  <header>
    <field name="x_state" widget="statusbar" statusbar_visible="new,matched,review,done"/>
  </header>
  <sheet>
    <div class="oe_title"><h1><field name="x_name" placeholder="Nomor WO"/></h1></div>
    <group>
      <group string="Kunjungan">
        <field name="x_visit_date"/>
        <field name="x_branch_id"/>
        <field name="x_source"/>
        <field name="x_service_type"/>
        <field name="x_service_advisor"/>
      </group>
      <group string="Unit dan Pembawa">
        <field name="x_engine_number"/>
        <field name="x_frame_number"/>
        <field name="x_model_name"/>
        <field name="x_unit_id"/>
        <field name="x_carrier_name"/>
        <field name="x_carrier_phone" widget="phone"/>
        <field name="x_carrier_address"/>
        <field name="x_carrier_is_owner"/>
      </group>
    </group>
    <group>
      <group string="Pelanggan">
        <field name="x_partner_id"/>
        <field name="x_carrier_partner_id" invisible="x_carrier_is_owner"/>
        <field name="x_resolution"/>
      </group>
      <field name="x_survey_answered" invisible="1"/>
      <group string="Survei Kepuasan" invisible="not x_survey_answered">
        <field name="x_survey_csat"/>
        <field name="x_survey_nps"/>
        <field name="x_survey_comment"/>
      </group>
    </group>
    <group string="Tinjauan Admin" invisible="not x_review_reason">
      <field name="x_review_reason"/>
      <field name="x_review_evidence" nolabel="1" colspan="2" readonly="1"/>
      <field name="x_review_choice"/>
      <field name="x_review_partner_id" invisible="x_review_choice != 'partner'" required="x_review_choice == 'partner'"/>
    </group>
    <group string="Perbedaan dengan CDB">
      <field name="x_cdb_differences" nolabel="1" colspan="2"/>
    </group>
  </sheet>
  ${d.chatter}
</form>`,
    ),
    view(
      model,
      'search',
      `<search string="Cari WOR">
  <field name="x_name"/>
  <field name="x_engine_number"/>
  <field name="x_carrier_name"/>
  <field name="x_partner_id"/>
  <field name="x_carrier_phone"/>
  <filter name="review" string="Perlu Ditinjau" domain="[('x_state', '=', 'review')]"/>
  <filter name="not_in_cdb" string="Pelanggan Baru" domain="[('x_resolution', '=', 'created')]"/>
  <filter name="with_differences" string="Beda dengan CDB" domain="[('x_cdb_differences', '!=', False)]"/>
  <filter name="today" string="Hari Ini" domain="[('x_visit_date', '=', ${TODAY})]"/>
  <group>
    <filter name="by_state" string="Status" context="{'group_by': 'x_state'}"/>
    <filter name="by_resolution" string="Hasil Pencocokan" context="{'group_by': 'x_resolution'}"/>
    <filter name="by_branch" string="Cabang" context="{'group_by': 'x_branch_id'}"/>
    <filter name="by_date" string="Tanggal" context="{'group_by': 'x_visit_date:day'}"/>
  </group>
</search>`,
    ),
  ];
}

function importViews(target: TargetOdoo): DeclaredRecord[] {
  const d = dialect(target);
  const model = 'x_h23_import_batch';
  return [
    view(
      model,
      d.list,
      `<${d.list} string="Impor Laporan">
  <field name="create_date" string="Dibuat"/>
  <field name="x_name"/>
  <field name="x_kind"/>
  <field name="x_rows_total"/>
  <field name="x_rows_applied"/>
  <field name="x_rows_unchanged"/>
  <field name="x_rows_quarantined"/>
  <field name="x_state" widget="badge" decoration-info="x_state in ('queued', 'running')" decoration-danger="x_state == 'failed'" decoration-success="x_state == 'done'"/>
</${d.list}>`,
      'list',
    ),
    // The name is filled from kind, file name and date (an editable compute), the file is required,
    // and the state shows once saved: a new batch waits (Menunggu Diproses) for the bridge.
    view(
      model,
      'form',
      `<form string="Impor Laporan">
  <header>
    <field name="x_state" widget="statusbar" statusbar_visible="queued,running,done" invisible="not id"/>
  </header>
  <sheet>
    <div class="oe_title"><h1><field name="x_name" placeholder="Diisi otomatis dari berkas dan tanggal"/></h1></div>
    <group>
      <group string="Berkas">
        <field name="x_kind"/>
        <field name="x_file" filename="x_file_name" readonly="x_state == 'running'"/>
        <field name="x_file_name" invisible="1"/>
      </group>
      <group string="Hasil">
        <field name="x_rows_total"/>
        <field name="x_rows_applied"/>
        <field name="x_rows_unchanged"/>
        <field name="x_rows_quarantined"/>
        <field name="x_quarantine_report" filename="x_quarantine_report_name" readonly="1"/>
        <field name="x_quarantine_report_name" invisible="1"/>
        <field name="x_started_at"/>
        <field name="x_finished_at"/>
      </group>
    </group>
    <div class="alert alert-info" role="status" invisible="id">
      Pilih jenis laporan, unggah berkasnya, lalu Simpan. Nama impor diisi otomatis. h23-bridge mulai memproses dalam waktu kurang dari satu menit, dan follow up KPB yang jatuh tempo untuk unit baru dibuat pada proses yang sama.
    </div>
    <div class="alert alert-info" role="status" invisible="not id or x_state not in ['draft', 'queued', 'running']">
      Batch ini menunggu atau sedang diproses h23-bridge (biasanya kurang dari satu menit). Muat ulang halaman untuk melihat hasil dan laporan karantina.
    </div>
    <field name="x_message" readonly="1"/>
  </sheet>
  ${d.chatter}
</form>`,
    ),
  ];
}

function summaryViews(target: TargetOdoo): DeclaredRecord[] {
  const d = dialect(target);
  const model = 'x_h23_daily_summary';
  return [
    view(
      model,
      d.list,
      `<${d.list} string="Ringkasan Harian">
  <field name="x_date"/>
  <field name="x_branch_id"/>
  <field name="x_admin_id" optional="show"/>
  <field name="x_due" sum="Total"/>
  <field name="x_contacted" sum="Total"/>
  <field name="x_responded" sum="Total"/>
  <field name="x_booked" sum="Total"/>
  <field name="x_no_response" sum="Total"/>
  <field name="x_done_services" sum="Total"/>
  <field name="x_conversion_rate" avg="Rata-rata"/>
  <field name="x_sent_at" optional="hide"/>
</${d.list}>`,
      'list',
    ),
    view(
      model,
      'form',
      `<form string="Ringkasan Harian">
  <sheet>
    <group>
      <group string="Hari">
        <field name="x_date"/>
        <field name="x_branch_id"/>
        <field name="x_admin_id"/>
        <field name="x_sent_at"/>
      </group>
      <group string="Follow Up">
        <field name="x_due"/>
        <field name="x_contacted"/>
        <field name="x_responded"/>
        <field name="x_booked"/>
        <field name="x_no_response"/>
        <field name="x_done_services"/>
        <field name="x_conversion_rate"/>
      </group>
    </group>
    <group>
      <group string="Penolakan">
        <field name="x_refused_time"/>
        <field name="x_refused_distance"/>
        <field name="x_refused_disappointed"/>
        <field name="x_refused_other_dealer"/>
      </group>
      <group string="Penawaran SOP">
        <field name="x_offer_weekend"/>
        <field name="x_offer_home_service"/>
        <field name="x_offer_promo"/>
      </group>
    </group>
  </sheet>
</form>`,
    ),
    view(
      model,
      'search',
      `<search string="Cari Ringkasan">
  <field name="x_branch_id"/>
  <field name="x_admin_id"/>
  <filter name="today" string="Hari Ini" domain="[('x_date', '=', ${TODAY})]"/>
  <group>
    <filter name="by_branch" string="Cabang" context="{'group_by': 'x_branch_id'}"/>
    <filter name="by_admin" string="Admin" context="{'group_by': 'x_admin_id'}"/>
    <filter name="by_date" string="Tanggal" context="{'group_by': 'x_date:day'}"/>
  </group>
</search>`,
    ),
    // The day's numbers are flows (due, contacted that day): adding days up is true. A percentage
    // is not: Odoo sums every number field made over RPC (no aggregator can be set on it), so the
    // conversion rate stays out of the pivot and the graph (invisible removes it from their measures).
    view(
      model,
      'pivot',
      `<pivot string="Ringkasan Harian">
  <field name="x_date" interval="day" type="row"/>
  <field name="x_due" type="measure"/>
  <field name="x_contacted" type="measure"/>
  <field name="x_booked" type="measure"/>
  <field name="x_done_services" type="measure"/>
  <field name="x_conversion_rate" invisible="1"/>
</pivot>`,
    ),
    // A graph draws one measure at a time (the last one marked measure): the day's due follow-ups,
    // as bars; contacted, booked and done are in its measure menu.
    view(
      model,
      'graph',
      `<graph string="Follow Up per Hari" type="bar">
  <field name="x_date" interval="day"/>
  <field name="x_contacted" type="measure"/>
  <field name="x_booked" type="measure"/>
  <field name="x_done_services" type="measure"/>
  <field name="x_due" type="measure"/>
  <field name="x_conversion_rate" invisible="1"/>
</graph>`,
    ),
  ];
}

function qualityViews(target: TargetOdoo): DeclaredRecord[] {
  const d = dialect(target);
  const model = 'x_h23_data_quality';
  return [
    view(
      model,
      d.list,
      `<${d.list} string="Kualitas Database">
  <field name="x_date"/>
  <field name="x_branch_id"/>
  <field name="x_customers" sum="Total"/>
  <field name="x_valid_mobile" sum="Total"/>
  <field name="x_complete_address" sum="Total"/>
  <field name="x_with_purchase_date" sum="Total"/>
  <field name="x_complete_records" sum="Total"/>
  <field name="x_valid_rate" avg="Rata-rata"/>
  <field name="x_wor_total" sum="Total"/>
  <field name="x_wor_matched" sum="Total"/>
  <field name="x_wor_created" sum="Total"/>
  <field name="x_wor_review" sum="Total"/>
</${d.list}>`,
      'list',
    ),
    view(
      model,
      'form',
      `<form string="Kualitas Database">
  <sheet>
    <group>
      <group string="Hari">
        <field name="x_date"/>
        <field name="x_branch_id"/>
      </group>
      <group string="Data Pelanggan">
        <field name="x_customers"/>
        <field name="x_valid_mobile"/>
        <field name="x_complete_address"/>
        <field name="x_with_purchase_date"/>
        <field name="x_complete_records"/>
        <field name="x_valid_rate"/>
      </group>
      <group string="Registrasi WO">
        <field name="x_wor_total"/>
        <field name="x_wor_matched"/>
        <field name="x_wor_created"/>
        <field name="x_wor_review"/>
      </group>
    </group>
  </sheet>
</form>`,
    ),
    view(
      model,
      'search',
      `<search string="Cari Kualitas Data">
  <field name="x_branch_id"/>
  <filter name="latest" string="Data Terbaru" domain="[('x_latest', '=', True)]"/>
  <filter name="today" string="Hari Ini" domain="[('x_date', '=', ${TODAY})]"/>
  <group>
    <filter name="by_branch" string="Cabang" context="{'group_by': 'x_branch_id'}"/>
    <filter name="by_date" string="Tanggal" context="{'group_by': 'x_date:day'}"/>
  </group>
</search>`,
    ),
    // Each record is a snapshot of a branch on a date: its counts add up across branches, never
    // across dates. The action opens on the latest date (x_latest, kept by the data-quality job),
    // and dates are days, never weeks. The share (%) cannot be averaged by Odoo (it sums every
    // number field made over RPC): it stays out of the pivot; the graph shows it one record per
    // bar (branch, then day), the list averages it in its footer.
    view(
      model,
      'pivot',
      `<pivot string="Kualitas Database">
  <field name="x_branch_id" type="row"/>
  <field name="x_date" interval="day" type="col"/>
  <field name="x_customers" type="measure"/>
  <field name="x_valid_mobile" type="measure"/>
  <field name="x_complete_records" type="measure"/>
  <field name="x_wor_review" type="measure"/>
  <field name="x_valid_rate" invisible="1"/>
</pivot>`,
    ),
    view(
      model,
      'graph',
      `<graph string="Data Lengkap per Cabang" type="bar">
  <field name="x_branch_id"/>
  <field name="x_date" interval="day"/>
  <field name="x_valid_rate" type="measure"/>
</graph>`,
    ),
  ];
}

function branchViews(target: TargetOdoo): DeclaredRecord[] {
  const d = dialect(target);
  const model = 'x_h23_branch';
  return [
    view(
      model,
      d.list,
      `<${d.list} string="Cabang">
  <field name="x_name"/>
  <field name="x_dealer_code"/>
  <field name="x_head_id"/>
  <field name="x_pic_crm_id"/>
  <field name="x_area_coordinator_id"/>
</${d.list}>`,
      'list',
    ),
    view(
      model,
      'form',
      `<form string="Cabang">
  <sheet>
    <div class="oe_title"><h1><field name="x_name" placeholder="Nama cabang"/></h1></div>
    <group>
      <group string="Cabang">
        <field name="x_dealer_code"/>
        <field name="x_phone" widget="phone"/>
        <field name="x_company_id"/>
        <field name="x_calendar_id"/>
        <field name="x_works_cuti_bersama"/>
        <field name="x_summary_hour" widget="float_time"/>
        <field name="x_active"/>
      </group>
      <group string="Penanggung Jawab">
        <field name="x_head_id"/>
        <field name="x_pic_crm_id"/>
        <field name="x_area_coordinator_id"/>
      </group>
    </group>
    <group>
      <field name="x_crm_admin_ids" widget="many2many_tags"/>
      <field name="x_workshop_admin_ids" widget="many2many_tags"/>
      <field name="x_customer_service_ids" widget="many2many_tags"/>
    </group>
  </sheet>
</form>`,
    ),
  ];
}

/** The bridge's lease and watermarks, for IT (Settings → Technical; no menu of its own). */
function bridgeStateViews(target: TargetOdoo): DeclaredRecord[] {
  const d = dialect(target);
  return [
    view(
      'x_h23_bridge_state',
      d.list,
      `<${d.list} string="Status h23-bridge">
  <field name="x_name"/>
  <field name="x_holder"/>
  <field name="x_until"/>
  <field name="write_date" string="Diperbarui"/>
</${d.list}>`,
      'list',
    ),
  ];
}

/** Customer notices: what each customer was sent outside a follow-up, on which channel, or why not. */
function noticeViews(target: TargetOdoo): DeclaredRecord[] {
  const d = dialect(target);
  const notice = 'x_h23_notice';
  return [
    view(
      notice,
      d.list,
      `<${d.list} string="Pemberitahuan Pelanggan" create="0" edit="0" decoration-muted="x_state == 'skipped'">
  <field name="create_date" string="Dibuat"/>
  <field name="x_partner_id"/>
  <field name="x_purpose"/>
  <field name="x_name"/>
  <field name="x_channel"/>
  <field name="x_state" widget="badge" decoration-success="x_state == 'sent'" decoration-muted="x_state == 'skipped'"/>
  <field name="x_reason" optional="show"/>
  <field name="x_sent_on" optional="hide"/>
</${d.list}>`,
      'list',
    ),
    view(
      notice,
      'form',
      `<form string="Pemberitahuan Pelanggan" create="0" edit="0">
  <header>
    <field name="x_state" widget="statusbar"/>
  </header>
  <sheet>
    <div class="oe_title"><h1><field name="x_name"/></h1></div>
    <group>
      <group>
        <field name="x_partner_id"/>
        <field name="x_purpose"/>
        <field name="x_channel"/>
        <field name="x_reason" invisible="not x_reason"/>
      </group>
      <group>
        <field name="x_phone" widget="phone" invisible="x_channel != 'whatsapp'"/>
        <field name="x_template_id" invisible="x_channel != 'whatsapp'"/>
        <field name="x_email" widget="email" invisible="x_channel != 'email'"/>
        <field name="x_sent_on"/>
        <field name="x_key" groups="base.group_no_one"/>
      </group>
    </group>
    <field name="x_body"/>
  </sheet>
  ${d.chatter}
</form>`,
    ),
    view(
      notice,
      'search',
      `<search string="Pemberitahuan Pelanggan">
  <field name="x_partner_id"/>
  <field name="x_name"/>
  <filter name="skipped" string="Tidak Dikirim" domain="[('x_state', '=', 'skipped')]"/>
  <filter name="whatsapp" string="Lewat WhatsApp" domain="[('x_channel', '=', 'whatsapp')]"/>
  <filter name="email" string="Lewat E-mail" domain="[('x_channel', '=', 'email')]"/>
  <separator/>
  <filter name="by_purpose" string="Jenis" context="{'group_by': 'x_purpose'}"/>
  <filter name="by_channel" string="Saluran" context="{'group_by': 'x_channel'}"/>
  <filter name="by_state" string="Status" context="{'group_by': 'x_state'}"/>
</search>`,
    ),
  ];
}

/** WhatsApp: the outbox and replies (admins check the uncertain and failed ones), and templates. */
function whatsAppViews(target: TargetOdoo): DeclaredRecord[] {
  const d = dialect(target);
  const message = 'x_h23_wa_message';
  const template = 'x_h23_wa_template';
  return [
    view(
      message,
      d.list,
      `<${d.list} string="Pesan WhatsApp" create="0" decoration-danger="x_state == 'failed'" decoration-warning="x_state == 'uncertain'" decoration-success="x_state in ('delivered', 'read')" decoration-info="x_direction == 'in'">
  <field name="create_date" string="Dibuat"/>
  <field name="x_direction"/>
  <field name="x_partner_id"/>
  <field name="x_phone" widget="phone" optional="show"/>
  <field name="x_followup_id" optional="show"/>
  <field name="x_notice_id" optional="hide"/>
  <field name="x_template_id" optional="hide"/>
  <field name="x_body" optional="show"/>
  <field name="x_state" widget="badge" decoration-danger="x_state == 'failed'" decoration-warning="x_state == 'uncertain'" decoration-success="x_state in ('delivered', 'read')"/>
  <field name="x_intent" optional="show"/>
  <field name="x_error_title" optional="show"/>
  <field name="x_branch_id" optional="hide"/>
</${d.list}>`,
      'list',
    ),
    view(
      message,
      'form',
      `<form string="Pesan WhatsApp" create="0">
  <header>
    <field name="x_state" widget="statusbar" statusbar_visible="queued,sent,delivered,read"/>
  </header>
  <sheet>
    <div class="oe_title"><h1><field name="x_name" readonly="1"/></h1></div>
    <div class="alert alert-warning" role="alert" invisible="x_state != 'uncertain'">
      Pesan ini mungkin sudah terkirim: konfirmasi dari WhatsApp (Meta) tidak diterima, jadi h23-bridge tidak mengirimnya ulang.
      Bila dalam satu jam statusnya tidak berubah sendiri, hubungi pelanggan dari follow up-nya (tautan WhatsApp di aktivitas FU1, atau telepon).
    </div>
    <group>
      <group string="Pesan">
        <field name="x_direction" readonly="1"/>
        <field name="x_partner_id" readonly="1"/>
        <field name="x_phone" widget="phone" readonly="1"/>
        <field name="x_followup_id" readonly="1" invisible="not x_followup_id"/>
        <field name="x_notice_id" readonly="1" invisible="not x_notice_id"/>
        <field name="x_branch_id" readonly="1"/>
        <field name="x_template_id" readonly="1" invisible="x_direction != 'out'"/>
        <field name="x_reply_to_id" readonly="1" invisible="x_direction != 'in'"/>
        <field name="x_intent" readonly="1" invisible="x_direction != 'in'"/>
      </group>
      <group string="Waktu">
        <field name="x_attempted_at" readonly="1" invisible="x_direction != 'out'"/>
        <field name="x_sent_at" readonly="1" invisible="x_direction != 'out'"/>
        <field name="x_delivered_at" readonly="1" invisible="x_direction != 'out'"/>
        <field name="x_read_at" readonly="1" invisible="x_direction != 'out'"/>
        <field name="x_failed_at" readonly="1" invisible="not x_failed_at"/>
        <field name="x_received_at" readonly="1" invisible="x_direction != 'in'"/>
      </group>
    </group>
    <group string="Kesalahan" invisible="not x_error_code">
      <field name="x_error_kind" readonly="1"/>
      <field name="x_error_code" readonly="1"/>
      <field name="x_error_title" readonly="1"/>
    </group>
    <group string="Isi">
      <field name="x_body" readonly="1" nolabel="1" colspan="2"/>
      <field name="x_parameters" readonly="1" groups="base.group_no_one"/>
      <field name="x_wamid" readonly="1" groups="base.group_no_one"/>
    </group>
  </sheet>
</form>`,
    ),
    view(
      message,
      'search',
      `<search string="Pesan WhatsApp">
  <field name="x_partner_id"/>
  <field name="x_phone"/>
  <field name="x_followup_id"/>
  <filter name="attention" string="Perlu Dicek" domain="[('x_state', 'in', ['uncertain', 'failed'])]"/>
  <filter name="uncertain" string="Tidak Pasti" domain="[('x_state', '=', 'uncertain')]"/>
  <filter name="failed" string="Gagal" domain="[('x_state', '=', 'failed')]"/>
  <filter name="incoming" string="Pesan Masuk" domain="[('x_direction', '=', 'in')]"/>
  <separator/>
  <filter name="by_state" string="Status" context="{'group_by': 'x_state'}"/>
  <filter name="by_branch" string="Cabang" context="{'group_by': 'x_branch_id'}"/>
</search>`,
    ),
    view(
      template,
      d.list,
      `<${d.list} string="Template WhatsApp" decoration-success="x_status == 'APPROVED'" decoration-danger="x_status in ('REJECTED', 'PAUSED', 'DISABLED', 'MISSING')">
  <field name="x_name"/>
  <field name="x_language"/>
  <field name="x_purpose"/>
  <field name="x_category"/>
  <field name="x_status" widget="badge" decoration-success="x_status == 'APPROVED'" decoration-danger="x_status in ('REJECTED', 'PAUSED', 'DISABLED', 'MISSING')"/>
  <field name="x_synced_at" optional="show"/>
</${d.list}>`,
      'list',
    ),
    view(
      template,
      'form',
      `<form string="Template WhatsApp">
  <sheet>
    <div class="oe_title"><h1><field name="x_name" placeholder="nama_template_di_meta"/></h1></div>
    <group>
      <group>
        <field name="x_language"/>
        <field name="x_purpose"/>
        <field name="x_category"/>
        <field name="x_active"/>
      </group>
      <group string="Status di Meta">
        <field name="x_status"/>
        <field name="x_synced_at"/>
      </group>
    </group>
    <group string="Isi parameter">
      <field name="x_param_1"/>
      <field name="x_param_2"/>
      <field name="x_param_3"/>
      <field name="x_param_4"/>
      <field name="x_param_5"/>
      <field name="x_param_6"/>
    </group>
    <group string="Isi template (dari Meta)">
      <field name="x_body" nolabel="1" colspan="2"/>
    </group>
  </sheet>
  ${d.chatter}
</form>`,
    ),
  ];
}

/**
 * Complaints (SOP CRM Tahap 3) for customer service and managers. The stage moves by the
 * status bar; what each step needs (root cause, solution, the customer's confirmation) is
 * required by the form, and refused with a message by the module's automation rule when Odoo's
 * Automation Rules addon is installed (kanban cards are not dragged: a drop would skip both).
 * A status-bar click the form refuses is explained at the top of the sheet: Odoo 19's notice
 * names no field ("Field-field yang diperlukan kurang"), and the fields may be out of sight.
 */
function complaintViews(target: TargetOdoo): DeclaredRecord[] {
  const d = dialect(target);
  const model = 'x_h23_complaint';
  return [
    view(
      model,
      d.list,
      `<${d.list} string="Keluhan Pelanggan" decoration-danger="x_overdue" decoration-success="x_stage == 'done'" decoration-warning="x_stage == 'escalated'">
  <field name="x_name"/>
  <field name="x_subject"/>
  <field name="x_partner_id"/>
  <field name="x_partner_phone" widget="phone" optional="hide"/>
  <field name="x_branch_id" optional="show"/>
  <field name="x_channel" optional="show"/>
  <field name="x_category"/>
  <field name="x_severity" widget="badge" decoration-danger="x_severity in ('high', 'critical')"/>
  <field name="x_stage" widget="badge" decoration-warning="x_stage == 'escalated'" decoration-success="x_stage == 'done'"/>
  <field name="x_deadline_at" decoration-danger="x_overdue"/>
  <field name="x_overdue" optional="show"/>
  <field name="x_user_id" widget="many2one_avatar_user" optional="show"/>
  <field name="x_root_cause_kind" optional="hide"/>
  <field name="create_date" string="Dicatat" optional="hide"/>
  <field name="activity_ids" widget="list_activity" string="Aktivitas" optional="show"/>
</${d.list}>`,
      'list',
    ),
    view(
      model,
      'form',
      `<form string="Keluhan Pelanggan">
  <header>
    <field name="x_stage" widget="statusbar" options="{'clickable': '1'}" statusbar_visible="received,analysis,solution,confirmation,done"/>
  </header>
  <sheet>
    <div class="alert alert-danger" role="alert" invisible="not x_overdue">Batas waktu tingkat layanan terlewati: <field name="x_deadline_at" readonly="1" class="oe_inline"/></div>
    <div class="alert alert-warning" role="alert" invisible="x_stage not in ('solution', 'confirmation', 'done') or (x_root_cause_kind and x_root_cause)">Keluhan belum dapat keluar dari tahap Analisis: isi Jenis Akar Masalah dan Akar Masalah di bagian Analisis.</div>
    <div class="alert alert-warning" role="alert" invisible="x_stage not in ('confirmation', 'done') or x_solution">Keluhan belum dapat keluar dari tahap Solusi Disampaikan: isi Solusi di bagian Solusi.</div>
    <div class="alert alert-warning" role="alert" invisible="x_stage != 'done' or (x_confirmation and x_confirmation_channel)">Keluhan belum dapat ditutup: pelanggan harus menyatakan puas. Isi Konfirmasi Pelanggan dan Dikonfirmasi Lewat di bagian Konfirmasi Pelanggan, atau kembalikan ke tahap sebelumnya.</div>
    <div class="oe_title"><h1><field name="x_name" readonly="1"/></h1><h3><field name="x_subject" placeholder="Ringkasan keluhan"/></h3></div>
    <group>
      <group string="Pelanggan">
        <field name="x_partner_id"/>
        <field name="x_partner_phone" widget="phone"/>
        <field name="x_unit_id"/>
        <field name="x_branch_id"/>
        <field name="x_followup_id" invisible="not x_followup_id"/>
      </group>
      <group string="Keluhan">
        <field name="x_channel"/>
        <field name="x_category"/>
        <field name="x_severity"/>
        <field name="x_user_id" widget="many2one_avatar_user"/>
        <field name="x_received_at"/>
      </group>
    </group>
    <group string="Uraian Keluhan"><field name="x_description" nolabel="1" colspan="2" placeholder="Apa yang disampaikan pelanggan, dengan kata-katanya"/></group>
    <group string="Analisis" invisible="x_stage == 'received'">
      <field name="x_root_cause_kind" required="x_stage in ('solution', 'confirmation', 'done')"/>
      <field name="x_root_cause" required="x_stage in ('solution', 'confirmation', 'done')" placeholder="Mengapa ini terjadi"/>
    </group>
    <group string="Solusi" invisible="x_stage in ('received', 'analysis')">
      <field name="x_solution" required="x_stage in ('confirmation', 'done')" placeholder="Apa yang dilakukan dealer untuk pelanggan"/>
    </group>
    <group string="Konfirmasi Pelanggan" invisible="x_stage not in ('confirmation', 'done', 'reopened')">
      <field name="x_confirmation" required="x_stage == 'done'"/>
      <field name="x_confirmation_channel" required="x_stage == 'done' or x_confirmation"/>
      <field name="x_confirmation_note"/>
    </group>
    <group string="Tingkat Layanan">
      <group>
        <field name="x_acknowledge_deadline"/>
        <field name="x_acknowledged_at"/>
        <field name="x_solution_deadline"/>
        <field name="x_solved_at"/>
      </group>
      <group>
        <field name="x_closed_at"/>
        <field name="x_escalated_acknowledge" invisible="not x_escalated_acknowledge"/>
        <field name="x_escalated_solution" invisible="not x_escalated_solution"/>
        <field name="x_reopen_count" invisible="not x_reopen_count"/>
        <field name="x_overdue" invisible="1"/>
      </group>
    </group>
  </sheet>
  ${d.chatter}
</form>`,
    ),
    view(
      model,
      'search',
      `<search string="Cari Keluhan">
  <field name="x_name"/>
  <field name="x_subject"/>
  <field name="x_partner_id"/>
  <field name="x_unit_id"/>
  <field name="x_branch_id"/>
  <field name="x_user_id"/>
  <filter name="open" string="Belum Selesai" domain="[('x_stage', '!=', 'done')]"/>
  <filter name="overdue" string="Terlambat" domain="[('x_overdue', '=', True)]"/>
  <filter name="escalated" string="Eskalasi" domain="[('x_stage', '=', 'escalated')]"/>
  <filter name="mine" string="Keluhan Saya" domain="[('x_user_id', '=', uid)]"/>
  <separator/>
  <filter name="done" string="Selesai" domain="[('x_stage', '=', 'done')]"/>
  <filter name="in_time" string="Solusi Tepat Waktu" domain="[('x_solved_in_time', '=', 1)]"/>
  <filter name="late" string="Solusi Terlambat" domain="[('x_solved', '=', 1), ('x_solved_in_time', '=', 0)]"/>
  <separator/>
  <filter name="created" string="Tanggal Dicatat" date="create_date"/>
  <group>
    <filter name="by_stage" string="Tahap" context="{'group_by': 'x_stage'}"/>
    <filter name="by_category" string="Kategori" context="{'group_by': 'x_category'}"/>
    <filter name="by_root_cause" string="Akar Masalah" context="{'group_by': 'x_root_cause_kind'}"/>
    <filter name="by_branch" string="Cabang" context="{'group_by': 'x_branch_id'}"/>
    <filter name="by_channel" string="Saluran" context="{'group_by': 'x_channel'}"/>
    <filter name="by_severity" string="Keparahan" context="{'group_by': 'x_severity'}"/>
    <filter name="by_month" string="Bulan" context="{'group_by': 'create_date:month'}"/>
  </group>
</search>`,
    ),
    view(
      model,
      'kanban',
      `<kanban default_group_by="x_stage" class="o_kanban_small_column" quick_create="false" records_draggable="false">
  <field name="x_stage"/>
  <field name="x_overdue"/>
  <templates>
    <t t-name="${d.card}">
      <div class="${target.kanbanCard.clickClass}">
        <div class="d-flex justify-content-between"><field name="x_name" class="fw-bold"/><field name="x_severity" widget="badge"/></div>
        <div><field name="x_subject"/></div>
        <div><field name="x_partner_id"/> · <field name="x_category"/></div>
        <div t-att-class="record.x_overdue.raw_value ? 'text-danger fw-bold' : 'text-muted'"><field name="x_deadline_at"/></div>
        <div class="d-flex justify-content-between"><field name="activity_ids" widget="kanban_activity"/><field name="x_user_id" widget="many2one_avatar_user"/></div>
      </div>
    </t>
  </templates>
</kanban>`,
    ),
    view(
      model,
      'pivot',
      `<pivot string="Analisis Keluhan" sample="1">
  <field name="x_category" type="row"/>
  <field name="create_date" interval="month" type="col"/>
  <field name="x_solved" type="measure"/>
  <field name="x_solved_in_time" type="measure"/>
</pivot>`,
    ),
    view(
      model,
      'graph',
      `<graph string="Keluhan per Kategori" type="bar" sample="1">
  <field name="x_category"/>
  <field name="x_root_cause_kind"/>
</graph>`,
    ),
  ];
}

/** The monthly service-level lines: the share solved in time, per branch and for all branches. */
function complaintMonthViews(target: TargetOdoo): DeclaredRecord[] {
  const d = dialect(target);
  const model = 'x_h23_complaint_month';
  return [
    view(
      model,
      d.list,
      `<${d.list} string="Tingkat Layanan Keluhan" create="false" edit="false" decoration-muted="not x_branch_id">
  <field name="x_month" widget="date"/>
  <field name="x_branch_id"/>
  <field name="x_received"/>
  <field name="x_solved"/>
  <field name="x_solved_in_time"/>
  <field name="x_in_time_share" widget="progressbar"/>
  <field name="x_escalated"/>
  <field name="x_closed"/>
  <field name="x_open"/>
</${d.list}>`,
      'list',
    ),
    view(
      model,
      'search',
      `<search string="Cari Periode">
  <field name="x_branch_id"/>
  <filter name="branches" string="Per Cabang" domain="[('x_branch_id', '!=', False)]"/>
  <filter name="all" string="Semua Cabang" domain="[('x_branch_id', '=', False)]"/>
  <group>
    <filter name="by_branch" string="Cabang" context="{'group_by': 'x_branch_id'}"/>
    <filter name="by_month" string="Bulan" context="{'group_by': 'x_month:month'}"/>
  </group>
</search>`,
    ),
    // One line per branch and month: a bar is one line's share (grouped by month and branch).
    view(
      model,
      'graph',
      `<graph string="Tepat Waktu per Bulan" type="bar">
  <field name="x_month" interval="month"/>
  <field name="x_branch_id"/>
  <field name="x_in_time_share" type="measure"/>
</graph>`,
    ),
  ];
}

/**
 * The KPI scorecards (seed 003): one line per officer and period; the pivot sums scores by
 * officer and period, the form shows each KPI's figures and the audit sample to validate.
 */
function kpiViews(target: TargetOdoo): DeclaredRecord[] {
  const d = dialect(target);
  const model = 'x_h23_kpi_score';
  const sample = 'x_h23_kpi_sample';
  return [
    view(
      model,
      d.list,
      `<${d.list} string="Scorecard KPI CRO" create="false" edit="false" decoration-muted="not x_officer_id" decoration-warning="x_state == 'validating'">
  <field name="x_period"/>
  <field name="x_kind"/>
  <field name="x_officer_id" widget="many2one_avatar_user"/>
  <field name="x_kpi1_achievement" string="KPI-1 (%)" optional="show"/>
  <field name="x_kpi2_achievement" string="KPI-2 (%)" optional="show"/>
  <field name="x_kpi3_achievement" string="KPI-3 (%)" optional="show"/>
  <field name="x_kpi4_achievement" string="KPI-4 (%)" optional="show"/>
  <field name="x_kpi5_achievement" string="KPI-5 (%)" optional="show"/>
  <field name="x_kpi6_achievement" string="KPI-6 (%)" optional="show"/>
  <field name="x_score_total"/>
  <field name="x_score_max"/>
  <field name="x_score_share" widget="progressbar"/>
  <field name="x_reviews" optional="show"/>
  <field name="x_state" widget="badge" decoration-warning="x_state == 'validating'" decoration-success="x_state == 'done'"/>
  <field name="activity_ids" widget="list_activity" string="Aktivitas" optional="show"/>
</${d.list}>`,
      'list',
    ),
    view(
      model,
      'form',
      `<form string="Scorecard KPI CRO" create="false" edit="false">
  <header>
    <field name="x_state" widget="statusbar"/>
  </header>
  <sheet>
    <div class="alert alert-warning" role="alert" invisible="x_state != 'validating'">Sampel pesan menunggu validasi Head of Marketing: KPI-1 dan KPI-2 dihitung dari sampel yang disetujui.</div>
    <div class="alert alert-danger" role="alert" invisible="not x_reviews">Perlu review dan perbaikan: <field name="x_reviews" readonly="1" class="oe_inline"/></div>
    <div class="oe_title"><h1><field name="x_name" readonly="1"/></h1></div>
    <group>
      <group>
        <field name="x_officer_id" widget="many2one_avatar_user"/>
        <field name="x_period"/>
        <field name="x_kind"/>
        <field name="x_period_from"/>
        <field name="x_period_to"/>
      </group>
      <group>
        <field name="x_score_total"/>
        <field name="x_score_max"/>
        <field name="x_score_share" widget="progressbar"/>
        <field name="x_computed_at"/>
      </group>
    </group>
    <table class="table table-sm o_h23_kpi_table">
      <thead><tr><th>KPI</th><th>Pembilang</th><th>Penyebut</th><th>Capaian (%)</th><th>Skor</th></tr></thead>
      <tbody>
      <tr><td>KPI-1 Pesan dijawab ≤ 1×24 jam (bobot 10)</td><td><field name="x_kpi1_numerator" nolabel="1"/></td><td><field name="x_kpi1_denominator" nolabel="1"/></td><td><field name="x_kpi1_achievement" nolabel="1"/></td><td><field name="x_kpi1_score" nolabel="1"/></td></tr>
      <tr><td>KPI-2 Balasan cepat &amp; representatif (bobot 5)</td><td><field name="x_kpi2_numerator" nolabel="1"/></td><td><field name="x_kpi2_denominator" nolabel="1"/></td><td><field name="x_kpi2_achievement" nolabel="1"/></td><td><field name="x_kpi2_score" nolabel="1"/></td></tr>
      <tr><td>KPI-3 Pertumbuhan omset (bobot 20)</td><td><field name="x_kpi3_numerator" nolabel="1"/></td><td><field name="x_kpi3_denominator" nolabel="1"/></td><td><field name="x_kpi3_achievement" nolabel="1"/></td><td><field name="x_kpi3_score" nolabel="1"/></td></tr>
      <tr><td>KPI-4 Customer baru (bobot 15)</td><td><field name="x_kpi4_numerator" nolabel="1"/></td><td><field name="x_kpi4_denominator" nolabel="1"/></td><td><field name="x_kpi4_achievement" nolabel="1"/></td><td><field name="x_kpi4_score" nolabel="1"/></td></tr>
      <tr><td>KPI-5 Follow up re-order (bobot 10)</td><td><field name="x_kpi5_numerator" nolabel="1"/></td><td><field name="x_kpi5_denominator" nolabel="1"/></td><td><field name="x_kpi5_achievement" nolabel="1"/></td><td><field name="x_kpi5_score" nolabel="1"/></td></tr>
      <tr><td>KPI-6 Konversi re-order (bobot 10)</td><td><field name="x_kpi6_numerator" nolabel="1"/></td><td><field name="x_kpi6_denominator" nolabel="1"/></td><td><field name="x_kpi6_achievement" nolabel="1"/></td><td><field name="x_kpi6_score" nolabel="1"/></td></tr>
      </tbody>
    </table>
    <notebook>
      <page string="Sampel Audit" name="samples" invisible="x_kind != 'quarter'">
        <group>
          <group>
            <field name="x_messages"/>
            <field name="x_replied_in_time"/>
            <field name="x_sample_population"/>
          </group>
          <group>
            <field name="x_sample_method"/>
            <field name="x_sample_seed"/>
            <field name="x_sample_interval" invisible="x_sample_method != 'systematic'"/>
            <field name="x_sample_start" invisible="x_sample_method != 'systematic'"/>
          </group>
        </group>
        <field name="x_sample_ids" readonly="1">
          <${d.list}>
            <field name="x_position" string="No."/>
            <field name="x_channel" optional="hide"/>
            <field name="x_partner_id"/>
            <field name="x_received_at"/>
            <field name="x_replied_at"/>
            <field name="x_working_hours" string="Jam Kerja" invisible="not x_replied_at"/>
            <field name="x_within_one_day" string="≤ 1×24 Jam"/>
            <field name="x_validation" widget="badge" decoration-success="x_validation == 'approved'" decoration-danger="x_validation == 'rejected'"/>
            <field name="x_representative"/>
          </${d.list}>
        </field>
      </page>
      <page string="Omset" name="revenue">
        <group>
          <field name="x_revenue_source"/>
          <field name="x_revenue"/>
          <field name="x_revenue_previous"/>
          <field name="x_revenue_local"/>
          <field name="x_revenue_export"/>
        </group>
      </page>
    </notebook>
  </sheet>
  ${d.chatter}
</form>`,
    ),
    view(
      model,
      'search',
      `<search string="Cari Scorecard">
  <field name="x_officer_id"/>
  <field name="x_period"/>
  <filter name="quarters" string="Kuartal" domain="[('x_kind', '=', 'quarter')]"/>
  <filter name="months" string="Bulan" domain="[('x_kind', '=', 'month')]"/>
  <separator/>
  <filter name="officers" string="Per Officer" domain="[('x_officer_id', '!=', False)]"/>
  <filter name="team" string="Tim" domain="[('x_officer_id', '=', False)]"/>
  <separator/>
  <filter name="validating" string="Menunggu Validasi" domain="[('x_state', '=', 'validating')]"/>
  <filter name="review" string="Perlu Review" domain="[('x_reviews', '!=', False)]"/>
  <group>
    <filter name="by_officer" string="Officer" context="{'group_by': 'x_officer_id'}"/>
    <filter name="by_period" string="Periode" context="{'group_by': 'x_period'}"/>
  </group>
</search>`,
    ),
    view(
      model,
      'pivot',
      `<pivot string="Skor KPI" sample="1">
  <field name="x_officer_id" type="row"/>
  <field name="x_period" type="col"/>
  <field name="x_score_total" type="measure"/>
  <!-- Odoo sums every number field made over RPC: a sum of percentages means nothing. -->
  <field name="x_kpi1_achievement" invisible="1"/>
  <field name="x_kpi2_achievement" invisible="1"/>
  <field name="x_kpi3_achievement" invisible="1"/>
  <field name="x_kpi4_achievement" invisible="1"/>
  <field name="x_kpi5_achievement" invisible="1"/>
  <field name="x_kpi6_achievement" invisible="1"/>
  <field name="x_score_share" invisible="1"/>
</pivot>`,
    ),
    view(
      model,
      'graph',
      `<graph string="Skor KPI per Periode" type="bar" sample="1">
  <field name="x_period"/>
  <field name="x_officer_id"/>
  <field name="x_score_total" type="measure"/>
</graph>`,
    ),
    view(
      sample,
      d.list,
      `<${d.list} string="Validasi Sampel KPI" create="false" delete="false" editable="bottom" open_form_view="1" decoration-success="x_validation == 'approved'" decoration-danger="x_validation == 'rejected'">
  <field name="x_score_id" readonly="1"/>
  <field name="x_position" string="No." readonly="1"/>
  <field name="x_channel" readonly="1"/>
  <field name="x_partner_id" readonly="1"/>
  <field name="x_message" readonly="1" optional="show"/>
  <field name="x_reply" readonly="1" optional="show"/>
  <field name="x_thread_url" widget="url" text="Buka" readonly="1" optional="show"/>
  <field name="x_received_at" readonly="1" optional="show"/>
  <field name="x_replied_at" readonly="1" optional="show"/>
  <field name="x_working_hours" readonly="1" invisible="not x_replied_at"/>
  <field name="x_within_one_day" string="≤ 1×24 Jam" readonly="1"/>
  <field name="x_validation"/>
  <field name="x_representative"/>
  <field name="x_note" required="x_validation == 'rejected'"/>
</${d.list}>`,
      'list',
    ),
    view(
      sample,
      'form',
      `<form string="Sampel Audit KPI" create="false" delete="false">
  <sheet>
    <div class="oe_title"><h1><field name="x_name" readonly="1"/></h1></div>
    <group>
      <group>
        <field name="x_score_id" readonly="1"/>
        <field name="x_officer_id" readonly="1"/>
        <field name="x_channel" readonly="1"/>
        <field name="x_partner_id" readonly="1"/>
        <field name="x_thread_url" widget="url" text="Buka percakapan" readonly="1"/>
      </group>
      <group>
        <field name="x_received_at" readonly="1"/>
        <field name="x_due_at" readonly="1"/>
        <field name="x_replied_at" readonly="1"/>
        <field name="x_working_hours" readonly="1" invisible="not x_replied_at"/>
        <field name="x_within_one_day" readonly="1"/>
        <field name="x_fast" readonly="1"/>
      </group>
    </group>
    <group string="Percakapan">
      <field name="x_message" readonly="1"/>
      <field name="x_reply" readonly="1"/>
    </group>
    <group string="Validasi Head of Marketing">
      <field name="x_validation" widget="radio" options="{'horizontal': true}"/>
      <field name="x_representative"/>
      <field name="x_note" required="x_validation == 'rejected'" placeholder="Alasan bila ditolak atau kurang representatif"/>
    </group>
  </sheet>
</form>`,
    ),
    view(
      sample,
      'search',
      `<search string="Cari Sampel">
  <field name="x_officer_id"/>
  <field name="x_score_id"/>
  <filter name="pending" string="Belum Divalidasi" domain="[('x_validation', '=', 'pending')]"/>
  <filter name="decided" string="Sudah Divalidasi" domain="[('x_validation', '!=', 'pending')]"/>
  <group>
    <filter name="by_score" string="Scorecard" context="{'group_by': 'x_score_id'}"/>
  </group>
</search>`,
    ),
  ];
}

/**
 * The customer's consent on the contact form, beside its tags (the form of base, 17–19): an
 * admin ticks it when a customer asks not to be contacted; a WhatsApp "Berhenti" ticks it too.
 */
function partnerViews(): DeclaredRecord[] {
  return [
    {
      xmlid: xmlid('view_res_partner_form_consent'),
      model: 'ir.ui.view',
      values: {
        name: 'res.partner.form.h23.consent',
        model: 'res.partner',
        inherit_id: ref('base.view_partner_form'),
        priority: 90,
        arch: `<data>
  <xpath expr="//field[@name='category_id']" position="after">
    <field name="x_h23_opt_out"/>
    <field name="x_h23_opt_out_at" readonly="1" invisible="not x_h23_opt_out"/>
  </xpath>
</data>`,
      },
    },
  ];
}

/**
 * Customer segments (issue 15): the segment and scores on the contact form (a page of its own)
 * and in the contacts' search, for marketing's filters; read-only, the bridge computes them.
 */
function partnerSegmentViews(): DeclaredRecord[] {
  const segmentFilters = [
    ['loyal', 'Loyal'],
    ['active', 'Aktif'],
    ['at_risk', 'Berisiko'],
    ['lost', 'Hilang'],
    ['never_serviced', 'Belum Pernah Servis'],
  ]
    .map(
      ([value, label]) =>
        `    <filter name="h23_segment_${value}" string="Segmen ${label}" domain="[('x_h23_segment', '=', '${value}')]"/>`,
    )
    .join('\n');
  return [
    {
      xmlid: xmlid('view_res_partner_form_segment'),
      model: 'ir.ui.view',
      values: {
        name: 'res.partner.form.h23.segment',
        model: 'res.partner',
        inherit_id: ref('base.view_partner_form'),
        priority: 91,
        arch: `<data>
  <xpath expr="//notebook" position="inside">
    <page string="Segmen CRM H23" name="h23_segment">
      <group>
        <group>
          <field name="x_h23_segment" readonly="1"/>
          <field name="x_h23_last_service" readonly="1"/>
        </group>
        <group>
          <field name="x_h23_recency" readonly="1"/>
          <field name="x_h23_frequency" readonly="1"/>
          <field name="x_h23_monetary" readonly="1"/>
        </group>
      </group>
    </page>
  </xpath>
</data>`,
      },
    },
    {
      xmlid: xmlid('view_res_partner_search_segment'),
      model: 'ir.ui.view',
      values: {
        name: 'res.partner.search.h23.segment',
        model: 'res.partner',
        inherit_id: ref('base.view_res_partner_filter'),
        priority: 91,
        arch: `<data>
  <xpath expr="//search" position="inside">
    <field name="x_h23_segment"/>
    <separator/>
${segmentFilters}
    <separator/>
    <filter name="h23_recency_low" string="Skor R 1–2" domain="[('x_h23_recency', 'in', [1, 2])]"/>
    <filter name="h23_frequency_high" string="Skor F 4–5" domain="[('x_h23_frequency', 'in', [4, 5])]"/>
    <filter name="h23_monetary_high" string="Skor M 4–5" domain="[('x_h23_monetary', 'in', [4, 5])]"/>
    <group>
      <filter name="h23_by_segment" string="Segmen Pelanggan" context="{'group_by': 'x_h23_segment'}"/>
    </group>
  </xpath>
</data>`,
      },
    },
  ];
}

/**
 * The segment history: one line per customer and day their segment changed (the pivot counts
 * moves per target segment and month; filtered from Aktif to Berisiko it answers "how many this
 * month"), and the customers per segment, branch and month.
 */
function segmentViews(target: TargetOdoo): DeclaredRecord[] {
  const d = dialect(target);
  const change = 'x_h23_segment_change';
  const month = 'x_h23_segment_month';
  const moves = [
    ['active', 'at_risk', 'Aktif ke Berisiko'],
    ['loyal', 'active', 'Loyal ke Aktif'],
    ['at_risk', 'lost', 'Berisiko ke Hilang'],
  ]
    .map(
      ([from, to, label]) =>
        `  <filter name="${from}_to_${to}" string="${label}" domain="[('x_from_segment', '=', '${from}'), ('x_to_segment', '=', '${to}')]"/>`,
    )
    .join('\n');
  return [
    view(
      change,
      d.list,
      `<${d.list} string="Perpindahan Segmen" create="false" edit="false">
  <field name="x_date"/>
  <field name="x_partner_id"/>
  <field name="x_branch_id"/>
  <field name="x_from_segment"/>
  <field name="x_to_segment"/>
</${d.list}>`,
      'list',
    ),
    view(
      change,
      'search',
      `<search string="Cari Perpindahan Segmen">
  <field name="x_partner_id"/>
  <field name="x_branch_id"/>
  <field name="x_to_segment"/>
  <field name="x_from_segment"/>
  <filter name="this_month" string="Bulan Ini" domain="[('x_date', '&gt;=', context_today().strftime('%Y-%m-01'))]"/>
  <separator/>
${moves}
  <filter name="first" string="Pertama Kali Disegmentasi" domain="[('x_from_segment', '=', False)]"/>
  <filter name="moved" string="Berpindah Segmen" domain="[('x_from_segment', '!=', False)]"/>
  <group>
    <filter name="by_to" string="Ke Segmen" context="{'group_by': 'x_to_segment'}"/>
    <filter name="by_from" string="Dari Segmen" context="{'group_by': 'x_from_segment'}"/>
    <filter name="by_branch" string="Cabang" context="{'group_by': 'x_branch_id'}"/>
    <filter name="by_month" string="Bulan" context="{'group_by': 'x_date:month'}"/>
  </group>
</search>`,
    ),
    view(
      change,
      'pivot',
      `<pivot string="Perpindahan Segmen">
  <field name="x_to_segment" type="row"/>
  <field name="x_date" interval="month" type="col"/>
</pivot>`,
    ),
    view(
      change,
      'graph',
      `<graph string="Perpindahan Segmen per Bulan" type="bar" stacked="1">
  <field name="x_date" interval="month"/>
  <field name="x_to_segment"/>
</graph>`,
    ),
    view(
      month,
      d.list,
      `<${d.list} string="Segmen Pelanggan per Bulan" create="false" edit="false" decoration-muted="not x_branch_id">
  <field name="x_month" widget="date"/>
  <field name="x_branch_id"/>
  <field name="x_segment"/>
  <field name="x_customers" sum="Total"/>
  <field name="x_counted_on"/>
</${d.list}>`,
      'list',
    ),
    view(
      month,
      'search',
      `<search string="Cari Segmen per Bulan">
  <field name="x_branch_id"/>
  <field name="x_segment"/>
  <filter name="all" string="Semua Cabang" domain="[('x_branch_id', '=', False)]"/>
  <filter name="branches" string="Per Cabang" domain="[('x_branch_id', '!=', False)]"/>
  <group>
    <filter name="by_branch" string="Cabang" context="{'group_by': 'x_branch_id'}"/>
    <filter name="by_segment" string="Segmen" context="{'group_by': 'x_segment'}"/>
    <filter name="by_month" string="Bulan" context="{'group_by': 'x_month:month'}"/>
  </group>
</search>`,
    ),
    // A line counts a branch's (or all branches') customers in one segment: lines add up across
    // segments and branches of one month, never across months, nor "Semua Cabang" with a branch.
    view(
      month,
      'pivot',
      `<pivot string="Segmen Pelanggan per Bulan">
  <field name="x_branch_id" type="row"/>
  <field name="x_segment" type="row"/>
  <field name="x_month" interval="month" type="col"/>
  <field name="x_customers" type="measure"/>
</pivot>`,
    ),
    view(
      month,
      'graph',
      `<graph string="Segmen Pelanggan per Bulan" type="bar" stacked="1">
  <field name="x_month" interval="month"/>
  <field name="x_segment"/>
  <field name="x_customers" type="measure"/>
</graph>`,
    ),
  ];
}

/**
 * The loyalty programme (issue 15): members by tier (kanban columns Silver, Gold, Platinum), the
 * tier on the contact, and the month per branch: participation and effectiveness.
 */
function loyaltyViews(target: TargetOdoo): DeclaredRecord[] {
  const d = dialect(target);
  const member = 'x_h23_loyalty_member';
  const month = 'x_h23_loyalty_month';
  const tierFilters = [
    ['silver', 'Silver'],
    ['gold', 'Gold'],
    ['platinum', 'Platinum'],
  ]
    .map(
      ([value, label]) =>
        `    <filter name="h23_tier_${value}" string="Member ${label}" domain="[('x_h23_loyalty_tier', '=', '${value}')]"/>`,
    )
    .join('\n');
  return [
    {
      xmlid: xmlid('view_res_partner_form_loyalty'),
      model: 'ir.ui.view',
      values: {
        name: 'res.partner.form.h23.loyalty',
        model: 'res.partner',
        inherit_id: ref('base.view_partner_form'),
        priority: 92,
        arch: `<data>
  <xpath expr="//notebook" position="inside">
    <page string="Loyalitas CRM H23" name="h23_loyalty">
      <group>
        <field name="x_h23_loyalty_tier" readonly="1"/>
      </group>
    </page>
  </xpath>
</data>`,
      },
    },
    {
      xmlid: xmlid('view_res_partner_search_loyalty'),
      model: 'ir.ui.view',
      values: {
        name: 'res.partner.search.h23.loyalty',
        model: 'res.partner',
        inherit_id: ref('base.view_res_partner_filter'),
        priority: 92,
        arch: `<data>
  <xpath expr="//search" position="inside">
    <field name="x_h23_loyalty_tier"/>
    <separator/>
    <filter name="h23_member" string="Member Loyalitas" domain="[('x_h23_loyalty_tier', '!=', False)]"/>
${tierFilters}
    <group>
      <filter name="h23_by_tier" string="Tier Member" context="{'group_by': 'x_h23_loyalty_tier'}"/>
    </group>
  </xpath>
</data>`,
      },
    },
    view(
      member,
      d.list,
      `<${d.list} string="Member Loyalitas" create="false" edit="false" decoration-muted="x_state == 'lapsed'">
  <field name="x_partner_id"/>
  <field name="x_branch_id"/>
  <field name="x_tier" widget="badge"/>
  <field name="x_state"/>
  <field name="x_enrolled_on"/>
  <field name="x_tier_since"/>
  <field name="x_channel" optional="show"/>
  <field name="x_visits_before" optional="show"/>
  <field name="x_visits_after" optional="show"/>
  <field name="x_measured" optional="hide"/>
</${d.list}>`,
      'list',
    ),
    view(
      member,
      'kanban',
      `<kanban default_group_by="x_tier" class="o_kanban_small_column" create="false" quick_create="false" records_draggable="false">
  <field name="x_tier"/>
  <field name="x_state"/>
  <templates>
    <t t-name="${d.card}">
      <div class="${target.kanbanCard.clickClass}">
        <div class="d-flex justify-content-between"><field name="x_partner_id" class="fw-bold"/><field name="x_state" widget="badge"/></div>
        <div><field name="x_branch_id"/></div>
        <div class="text-muted">Sejak <field name="x_enrolled_on"/> · <field name="x_channel"/></div>
      </div>
    </t>
  </templates>
</kanban>`,
    ),
    view(
      member,
      'form',
      `<form string="Member Loyalitas" create="false" edit="false">
  <sheet>
    <div class="oe_title"><h1><field name="x_name"/></h1></div>
    <group>
      <group>
        <field name="x_partner_id"/>
        <field name="x_branch_id"/>
        <field name="x_tier"/>
        <field name="x_state"/>
        <field name="x_key" invisible="1"/>
      </group>
      <group>
        <field name="x_enrolled_on"/>
        <field name="x_tier_since"/>
        <field name="x_below_since" invisible="not x_below_since"/>
        <field name="x_lapsed_on" invisible="not x_lapsed_on"/>
      </group>
      <group string="Komunikasi">
        <field name="x_announced_tier"/>
        <field name="x_channel"/>
        <field name="x_announced_on"/>
      </group>
      <group string="Efektivitas">
        <field name="x_visits_before"/>
        <field name="x_visits_after" invisible="not x_measured"/>
        <field name="x_measured"/>
      </group>
    </group>
  </sheet>
</form>`,
    ),
    view(
      member,
      'search',
      `<search string="Cari Member Loyalitas">
  <field name="x_partner_id"/>
  <field name="x_branch_id"/>
  <field name="x_tier"/>
  <filter name="active_members" string="Member Aktif" domain="[('x_state', '=', 'active')]"/>
  <filter name="lapsed" string="Tidak Aktif" domain="[('x_state', '=', 'lapsed')]"/>
  <separator/>
  <filter name="enrolled_this_month" string="Daftar Bulan Ini" domain="[('x_enrolled_on', '&gt;=', context_today().strftime('%Y-%m-01'))]"/>
  <filter name="below" string="Menunggu Turun Tier" domain="[('x_below_since', '!=', False)]"/>
  <filter name="measured" string="Sudah Diukur" domain="[('x_measured', '=', True)]"/>
  <group>
    <filter name="by_tier" string="Tier" context="{'group_by': 'x_tier'}"/>
    <filter name="by_branch" string="Cabang" context="{'group_by': 'x_branch_id'}"/>
    <filter name="by_state" string="Status" context="{'group_by': 'x_state'}"/>
    <filter name="by_enrolled" string="Bulan Daftar" context="{'group_by': 'x_enrolled_on:month'}"/>
  </group>
</search>`,
    ),
    // Counts and visit sums add up across members; the measured-only figures are in the month's lines.
    view(
      member,
      'pivot',
      `<pivot string="Member Loyalitas">
  <field name="x_branch_id" type="row"/>
  <field name="x_tier" type="col"/>
</pivot>`,
    ),
    view(
      member,
      'graph',
      `<graph string="Member per Bulan Daftar" type="bar" stacked="1">
  <field name="x_enrolled_on" interval="month"/>
  <field name="x_tier"/>
</graph>`,
    ),
    view(
      month,
      d.list,
      `<${d.list} string="Program Loyalitas per Bulan" create="false" edit="false" decoration-muted="not x_branch_id">
  <field name="x_month" widget="date"/>
  <field name="x_branch_id"/>
  <field name="x_members"/>
  <field name="x_members_serviced"/>
  <field name="x_member_participation" widget="progressbar"/>
  <field name="x_non_members"/>
  <field name="x_non_members_serviced"/>
  <field name="x_non_member_participation" widget="progressbar"/>
  <field name="x_enrolled" optional="show"/>
  <field name="x_lapsed" optional="show"/>
  <field name="x_measured" optional="show"/>
  <field name="x_visits_per_member_before"/>
  <field name="x_visits_per_member_after"/>
  <field name="x_silver" optional="hide"/>
  <field name="x_gold" optional="hide"/>
  <field name="x_platinum" optional="hide"/>
  <field name="x_counted_on" optional="hide"/>
</${d.list}>`,
      'list',
    ),
    view(
      month,
      'search',
      `<search string="Cari Program Loyalitas per Bulan">
  <field name="x_branch_id"/>
  <filter name="all" string="Semua Cabang" domain="[('x_branch_id', '=', False)]"/>
  <filter name="branches" string="Per Cabang" domain="[('x_branch_id', '!=', False)]"/>
  <group>
    <filter name="by_branch" string="Cabang" context="{'group_by': 'x_branch_id'}"/>
    <filter name="by_month" string="Bulan" context="{'group_by': 'x_month:month'}"/>
  </group>
</search>`,
    ),
    // Odoo sums every number field made over RPC: the counts and visit sums add up across branches
    // of one month (never across months, nor "Semua Cabang" with a branch); the shares and the
    // per-member averages do not, so they stay out of the pivot and the graph (in the list).
    view(
      month,
      'pivot',
      `<pivot string="Program Loyalitas per Bulan">
  <field name="x_branch_id" type="row"/>
  <field name="x_month" interval="month" type="col"/>
  <field name="x_members" type="measure"/>
  <field name="x_members_serviced" type="measure"/>
  <field name="x_non_members" type="measure"/>
  <field name="x_non_members_serviced" type="measure"/>
  <field name="x_measured" type="measure"/>
  <field name="x_visits_before" type="measure"/>
  <field name="x_visits_after" type="measure"/>
  <field name="x_member_participation" invisible="1"/>
  <field name="x_non_member_participation" invisible="1"/>
  <field name="x_visits_per_member_before" invisible="1"/>
  <field name="x_visits_per_member_after" invisible="1"/>
</pivot>`,
    ),
    view(
      month,
      'graph',
      `<graph string="Member Servis per Bulan" type="bar">
  <field name="x_month" interval="month"/>
  <field name="x_non_members_serviced" type="measure"/>
  <field name="x_members_serviced" type="measure"/>
  <field name="x_member_participation" invisible="1"/>
  <field name="x_non_member_participation" invisible="1"/>
  <field name="x_visits_per_member_before" invisible="1"/>
  <field name="x_visits_per_member_after" invisible="1"/>
</graph>`,
    ),
  ];
}

/**
 * The data-hygiene audits (issue 17): each audit with its counts before and after the merges,
 * the duplicate groups to review (decide Gabungkan or Bukan Duplikat), and the inaccurate data
 * to correct on the contacts.
 */
function dedupeViews(target: TargetOdoo): DeclaredRecord[] {
  const d = dialect(target);
  const audit = 'x_h23_dedupe_audit';
  const group = 'x_h23_dedupe_group';
  const finding = 'x_h23_dedupe_finding';
  const counts = [
    ['Pelanggan', 'customers'],
    ['Grup duplikat', 'groups'],
    ['Pelanggan duplikat', 'duplicates'],
    ['Telepon tidak valid', 'phone_invalid'],
    ['E-mail kosong', 'email_missing'],
    ['Format e-mail salah', 'email_malformed'],
    ['Alamat tidak lengkap', 'address_incomplete'],
  ]
    .map(
      ([label, field]) =>
        `      <tr><td>${label}</td><td><field name="x_${field}_before" nolabel="1"/></td><td><field name="x_${field}_after" nolabel="1"/></td></tr>`,
    )
    .join('\n');
  const kindFilters = [
    ['phone_invalid', 'Telepon Tidak Valid'],
    ['email_missing', 'E-mail Kosong'],
    ['email_malformed', 'Format E-mail Salah'],
    ['address_incomplete', 'Alamat Tidak Lengkap'],
  ]
    .map(
      ([kind, label]) => `  <filter name="${kind}" string="${label}" domain="[('x_kind', '=', '${kind}')]"/>`,
    )
    .join('\n');
  return [
    view(
      audit,
      d.list,
      `<${d.list} string="Audit Data Pelanggan" create="false" edit="false" decoration-info="x_state == 'running'">
  <field name="x_date"/>
  <field name="x_customers_before"/>
  <field name="x_groups_before"/>
  <field name="x_merged_groups"/>
  <field name="x_groups_after"/>
  <field name="x_phone_invalid_after" optional="show"/>
  <field name="x_email_malformed_after" optional="show"/>
  <field name="x_address_incomplete_after" optional="show"/>
  <field name="x_state" widget="badge" decoration-info="x_state == 'running'" decoration-success="x_state == 'done'"/>
</${d.list}>`,
      'list',
    ),
    view(
      audit,
      'form',
      `<form string="Audit Data Pelanggan" create="false" edit="false">
  <header>
    <field name="x_state" widget="statusbar"/>
  </header>
  <sheet>
    <div class="oe_title"><h1><field name="x_name" readonly="1"/></h1></div>
    <group>
      <group>
        <field name="x_date"/>
      </group>
      <group>
        <field name="x_merged_groups"/>
        <field name="x_merged_customers"/>
      </group>
    </group>
    <table class="table table-sm">
      <thead><tr><th>Jumlah</th><th>Sebelum</th><th>Sesudah</th></tr></thead>
      <tbody>
${counts}
      </tbody>
    </table>
    <notebook>
      <page string="Grup Duplikat" name="groups">
        <field name="x_group_ids" readonly="1">
          <${d.list}>
            <field name="x_survivor_id"/>
            <field name="x_partner_ids" widget="many2many_tags"/>
            <field name="x_certainty"/>
            <field name="x_decision"/>
            <field name="x_merged"/>
            <field name="x_note"/>
          </${d.list}>
        </field>
      </page>
      <page string="Data Tidak Akurat" name="findings">
        <field name="x_finding_ids" readonly="1">
          <${d.list}>
            <field name="x_partner_id"/>
            <field name="x_kind"/>
            <field name="x_detail"/>
          </${d.list}>
        </field>
      </page>
    </notebook>
  </sheet>
</form>`,
    ),
    view(
      group,
      d.list,
      `<${d.list} string="Grup Duplikat Pelanggan" create="false" decoration-muted="x_merged or x_decision == 'not_duplicate'" decoration-warning="x_note">
  <field name="x_audit_id"/>
  <field name="x_survivor_id"/>
  <field name="x_partner_ids" widget="many2many_tags"/>
  <field name="x_certainty"/>
  <field name="x_decision" widget="badge" decoration-info="x_decision == 'pending'" decoration-success="x_decision == 'merge'"/>
  <field name="x_merged"/>
  <field name="x_note" optional="show"/>
</${d.list}>`,
      'list',
    ),
    view(
      group,
      'form',
      `<form string="Grup Duplikat Pelanggan" create="false">
  <header>
    <field name="x_decision" widget="statusbar" options="{'clickable': '1'}" readonly="x_merged"/>
  </header>
  <sheet>
    <div class="alert alert-success" role="alert" invisible="not x_merged">Sudah digabung ke pelanggan utama: unit, follow up, aktivitas dan pesan ikut pindah.</div>
    <div class="alert alert-warning" role="alert" invisible="not x_note"><field name="x_note" readonly="1" class="oe_inline"/></div>
    <div class="oe_title"><h1><field name="x_name" readonly="1"/></h1></div>
    <group>
      <group>
        <field name="x_audit_id"/>
        <field name="x_survivor_id" readonly="x_merged" domain="[('id', 'in', x_partner_ids)]"/>
        <field name="x_certainty"/>
      </group>
      <group>
        <field name="x_merged"/>
        <field name="x_merged_at"/>
        <field name="x_member_ids"/>
      </group>
    </group>
    <field name="x_partner_ids" readonly="1"/>
    <group string="Bukti">
      <field name="x_evidence" nolabel="1" colspan="2"/>
    </group>
  </sheet>
</form>`,
    ),
    view(
      group,
      'search',
      `<search string="Cari Grup Duplikat">
  <field name="x_partner_ids"/>
  <field name="x_audit_id"/>
  <filter name="pending" string="Belum Ditinjau" domain="[('x_decision', '=', 'pending'), ('x_merged', '=', False)]"/>
  <filter name="to_merge" string="Akan Digabung" domain="[('x_decision', '=', 'merge'), ('x_merged', '=', False)]"/>
  <filter name="merged" string="Sudah Digabung" domain="[('x_merged', '=', True)]"/>
  <filter name="blocked" string="Perlu Administrator" domain="[('x_note', '!=', False), ('x_merged', '=', False)]"/>
  <group>
    <filter name="by_audit" string="Audit" context="{'group_by': 'x_audit_id'}"/>
    <filter name="by_decision" string="Keputusan" context="{'group_by': 'x_decision'}"/>
  </group>
</search>`,
    ),
    view(
      finding,
      d.list,
      `<${d.list} string="Data Pelanggan Tidak Akurat" create="false" edit="false">
  <field name="x_audit_id"/>
  <field name="x_partner_id"/>
  <field name="x_kind"/>
  <field name="x_detail"/>
</${d.list}>`,
      'list',
    ),
    view(
      finding,
      'search',
      `<search string="Cari Data Tidak Akurat">
  <field name="x_partner_id"/>
  <field name="x_audit_id"/>
${kindFilters}
  <group>
    <filter name="by_kind" string="Jenis" context="{'group_by': 'x_kind'}"/>
    <filter name="by_audit" string="Audit" context="{'group_by': 'x_audit_id'}"/>
  </group>
</search>`,
    ),
  ];
}

/**
 * Satisfaction surveys (issue 15): the invitations with the answers read back (who was asked,
 * who answered what, which detractor's complaint is open) and the monthly evaluation per branch,
 * admin and service advisor.
 */
function surveyViews(target: TargetOdoo): DeclaredRecord[] {
  const d = dialect(target);
  const invitation = 'x_h23_survey_invitation';
  const month = 'x_h23_survey_month';
  const measures = [
    'x_invitations',
    'x_responses',
    'x_promoters',
    'x_passives',
    'x_nps_detractors',
    'x_detractors',
    'x_detractors_handled',
  ];
  // Odoo sums every number field made over RPC: a sum of rates means nothing, kept out of the measures.
  const hiddenRates = ['x_response_rate', 'x_csat_mean', 'x_nps']
    .map((rate) => `  <field name="${rate}" invisible="1"/>`)
    .join('\n');
  return [
    view(
      invitation,
      d.list,
      `<${d.list} string="Undangan Survei" create="false" edit="false" decoration-danger="x_detractor and not x_handled" decoration-muted="x_state == 'invited'">
  <field name="x_visit_date"/>
  <field name="x_partner_id"/>
  <field name="x_branch_id"/>
  <field name="x_admin_id" optional="show"/>
  <field name="x_service_advisor" optional="show"/>
  <field name="x_state"/>
  <field name="x_csat"/>
  <field name="x_nps"/>
  <field name="x_nps_class" optional="show"/>
  <field name="x_comment" optional="hide"/>
  <field name="x_detractor"/>
  <field name="x_complaint_id" optional="show"/>
  <field name="x_handled" optional="show"/>
</${d.list}>`,
      'list',
    ),
    view(
      invitation,
      'form',
      `<form string="Undangan Survei" create="false" edit="false">
  <sheet>
    <div class="oe_title"><h1><field name="x_name"/></h1></div>
    <group>
      <group string="Kunjungan">
        <field name="x_partner_id"/>
        <field name="x_visit_date"/>
        <field name="x_branch_id"/>
        <field name="x_unit_id"/>
        <field name="x_wor_id"/>
        <field name="x_followup_id"/>
        <field name="x_admin_id"/>
        <field name="x_service_advisor"/>
      </group>
      <group string="Undangan">
        <field name="x_state"/>
        <field name="x_invited_on"/>
        <field name="x_link" widget="url"/>
        <field name="x_answered_at"/>
      </group>
    </group>
    <group string="Jawaban" invisible="x_state != 'answered'">
      <group>
        <field name="x_csat"/>
        <field name="x_nps"/>
        <field name="x_nps_class"/>
      </group>
      <group>
        <field name="x_detractor"/>
        <field name="x_complaint_id" invisible="not x_detractor"/>
        <field name="x_handled" invisible="not x_detractor"/>
      </group>
      <field name="x_comment" colspan="2"/>
    </group>
  </sheet>
  ${d.chatter}
</form>`,
    ),
    view(
      invitation,
      'search',
      `<search string="Cari Undangan Survei">
  <field name="x_partner_id"/>
  <field name="x_branch_id"/>
  <field name="x_admin_id"/>
  <field name="x_service_advisor"/>
  <filter name="answered" string="Dijawab" domain="[('x_state', '=', 'answered')]"/>
  <filter name="waiting" string="Belum Dijawab" domain="[('x_state', '=', 'invited')]"/>
  <separator/>
  <filter name="detractors" string="Perlu Ditangani" domain="[('x_detractor', '=', True)]"/>
  <filter name="unhandled" string="Belum Ditangani" domain="[('x_detractor', '=', True), ('x_handled', '=', False)]"/>
  <separator/>
  <filter name="this_month" string="Bulan Ini" domain="[('x_visit_date', '&gt;=', context_today().strftime('%Y-%m-01'))]"/>
  <group>
    <filter name="by_branch" string="Cabang" context="{'group_by': 'x_branch_id'}"/>
    <filter name="by_admin" string="Admin" context="{'group_by': 'x_admin_id'}"/>
    <filter name="by_advisor" string="SA" context="{'group_by': 'x_service_advisor'}"/>
    <filter name="by_class" string="Kelompok NPS" context="{'group_by': 'x_nps_class'}"/>
    <filter name="by_month" string="Bulan" context="{'group_by': 'x_visit_date:month'}"/>
  </group>
</search>`,
    ),
    view(
      invitation,
      'pivot',
      `<pivot string="Jawaban Survei">
  <field name="x_branch_id" type="row"/>
  <field name="x_nps_class" type="col"/>
</pivot>`,
    ),
    view(
      invitation,
      'graph',
      `<graph string="Jawaban Survei per Bulan" type="bar" stacked="1">
  <field name="x_visit_date" interval="month"/>
  <field name="x_nps_class"/>
</graph>`,
    ),
    view(
      month,
      d.list,
      `<${d.list} string="Evaluasi Kepuasan" create="false" edit="false">
  <field name="x_month" widget="date"/>
  <field name="x_branch_id"/>
  <field name="x_admin_id"/>
  <field name="x_service_advisor"/>
  <field name="x_invitations" sum="Total"/>
  <field name="x_responses" sum="Total"/>
  <field name="x_response_rate"/>
  <field name="x_csat_mean"/>
  <field name="x_nps"/>
  <field name="x_detractors" sum="Total"/>
  <field name="x_detractors_handled" sum="Total"/>
  <field name="x_counted_on" optional="hide"/>
</${d.list}>`,
      'list',
    ),
    view(
      month,
      'search',
      `<search string="Cari Evaluasi Kepuasan">
  <field name="x_branch_id"/>
  <field name="x_admin_id"/>
  <field name="x_service_advisor"/>
  <filter name="this_month" string="Bulan Ini" domain="[('x_month', '&gt;=', context_today().strftime('%Y-%m-01'))]"/>
  <group>
    <filter name="by_branch" string="Cabang" context="{'group_by': 'x_branch_id'}"/>
    <filter name="by_admin" string="Admin" context="{'group_by': 'x_admin_id'}"/>
    <filter name="by_advisor" string="SA" context="{'group_by': 'x_service_advisor'}"/>
    <filter name="by_month" string="Bulan" context="{'group_by': 'x_month:month'}"/>
  </group>
</search>`,
    ),
    // Counts add up across branches, admins and advisors; the rates of a group are in the list
    // per line and in the branch head's e-mail (a sum or mean of rates would mislead).
    view(
      month,
      'pivot',
      `<pivot string="Evaluasi Kepuasan">
  <field name="x_branch_id" type="row"/>
  <field name="x_admin_id" type="row"/>
  <field name="x_month" interval="month" type="col"/>
${measures.map((measure) => `  <field name="${measure}" type="measure"/>`).join('\n')}
${hiddenRates}
</pivot>`,
    ),
    view(
      month,
      'graph',
      `<graph string="Evaluasi Kepuasan per Bulan" type="bar">
  <field name="x_month" interval="month"/>
  <field name="x_responses" type="measure"/>
${hiddenRates}
</graph>`,
    ),
  ];
}

export function viewRecords(target: TargetOdoo): DeclaredRecord[] {
  return [
    ...bridgeStateViews(target),
    ...branchViews(target),
    ...unitViews(target),
    ...worViews(target),
    ...followupViews(target),
    ...importViews(target),
    ...summaryViews(target),
    ...qualityViews(target),
    ...whatsAppViews(target),
    ...complaintViews(target),
    ...complaintMonthViews(target),
    ...kpiViews(target),
    ...partnerViews(),
    ...partnerSegmentViews(),
    ...segmentViews(target),
    ...loyaltyViews(target),
    ...surveyViews(target),
    ...noticeViews(target),
    ...dedupeViews(target),
  ];
}

interface ActionSpec {
  name: string;
  label: string;
  model: string;
  modes: string[];
  context?: string;
  domain?: string;
  help: string;
}

const ACTIONS: readonly ActionSpec[] = [
  {
    name: 'followups',
    label: 'Follow Up KPB',
    model: 'x_h23_followup',
    modes: ['list', 'kanban', 'form', 'pivot', 'graph'],
    // The menu opens it through the landing (below), which adds "Follow Up Saya" for users who
    // have follow-ups of their own; opened directly (a reload), it shows every open one they may see.
    context: "{'search_default_open': 1}",
    help: '<p class="o_view_nocontent_smiling_face">Belum ada follow up KPB</p><p>Follow up dibuat otomatis oleh h23-bridge dari tanggal beli unit.</p>',
  },
  {
    name: 'bookings',
    label: 'Booking Servis',
    model: 'x_h23_followup',
    modes: ['calendar', 'list', 'form'],
    domain: "[('x_booking_at', '!=', False)]",
    help: '<p class="o_view_nocontent_smiling_face">Belum ada booking</p>',
  },
  {
    name: 'units',
    label: 'Unit Motor',
    model: 'x_h23_unit',
    modes: ['list', 'form'],
    help: '<p class="o_view_nocontent_smiling_face">Belum ada unit</p><p>Unit masuk dari impor CDB/A2 dan registrasi WO.</p>',
  },
  {
    name: 'wors',
    label: 'Registrasi WO',
    model: 'x_h23_wor',
    modes: ['list', 'form'],
    help: '<p class="o_view_nocontent_smiling_face">Belum ada registrasi WO</p>',
  },
  {
    name: 'imports',
    label: 'Impor Laporan Portal',
    model: 'x_h23_import_batch',
    modes: ['list', 'form'],
    help: '<p class="o_view_nocontent_smiling_face">Unggah laporan CDB atau A2 dari portal main dealer</p>',
  },
  // A branch's line already counts its admins' follow-ups: shown together, every total would
  // count them twice. Each action shows one kind of line, whatever filter the user picks.
  {
    name: 'summaries',
    label: 'Ringkasan Harian',
    model: 'x_h23_daily_summary',
    modes: ['list', 'pivot', 'graph', 'form'],
    domain: "[('x_admin_id', '=', False)]",
    help: '<p class="o_view_nocontent_smiling_face">Ringkasan dibuat setiap sore oleh h23-bridge</p>',
  },
  {
    name: 'summaries_admin',
    label: 'Ringkasan per Admin',
    model: 'x_h23_daily_summary',
    modes: ['list', 'pivot', 'graph', 'form'],
    domain: "[('x_admin_id', '!=', False)]",
    context:
      "{'pivot_row_groupby': ['x_date:day', 'x_admin_id'], 'graph_groupbys': ['x_date:day', 'x_admin_id']}",
    help: '<p class="o_view_nocontent_smiling_face">Ringkasan per admin dibuat setiap sore oleh h23-bridge</p>',
  },
  {
    name: 'quality',
    label: 'Kualitas Database',
    model: 'x_h23_data_quality',
    modes: ['pivot', 'graph', 'list', 'form'],
    context: "{'search_default_latest': 1}",
    help: '<p class="o_view_nocontent_smiling_face">Kualitas database dihitung setiap hari oleh h23-bridge</p>',
  },
  {
    name: 'wa_messages',
    label: 'Pesan WhatsApp',
    model: 'x_h23_wa_message',
    modes: ['list', 'form'],
    help: '<p class="o_view_nocontent_smiling_face">Belum ada pesan WhatsApp</p><p>FU1 dikirim otomatis oleh h23-bridge lewat WhatsApp; balasan pelanggan masuk ke sini dan ke follow up-nya.</p>',
  },
  {
    name: 'notices',
    label: 'Pemberitahuan Pelanggan',
    model: 'x_h23_notice',
    modes: ['list', 'form'],
    help: '<p class="o_view_nocontent_smiling_face">Belum ada pemberitahuan</p><p>Undangan survei, keanggotaan loyalti, pengingat servis dan ucapan yang dikirim h23-bridge ke pelanggan, lewat WhatsApp atau e-mail, tampil di sini; juga yang tidak dikirim dan alasannya.</p>',
  },
  {
    name: 'wa_templates',
    label: 'Template WhatsApp',
    model: 'x_h23_wa_template',
    modes: ['list', 'form'],
    help: '<p class="o_view_nocontent_smiling_face">Tambahkan template WhatsApp yang sudah disetujui Meta</p><p>Isi nama dan bahasa persis seperti di WhatsApp Manager, lalu pilih isi tiap parameter.</p>',
  },
  {
    name: 'complaints',
    label: 'Keluhan Pelanggan',
    model: 'x_h23_complaint',
    modes: ['kanban', 'list', 'form', 'pivot', 'graph'],
    context: "{'search_default_open': 1}",
    help: '<p class="o_view_nocontent_smiling_face">Belum ada keluhan</p><p>Catat keluhan pelanggan dari bengkel, telepon, WhatsApp atau e-mail; keluhan dari follow up KPB yang kecewa dibuat otomatis.</p>',
  },
  {
    name: 'complaints_analysis',
    label: 'Analisis Keluhan',
    model: 'x_h23_complaint',
    modes: ['pivot', 'graph', 'list', 'form'],
    help: '<p class="o_view_nocontent_smiling_face">Belum ada keluhan</p>',
  },
  {
    name: 'branches',
    label: 'Cabang',
    model: 'x_h23_branch',
    modes: ['list', 'form'],
    help: '<p class="o_view_nocontent_smiling_face">Tambahkan cabang</p>',
  },
  {
    name: 'complaint_months',
    label: 'Tingkat Layanan Keluhan',
    model: 'x_h23_complaint_month',
    modes: ['list', 'graph'],
    context: "{'search_default_branches': 1}",
    help: '<p class="o_view_nocontent_smiling_face">Dihitung oleh h23-bridge setiap beberapa menit dari keluhan yang masuk</p>',
  },
  {
    name: 'kpi_scores',
    label: 'Scorecard KPI CRO',
    model: 'x_h23_kpi_score',
    modes: ['list', 'pivot', 'graph', 'form'],
    context: "{'search_default_quarters': 1}",
    help: '<p class="o_view_nocontent_smiling_face">Belum ada scorecard</p><p>h23-bridge menghitung scorecard setiap hari untuk pengguna grup Customer Relations Officer, dan menyiapkan sampel audit di minggu pertama bulan 1, 4, 7 dan 10.</p>',
  },
  {
    name: 'kpi_samples',
    label: 'Validasi Sampel KPI',
    model: 'x_h23_kpi_sample',
    modes: ['list', 'form'],
    context: "{'search_default_pending': 1}",
    help: '<p class="o_view_nocontent_smiling_face">Tidak ada sampel yang menunggu validasi</p>',
  },
];

/** Customer segments (issue 15): who is in which segment, who moved, how many per month. */
const SEGMENT_ACTIONS: readonly ActionSpec[] = [
  {
    name: 'segment_partners',
    label: 'Pelanggan per Segmen',
    model: 'res.partner',
    modes: ['list', 'form'],
    domain: "[('x_h23_segment', '!=', False)]",
    context: "{'search_default_h23_by_segment': 1}",
    help: '<p class="o_view_nocontent_smiling_face">Belum ada pelanggan bersegmen</p><p>h23-bridge menghitung segmen setiap malam dari riwayat servis.</p>',
  },
  {
    name: 'segment_changes',
    label: 'Perpindahan Segmen',
    model: 'x_h23_segment_change',
    modes: ['pivot', 'graph', 'list'],
    context: "{'search_default_moved': 1}",
    help: '<p class="o_view_nocontent_smiling_face">Belum ada perpindahan segmen</p><p>Dicatat h23-bridge setiap malam, satu baris per pelanggan yang segmennya berubah.</p>',
  },
  {
    name: 'segment_months',
    label: 'Segmen per Bulan',
    model: 'x_h23_segment_month',
    modes: ['pivot', 'graph', 'list'],
    context: "{'search_default_all': 1}",
    help: '<p class="o_view_nocontent_smiling_face">Belum ada data segmen</p><p>Jumlah pelanggan per segmen dihitung h23-bridge setiap malam, per cabang dan semua cabang.</p>',
  },
];

/** The loyalty programme (issue 15): the members and the month's participation and effectiveness. */
const LOYALTY_ACTIONS: readonly ActionSpec[] = [
  {
    name: 'loyalty_members',
    label: 'Member Loyalitas',
    model: 'x_h23_loyalty_member',
    modes: ['kanban', 'list', 'form', 'pivot', 'graph'],
    context: "{'search_default_active_members': 1}",
    help: '<p class="o_view_nocontent_smiling_face">Belum ada member loyalitas</p><p>h23-bridge mendaftarkan pelanggan setiap malam dari segmen dan kunjungan servis: Silver (Aktif, sering servis), Gold (Loyal), Platinum (Loyal, sangat sering servis atau belanja besar).</p>',
  },
  {
    name: 'loyalty_months',
    label: 'Program Loyalitas per Bulan',
    model: 'x_h23_loyalty_month',
    modes: ['list', 'pivot', 'graph'],
    context: "{'search_default_all': 1}",
    help: '<p class="o_view_nocontent_smiling_face">Belum ada data program loyalitas</p><p>Partisipasi (member dan bukan member yang servis) dan efektivitas (kunjungan per member sebelum dan sesudah daftar) dihitung h23-bridge setiap malam.</p>',
  },
];

/** Data hygiene (issue 17): the audits, the duplicate groups to review, the inaccurate data. */
const DEDUPE_ACTIONS: readonly ActionSpec[] = [
  {
    name: 'dedupe_audits',
    label: 'Audit Data Pelanggan',
    model: 'x_h23_dedupe_audit',
    modes: ['list', 'form'],
    help: '<p class="o_view_nocontent_smiling_face">Belum ada audit</p><p>h23-bridge mengaudit data pelanggan setiap 6 bulan (atau dengan <code>h23-bridge audit duplicates</code>): duplikat dan data tidak akurat.</p>',
  },
  {
    name: 'dedupe_groups',
    label: 'Grup Duplikat',
    model: 'x_h23_dedupe_group',
    modes: ['list', 'form'],
    context: "{'search_default_pending': 1}",
    help: '<p class="o_view_nocontent_smiling_face">Tidak ada grup duplikat yang menunggu</p><p>Pilih Gabungkan bila pelanggan-pelanggan itu orang yang sama, atau Bukan Duplikat.</p>',
  },
  {
    name: 'dedupe_findings',
    label: 'Data Tidak Akurat',
    model: 'x_h23_dedupe_finding',
    modes: ['list'],
    context: "{'search_default_by_kind': 1}",
    help: '<p class="o_view_nocontent_smiling_face">Tidak ada data tidak akurat</p>',
  },
];

/** Satisfaction surveys (issue 15): invitations and answers, the monthly evaluation. */
const SURVEY_ACTIONS: readonly ActionSpec[] = [
  {
    name: 'survey_invitations',
    label: 'Jawaban Survei Kepuasan',
    model: 'x_h23_survey_invitation',
    modes: ['list', 'form', 'pivot', 'graph'],
    help: '<p class="o_view_nocontent_smiling_face">Belum ada undangan survei</p><p>Setelah servis, h23-bridge mengundang pelanggan mengisi survei kepuasan (aplikasi Survei Odoo) lewat WhatsApp atau e-mail, lalu membaca jawabannya.</p>',
  },
  {
    name: 'survey_months',
    label: 'Evaluasi Kepuasan per Bulan',
    model: 'x_h23_survey_month',
    modes: ['pivot', 'graph', 'list'],
    help: '<p class="o_view_nocontent_smiling_face">Belum ada evaluasi</p><p>Dihitung h23-bridge dari jawaban survei, per cabang, admin, service advisor dan bulan kunjungan.</p>',
  },
];

const actionXmlid = (name: string): string => xmlid(`action_${name}`);

export const FOLLOWUP_LANDING = xmlid('action_followups_landing');

/**
 * What the Follow Up KPB menu opens: the user's own open follow-ups when they have any (a CRM
 * admin's work queue), else every open follow-up their record rules show (their branch; all
 * branches for PIC and coordinators), so a workshop admin or branch head never lands on an empty
 * "Follow Up Saya". Server-action code is data run by Odoo's safe_eval (`env`, `model`, and
 * `action` as the answer; private methods such as `_for_xml_id` are allowed, dunder names not)
 * on 17, 18 and 19 alike.
 */
export const FOLLOWUP_LANDING_CODE = [
  "open_states = ['todo', 'contacted', 'booked']",
  "mine = model.search_count([('x_admin_id', '=', env.uid), ('x_state', 'in', open_states)], limit=1)",
  `action = env['ir.actions.act_window']._for_xml_id('${actionXmlid('followups')}')`,
  "action['context'] = \"{'search_default_mine': 1, 'search_default_open': 1}\" if mine else \"{'search_default_open': 1}\"",
].join('\n');

/** Who sees the module's menu: its roles. */
const MENU_ROLES = [
  GROUPS.workshopAdmin,
  GROUPS.crmAdmin,
  GROUPS.pic,
  GROUPS.branchHead,
  GROUPS.areaCoordinator,
  GROUPS.customerService,
] as const;

/** Who the scorecards are for: the officers measured and the Head of Marketing who validates. */
const KPI_ROLES = [GROUPS.customerRelationsOfficer, GROUPS.headOfMarketing] as const;

function landingRecord(target: TargetOdoo): DeclaredRecord {
  return {
    xmlid: FOLLOWUP_LANDING,
    model: 'ir.actions.server',
    values: {
      name: 'Follow Up KPB',
      model_id: ref(modelXmlid('x_h23_followup')),
      state: 'code',
      code: FOLLOWUP_LANDING_CODE,
      // Odoo runs a server action without groups only for users who may write its model (17 and
      // 18 check it as the user; ir.actions.server.run): a branch head, who reads follow-ups only,
      // would be refused. With groups, belonging to one of them is what it checks.
      [target.groupsField]: refs(...MENU_ROLES, 'base.group_system'),
    },
  };
}

export const PARTNER_BLACKLIST_ACTION = xmlid('action_partner_phone_blacklist');

/**
 * A customer's "Berhenti" also goes on Odoo's own phone blacklist (phone_validation, which crm
 * installs), so Odoo's SMS and WhatsApp apps honour it too. The blacklist takes writes from
 * Settings only; `_phone_set_blacklisted` adds with sudo (mail.thread.phone, 17–19), so the
 * bridge runs it through this action. Without the addon the action does nothing.
 */
function partnerBlacklistRecord(target: TargetOdoo): DeclaredRecord {
  return {
    xmlid: PARTNER_BLACKLIST_ACTION,
    model: 'ir.actions.server',
    values: {
      name: 'CRM H23: masukkan nomor ke daftar hitam telepon',
      model_id: ref('base.model_res_partner'),
      state: 'code',
      code: [
        "if 'phone_sanitized' in model._fields:",
        "    records.filtered('phone_sanitized')._phone_set_blacklisted()",
      ].join('\n'),
      [target.groupsField]: refs(GROUPS.bridge, 'base.group_system'),
    },
  };
}

export function actionRecords(target: TargetOdoo): DeclaredRecord[] {
  const d = dialect(target);
  const windows = [
    ...ACTIONS,
    ...SEGMENT_ACTIONS,
    ...LOYALTY_ACTIONS,
    ...DEDUPE_ACTIONS,
    ...SURVEY_ACTIONS,
  ].map(
    (action): DeclaredRecord => ({
      xmlid: actionXmlid(action.name),
      model: 'ir.actions.act_window',
      values: {
        name: action.label,
        res_model: action.model,
        view_mode: action.modes.map((mode) => (mode === 'list' ? d.list : mode)).join(','),
        context: action.context ?? '{}',
        domain: action.domain ?? null,
        help: action.help,
      },
    }),
  );
  return [...windows, landingRecord(target), partnerBlacklistRecord(target)];
}

/** Who reads the customer segments: marketing (PIC), branch heads and area coordinators, customer service. */
const SEGMENT_ROLES = [
  GROUPS.pic,
  GROUPS.branchHead,
  GROUPS.areaCoordinator,
  GROUPS.customerService,
] as const;

export function segmentMenuRecords(target: TargetOdoo): DeclaredRecord[] {
  const parent = xmlid('menu_segments');
  const menu = (name: string, label: string, sequence: number, parentId: string, action: string | null) => ({
    xmlid: xmlid(`menu_${name}`),
    model: 'ir.ui.menu',
    values: {
      name: label,
      sequence,
      parent_id: ref(parentId),
      action: action === null ? null : actionRef(actionXmlid(action)),
      ...(name === 'segments' ? { [target.groupsField]: refs(...SEGMENT_ROLES) } : {}),
    },
  });
  return [
    menu('segments', 'Segmen Pelanggan', 86, xmlid('menu_root'), null),
    menu('segment_partners', 'Pelanggan per Segmen', 10, parent, 'segment_partners'),
    menu('segment_changes', 'Perpindahan Segmen', 20, parent, 'segment_changes'),
    menu('segment_months', 'Segmen per Bulan', 30, parent, 'segment_months'),
  ];
}

/**
 * Who reads the loyalty programme: marketing (the PIC CRM), branch heads and area coordinators,
 * customer service. The KPI roles keep their app opening on the scorecards (a Head of Marketing
 * who runs the programme is given PIC CRM too).
 */
const LOYALTY_ROLES = [
  GROUPS.pic,
  GROUPS.branchHead,
  GROUPS.areaCoordinator,
  GROUPS.customerService,
] as const;

export function loyaltyMenuRecords(target: TargetOdoo): DeclaredRecord[] {
  const parent = xmlid('menu_loyalty');
  const menu = (name: string, label: string, sequence: number, parentId: string, action: string | null) => ({
    xmlid: xmlid(`menu_${name}`),
    model: 'ir.ui.menu',
    values: {
      name: label,
      sequence,
      parent_id: ref(parentId),
      action: action === null ? null : actionRef(actionXmlid(action)),
      ...(name === 'loyalty' ? { [target.groupsField]: refs(...LOYALTY_ROLES) } : {}),
    },
  });
  return [
    menu('loyalty', 'Program Loyalitas', 88, xmlid('menu_root'), null),
    menu('loyalty_members', 'Member Loyalitas', 10, parent, 'loyalty_members'),
    menu('loyalty_months', 'Partisipasi & Efektivitas', 20, parent, 'loyalty_months'),
  ];
}

/** The audit menus: the PIC reviews the groups and the inaccurate data (Settings sees all menus). */
export function dedupeMenuRecords(target: TargetOdoo): DeclaredRecord[] {
  const parent = xmlid('menu_dedupe');
  const menu = (name: string, label: string, sequence: number, parentId: string, action: string | null) => ({
    xmlid: xmlid(`menu_${name}`),
    model: 'ir.ui.menu',
    values: {
      name: label,
      sequence,
      parent_id: ref(parentId),
      action: action === null ? null : actionRef(actionXmlid(action)),
      ...(name === 'dedupe' ? { [target.groupsField]: refs(GROUPS.pic) } : {}),
    },
  });
  return [
    menu('dedupe', 'Audit Data Pelanggan', 88, xmlid('menu_root'), null),
    menu('dedupe_groups', 'Grup Duplikat', 10, parent, 'dedupe_groups'),
    menu('dedupe_findings', 'Data Tidak Akurat', 20, parent, 'dedupe_findings'),
    menu('dedupe_audits', 'Riwayat Audit', 30, parent, 'dedupe_audits'),
  ];
}

/** Who reads the satisfaction surveys: the CRM admins, marketing (PIC), branch heads, area coordinators, customer service. */
const SURVEY_ROLES = [
  GROUPS.crmAdmin,
  GROUPS.pic,
  GROUPS.branchHead,
  GROUPS.areaCoordinator,
  GROUPS.customerService,
] as const;

export function surveyMenuRecords(target: TargetOdoo): DeclaredRecord[] {
  const parent = xmlid('menu_surveys');
  const menu = (name: string, label: string, sequence: number, parentId: string, action: string | null) => ({
    xmlid: xmlid(`menu_${name}`),
    model: 'ir.ui.menu',
    values: {
      name: label,
      sequence,
      parent_id: ref(parentId),
      action: action === null ? null : actionRef(actionXmlid(action)),
      ...(name === 'surveys' ? { [target.groupsField]: refs(...SURVEY_ROLES) } : {}),
    },
  });
  return [
    menu('surveys', 'Survei Kepuasan', 88, xmlid('menu_root'), null),
    menu('survey_invitations', 'Jawaban Survei', 10, parent, 'survey_invitations'),
    menu('survey_months', 'Evaluasi per Bulan', 20, parent, 'survey_months'),
  ];
}

export function menuRecords(target: TargetOdoo): DeclaredRecord[] {
  const groupsField = target.groupsField;
  const everyone = refs(...MENU_ROLES);
  const readers = refs(GROUPS.crmAdmin, GROUPS.pic, GROUPS.branchHead, GROUPS.areaCoordinator);
  const complaintReaders = refs(GROUPS.customerService, GROUPS.crmAdmin, GROUPS.pic, GROUPS.branchHead);
  const kpiReaders = refs(GROUPS.customerRelationsOfficer, GROUPS.headOfMarketing, GROUPS.pic);
  const root = xmlid('menu_root');
  const menu = (
    name: string,
    label: string,
    sequence: number,
    parent: string | null,
    action: string | ActionRef | null,
    groups?: ReturnType<typeof refs>,
  ): DeclaredRecord => ({
    xmlid: xmlid(`menu_${name}`),
    model: 'ir.ui.menu',
    values: {
      name: label,
      sequence,
      parent_id: parent ? ref(parent) : null,
      action: typeof action === 'string' ? actionRef(action) : action,
      ...(groups ? { [groupsField]: groups } : {}),
    },
  });
  const configuration = xmlid('menu_configuration');
  return [
    menu('root', 'CRM H23', 45, null, null, refs(...MENU_ROLES, ...KPI_ROLES)),
    // The workshop's menus are for its roles: an officer or Head of Marketing who has only the
    // KPI roles opens the app on the scorecards.
    menu('followups', 'Follow Up KPB', 10, root, actionRef(FOLLOWUP_LANDING, 'ir.actions.server'), everyone),
    menu('bookings', 'Booking Servis', 20, root, actionXmlid('bookings'), everyone),
    menu('units', 'Unit Motor', 30, root, actionXmlid('units'), everyone),
    menu('wors', 'Registrasi WO', 40, root, actionXmlid('wors'), everyone),
    // Workshop admins have no rights on imports and summaries: they do not see those menus. Import
    // batches (the reports and their quarantine, with customers' data) are the PIC's only.
    menu('imports', 'Impor Laporan', 50, root, actionXmlid('imports'), refs(GROUPS.pic)),
    menu('summaries', 'Ringkasan Harian', 60, root, actionXmlid('summaries'), readers),
    menu('summaries_admin', 'Ringkasan per Admin', 65, root, actionXmlid('summaries_admin'), readers),
    menu('quality', 'Kualitas Database', 70, root, actionXmlid('quality'), readers),
    menu('wa_messages', 'Pesan WhatsApp', 75, root, actionXmlid('wa_messages'), readers),
    menu('notices', 'Pemberitahuan Pelanggan', 76, root, actionXmlid('notices'), complaintReaders),
    menu('complaints', 'Keluhan Pelanggan', 15, root, actionXmlid('complaints'), complaintReaders),
    menu(
      'complaints_analysis',
      'Analisis Keluhan',
      80,
      root,
      actionXmlid('complaints_analysis'),
      refs(GROUPS.customerServiceManager, GROUPS.branchHead, GROUPS.pic),
    ),
    menu(
      'complaint_months',
      'Tingkat Layanan Keluhan',
      85,
      root,
      actionXmlid('complaint_months'),
      refs(GROUPS.customerService, GROUPS.branchHead, GROUPS.pic),
    ),
    menu('kpi', 'KPI CRO', 87, root, null, kpiReaders),
    menu('kpi_scores', 'Scorecard KPI', 10, xmlid('menu_kpi'), actionXmlid('kpi_scores')),
    // Validating is the Head of Marketing's: an officer sees their samples on their scorecard.
    menu(
      'kpi_samples',
      'Validasi Sampel',
      20,
      xmlid('menu_kpi'),
      actionXmlid('kpi_samples'),
      refs(GROUPS.headOfMarketing, GROUPS.pic),
    ),
    menu('configuration', 'Konfigurasi', 90, root, null, refs(GROUPS.pic, GROUPS.areaCoordinator)),
    menu('branches', 'Cabang', 10, configuration, actionXmlid('branches')),
    menu('wa_templates', 'Template WhatsApp', 20, configuration, actionXmlid('wa_templates')),
  ];
}
