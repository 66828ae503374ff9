import { xmlid } from './namespace.js';
import type { DeclaredRecord, TargetOdoo } from './types.js';

export const ACTIVITY_TYPES = {
  kpbFu1: xmlid('activity_kpb_fu1'),
  kpbFu2: xmlid('activity_kpb_fu2'),
  kpbFu3: xmlid('activity_kpb_fu3'),
  worReview: xmlid('activity_wor_review'),
  cdbDifference: xmlid('activity_cdb_difference'),
  missingOffer: xmlid('activity_missing_offer'),
  fixOutcome: xmlid('activity_fix_outcome'),
  complaintEscalation: xmlid('activity_complaint_escalation'),
  complaintHandle: xmlid('activity_complaint_handle'),
  kpiValidation: xmlid('activity_kpi_validation'),
  kpiReview: xmlid('activity_kpi_review'),
  reorderFollowUp: xmlid('activity_reorder_followup'),
  serviceReminder: xmlid('activity_service_reminder'),
  winBack: xmlid('activity_win_back'),
  leadIncomplete: xmlid('activity_lead_incomplete'),
  leadStale: xmlid('activity_lead_stale'),
  leadProject: xmlid('activity_lead_project'),
  pastClientRecontact: xmlid('activity_past_client_recontact'),
} as const;

interface ActivityTypeSpec {
  xmlid: string;
  name: string;
  summary: string;
  /** None: the type is offered on every model (a customer, a lead, an order). */
  resModel: string | null;
  category: 'default' | 'phonecall';
  icon: string;
  sequence: number;
}

const SPECS: readonly ActivityTypeSpec[] = [
  {
    xmlid: ACTIVITY_TYPES.kpbFu1,
    name: 'KPB FU1 (WA Blast)',
    summary: 'Kirim pengingat KPB lewat WhatsApp',
    resModel: 'x_h23_followup',
    category: 'default',
    icon: 'fa-whatsapp',
    sequence: 10,
  },
  {
    xmlid: ACTIVITY_TYPES.kpbFu2,
    name: 'KPB FU2 (Telepon)',
    summary: 'Telepon pelanggan (WA call / telepon) untuk booking KPB',
    resModel: 'x_h23_followup',
    category: 'phonecall',
    icon: 'fa-phone',
    sequence: 11,
  },
  {
    xmlid: ACTIVITY_TYPES.kpbFu3,
    name: 'KPB FU3 (Telepon)',
    summary: 'Telepon ulang pelanggan yang belum merespons FU2',
    resModel: 'x_h23_followup',
    category: 'phonecall',
    icon: 'fa-phone',
    sequence: 12,
  },
  {
    xmlid: ACTIVITY_TYPES.serviceReminder,
    name: 'Pengingat Servis Berkala',
    summary: 'Hubungi pelanggan (WA / telepon) untuk servis berkala setelah KPB 4',
    resModel: 'x_h23_followup',
    category: 'phonecall',
    icon: 'fa-wrench',
    sequence: 22,
  },
  {
    xmlid: ACTIVITY_TYPES.winBack,
    name: 'Win-back Pelanggan',
    summary: 'Ajak kembali pelanggan Berisiko (lebih dari 12 bulan tanpa servis)',
    resModel: 'x_h23_followup',
    category: 'phonecall',
    icon: 'fa-undo',
    sequence: 23,
  },
  // On leads (the crm addon, which a dealer may lack): offered on every model, as Odoo allows.
  {
    xmlid: ACTIVITY_TYPES.leadIncomplete,
    name: 'Lengkapi Data Prospek',
    summary: 'Lengkapi data minimum prospek sesuai SOP',
    resModel: null,
    category: 'default',
    icon: 'fa-pencil-square-o',
    sequence: 24,
  },
  {
    xmlid: ACTIVITY_TYPES.leadStale,
    name: 'Tindak Lanjut Prospek',
    summary: 'Prospek tidak ada perkembangan: hubungi klien',
    resModel: null,
    category: 'phonecall',
    icon: 'fa-clock-o',
    sequence: 25,
  },
  {
    xmlid: ACTIVITY_TYPES.leadProject,
    name: 'Lengkapi Data Proyek (BAST)',
    summary: 'Lengkapi data proyek setelah BAST ditandatangani',
    resModel: null,
    category: 'default',
    icon: 'fa-file-text-o',
    sequence: 26,
  },
  {
    xmlid: ACTIVITY_TYPES.pastClientRecontact,
    name: 'Hubungi Kembali Mantan Klien',
    summary: 'Hubungi kembali mantan klien',
    resModel: null,
    category: 'phonecall',
    icon: 'fa-handshake-o',
    sequence: 27,
  },
  {
    xmlid: ACTIVITY_TYPES.worReview,
    name: 'Tinjau WOR',
    summary: 'Tinjau registrasi WO: data pembawa, pemilik dan CDB berbeda',
    resModel: 'x_h23_wor',
    category: 'default',
    icon: 'fa-search',
    sequence: 13,
  },
  {
    xmlid: ACTIVITY_TYPES.cdbDifference,
    name: 'Perbedaan CDB',
    summary: 'Periksa data yang berbeda antara WOR dan CDB',
    resModel: 'x_h23_unit',
    category: 'default',
    icon: 'fa-exchange',
    sequence: 14,
  },
  {
    xmlid: ACTIVITY_TYPES.missingOffer,
    name: 'Penawaran SOP Belum Dicatat',
    summary: 'Catat penawaran wajib sesuai SOP (akhir pekan / home service / promo)',
    resModel: 'x_h23_followup',
    category: 'default',
    icon: 'fa-exclamation-triangle',
    sequence: 15,
  },
  {
    xmlid: ACTIVITY_TYPES.fixOutcome,
    name: 'Perbaiki Hasil Follow Up',
    summary: 'Hasil follow up tidak lengkap atau saling bertentangan',
    resModel: 'x_h23_followup',
    category: 'default',
    icon: 'fa-pencil',
    sequence: 16,
  },
  {
    xmlid: ACTIVITY_TYPES.complaintHandle,
    name: 'Tangani Keluhan',
    summary: 'Tanggapi keluhan pelanggan dalam batas waktu',
    resModel: 'x_h23_complaint',
    category: 'phonecall',
    icon: 'fa-comments',
    sequence: 17,
  },
  {
    xmlid: ACTIVITY_TYPES.complaintEscalation,
    name: 'Eskalasi Keluhan',
    summary: 'Keluhan melewati batas waktu tingkat layanan',
    resModel: 'x_h23_complaint',
    category: 'default',
    icon: 'fa-exclamation-circle',
    sequence: 18,
  },
  {
    xmlid: ACTIVITY_TYPES.kpiValidation,
    name: 'Validasi KPI',
    summary: 'Validasi sampel pesan KPI (disetujui / ditolak, representatif)',
    resModel: 'x_h23_kpi_score',
    category: 'default',
    icon: 'fa-check-square-o',
    sequence: 19,
  },
  {
    xmlid: ACTIVITY_TYPES.kpiReview,
    name: 'Review KPI',
    summary: 'KPI di bawah target: review dan perbaikan sistem komunikasi',
    resModel: 'x_h23_kpi_score',
    category: 'default',
    icon: 'fa-line-chart',
    sequence: 20,
  },
  // Seed 003: "Dalam satu bulan melakukan pengecekan follow up … melalui email / WA business";
  // marked done on the customer (or their lead or order), it counts for KPI-5 and KPI-6.
  {
    xmlid: ACTIVITY_TYPES.reorderFollowUp,
    name: 'Follow Up Re-Order',
    summary: 'Follow up pelanggan untuk pesanan ulang (reminder, penawaran, produk baru)',
    resModel: null,
    category: 'default',
    icon: 'fa-refresh',
    sequence: 21,
  },
];

export function activityTypeRecords(target: TargetOdoo): DeclaredRecord[] {
  return SPECS.map((spec) => ({
    xmlid: spec.xmlid,
    model: 'mail.activity.type',
    values: {
      name: spec.name,
      summary: spec.summary,
      res_model: spec.resModel,
      category: spec.category,
      icon: spec.icon,
      sequence: spec.sequence,
      delay_count: 0,
      // Done activities stay (archived) as the record of what was done, and keep the bridge from
      // giving a follow-up its activity again (see the dialect's doneActivities).
      ...(target.doneActivities === 'keep_done' ? { keep_done: true } : {}),
    },
  }));
}
