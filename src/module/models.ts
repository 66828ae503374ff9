import { FINDING_KINDS, FINDING_LABELS } from '../rules/hygiene/customer-profile.js';
import { defineModel, type FieldSpec, type ModelSpec } from './model-spec.js';
import {
  CALENDAR_EVENT,
  COMPANY,
  CRM_ADDON,
  LEAD,
  ODOO_XMLIDS,
  PARTNER,
  RESOURCE_CALENDAR,
  SEGMENT_SELECTION,
  TIER_SELECTION,
  USERS,
} from './odoo-models.js';

/**
 * The module's models (Odoo requires the `x_` prefix for models made over RPC).
 * Labels are Bahasa Indonesia: they are what workshop admins read.
 */

export const KPB_SELECTION = [
  ['1', 'KPB 1'],
  ['2', 'KPB 2'],
  ['3', 'KPB 3'],
  ['4', 'KPB 4'],
] as const;

export const FOLLOWUP_RESULT_SELECTION = [
  ['booked', 'Bersedia booking'],
  ['refused_time', 'Menolak: tidak ada waktu'],
  ['refused_distance', 'Menolak: bengkel terlalu jauh'],
  ['refused_disappointed', 'Menolak: kecewa dengan dealer'],
  ['refused_other_dealer', 'Menolak: memilih dealer lain'],
  ['no_response', 'Tidak merespons'],
  ['unreachable', 'Tidak dapat dihubungi'],
  ['wa_failed', 'WA gagal terkirim'],
  ['already_serviced', 'Sudah servis'],
  ['other', 'Lainnya'],
] as const;

/** How the bridge settled a WOR. */
export const WOR_RESOLUTION_SELECTION = [
  ['owner', 'Pembawa = pemilik'],
  ['carrier', 'Pembawa bukan pemilik'],
  ['created', 'Unit dan pemilik baru (tidak ada di CDB)'],
  ['reviewed', 'Diputuskan admin'],
] as const;

export const WOR_REVIEW_REASON_SELECTION = [
  ['engine_malformed', 'Nomor mesin tidak valid'],
  ['carrier_missing', 'Nama pembawa kosong'],
  ['phone_shared', 'No. HP dipakai beberapa pelanggan'],
  ['phone_other_customer', 'No. HP milik pelanggan lain'],
  ['owner_phone_differs', 'Nama sama dengan pemilik, No. HP berbeda'],
  ['owner_conflict', 'Pemilik di Odoo berbeda dengan CDB'],
] as const;

export const WOR_REVIEW_CHOICE_SELECTION = [
  ['owner', 'Pembawa adalah pemilik unit'],
  ['carrier', 'Pembawa orang lain: buat kontak baru'],
  ['partner', 'Pakai kontak yang dipilih'],
  ['cdb_owner', 'Pemilik menurut CDB yang benar'],
  ['odoo_owner', 'Pemilik di Odoo yang benar'],
  ['retry', 'Data WOR sudah diperbaiki: cocokkan ulang'],
] as const;

/**
 * `x_name`: typed and required, or computed and stored. `editable`: computed
 * as a default the user (or the bridge) may overwrite; Odoo keeps a value
 * given on create and recomputes when what the name depends on changes.
 */
type Typed<N extends string, T extends FieldSpec['type']> = FieldSpec & { name: N; type: T };

const name = (
  label: string,
  compute?: { code: string; depends: string; editable?: boolean },
): Typed<'x_name', 'char'> =>
  compute
    ? {
        name: 'x_name',
        label,
        type: 'char',
        readonly: !compute.editable,
        compute: compute.code,
        depends: compute.depends,
      }
    : { name: 'x_name', label, type: 'char', required: true, index: true };

const branch = (
  required = false,
  onDelete: FieldSpec['onDelete'] = 'restrict',
): Typed<'x_branch_id', 'many2one'> => ({
  name: 'x_branch_id',
  label: 'Cabang',
  type: 'many2one',
  relation: 'x_h23_branch',
  index: true,
  required,
  onDelete,
});

const counter = <N extends string>(field: N, label: string): Typed<N, 'integer'> => ({
  name: field,
  label,
  type: 'integer',
});

export const BRANCH = defineModel({
  model: 'x_h23_branch',
  label: 'Cabang H23',
  mail: false,
  order: 'x_name',
  fields: {
    name: name('Nama Cabang'),
    // Odoo takes a custom model's `x_active` as its archive flag: without a default, new branches are hidden.
    active: { name: 'x_active', label: 'Aktif', type: 'boolean', default: true },
    dealerCode: { name: 'x_dealer_code', label: 'Kode Dealer', type: 'char', index: true },
    phone: {
      name: 'x_phone',
      label: 'Telepon Cabang',
      type: 'char',
      help: 'Nomor yang disebut pesan WhatsApp FU1 untuk booking (mis. 021-5550123).',
    },
    companyId: { name: 'x_company_id', label: 'Perusahaan', type: 'many2one', relation: COMPANY.model },
    crmAdminIds: {
      name: 'x_crm_admin_ids',
      label: 'Admin CRM',
      type: 'many2many',
      relation: USERS.model,
      relationTable: 'x_h23_branch_crm_admin_rel',
      help: 'Admin yang menerima aktivitas follow up KPB cabang ini; dibagi rata bila lebih dari satu.',
    },
    workshopAdminIds: {
      name: 'x_workshop_admin_ids',
      label: 'Admin Bengkel',
      type: 'many2many',
      relation: USERS.model,
      relationTable: 'x_h23_branch_workshop_admin_rel',
      help: 'Admin yang meninjau registrasi WO (WOR) cabang ini.',
    },
    customerServiceIds: {
      name: 'x_customer_service_ids',
      label: 'Customer Service',
      type: 'many2many',
      relation: USERS.model,
      relationTable: 'x_h23_branch_customer_service_rel',
      help: 'Petugas yang menangani keluhan pelanggan cabang ini; keluhan dari follow up diberikan kepada mereka bergiliran.',
    },
    picCrmId: { name: 'x_pic_crm_id', label: 'PIC CRM', type: 'many2one', relation: USERS.model },
    headId: { name: 'x_head_id', label: 'Kepala Cabang', type: 'many2one', relation: USERS.model },
    areaCoordinatorId: {
      name: 'x_area_coordinator_id',
      label: 'Area Koordinator',
      type: 'many2one',
      relation: USERS.model,
    },
    calendarId: {
      name: 'x_calendar_id',
      label: 'Kalender Kerja',
      type: 'many2one',
      relation: RESOURCE_CALENDAR.model,
      help: 'Jam kerja cabang. Libur nasional dan cuti bersama (h23-bridge holidays load) berlaku untuk semua kalender; cuti kalender ini menambah hari tutup cabang.',
    },
    worksCutiBersama: {
      name: 'x_works_cuti_bersama',
      label: 'Buka saat Cuti Bersama',
      type: 'boolean',
      help: 'Centang bila cabang tetap buka pada hari cuti bersama: follow up dan batas waktu keluhan tetap berjalan pada hari itu. Libur nasional selalu tutup.',
    },
    summaryHour: {
      name: 'x_summary_hour',
      label: 'Jam Ringkasan Harian',
      type: 'float',
      // The README's 17:00; the summary job also reads an empty hour as 17.
      default: 17,
      help: 'Jam kirim ringkasan harian ke Kepala Cabang (mis. 17.5 = 17:30 WIB).',
    },
  },
});

/** The unit fields a CDB import sets: what its fingerprint (`x_import_hash`) stands for. */
const CDB_UNIT_FIELDS = [
  'x_engine_number',
  'x_frame_number',
  'x_model_name',
  'x_color',
  'x_purchase_date',
  'x_branch_id',
  'x_dealer_code',
  'x_partner_id',
  'x_cdb_owner_key',
  'x_owner_confirmed',
  'x_phone_invalid',
  'x_data_incomplete',
  'x_not_in_cdb',
] as const;

export const UNIT = defineModel({
  model: 'x_h23_unit',
  label: 'Unit Motor',
  mail: true,
  order: 'x_purchase_date desc, id desc',
  fields: {
    name: name('Unit', {
      code: "for record in self:\n    record['x_name'] = ' - '.join(filter(None, [record.x_engine_number, record.x_model_name]))",
      depends: 'x_engine_number,x_model_name',
    }),
    engineNumber: {
      name: 'x_engine_number',
      label: 'Nomor Mesin',
      type: 'char',
      required: true,
      index: true,
      tracking: 1,
      help: 'Identitas unit di DMS, CDB, A2 dan Odoo: huruf besar, tanpa spasi atau tanda hubung.',
    },
    frameNumber: { name: 'x_frame_number', label: 'Nomor Rangka', type: 'char', index: true, tracking: 2 },
    modelName: { name: 'x_model_name', label: 'Tipe Motor', type: 'char' },
    color: { name: 'x_color', label: 'Warna', type: 'char' },
    purchaseDate: { name: 'x_purchase_date', label: 'Tanggal Beli', type: 'date', index: true, tracking: 3 },
    partnerId: {
      name: 'x_partner_id',
      label: 'Pemilik',
      type: 'many2one',
      relation: PARTNER.model,
      index: true,
      tracking: 4,
    },
    branch: branch(),
    dealerCode: {
      name: 'x_dealer_code',
      label: 'Kode Dealer (CDB)',
      type: 'char',
      index: true,
      help: 'Kode dealer menurut CDB terakhir (diisi h23-bridge). Unit tanpa Cabang dihubungkan ke Cabang dengan Kode Dealer ini begitu Cabang itu ada.',
    },
    kpb1Date: { name: 'x_kpb1_date', label: 'KPB 1 Selesai', type: 'date', tracking: 5 },
    kpb2Date: { name: 'x_kpb2_date', label: 'KPB 2 Selesai', type: 'date', tracking: 6 },
    kpb3Date: { name: 'x_kpb3_date', label: 'KPB 3 Selesai', type: 'date', tracking: 7 },
    kpb4Date: { name: 'x_kpb4_date', label: 'KPB 4 Selesai', type: 'date', tracking: 8 },
    lastKm: {
      name: 'x_last_km',
      label: 'Kilometer Terakhir',
      type: 'integer',
      help: 'Dari laporan A2 (servis terakhir).',
    },
    notInCdb: { name: 'x_not_in_cdb', label: 'Tidak Ada di CDB', type: 'boolean' },
    originWor: {
      name: 'x_origin_wor_id',
      label: 'Dibuat dari WOR',
      type: 'many2one',
      relation: 'x_h23_wor',
      readonly: true,
      help: 'WOR yang membuat unit ini (nomor mesin tidak ada di Odoo maupun CDB); diisi h23-bridge.',
    },
    cdbOwnerKey: {
      name: 'x_cdb_owner_key',
      label: 'Kunci Pemilik Menurut CDB',
      type: 'char',
      index: true,
      help: 'Pemilik yang disebut CDB terakhir (diisi h23-bridge). Bila berbeda dari Pemilik, WOR unit ini ditinjau admin.',
    },
    ownerConfirmed: {
      name: 'x_owner_confirmed',
      label: 'Pemilik Dikonfirmasi Admin',
      type: 'boolean',
      tracking: 9,
      help: 'Admin memutuskan Pemilik di Odoo benar walau CDB menyebut orang lain: impor CDB tidak mengubah Pemilik.',
    },
    phoneInvalid: { name: 'x_phone_invalid', label: 'Nomor HP Tidak Valid', type: 'boolean' },
    dataIncomplete: { name: 'x_data_incomplete', label: 'Data Tidak Lengkap', type: 'boolean' },
    importHash: {
      name: 'x_import_hash',
      label: 'Sidik Impor CDB',
      type: 'char',
      // Editable computed: the import writes it with the values it sets; a change to any of
      // them through Odoo's ORM recomputes it to empty, so the next import compares the unit in
      // full. The owner's id is part of it (see cdbUnitFingerprintText): a link changed in SQL
      // (Odoo's partner merge, a deleted partner) makes it differ too.
      compute: "for record in self:\n    record['x_import_hash'] = False",
      depends: [...CDB_UNIT_FIELDS, `x_partner_id.${PARTNER.f.key}`].join(','),
      help: 'Diisi h23-bridge: ringkasan baris CDB terakhir yang sudah ada di unit ini. Kosong lagi bila data unit diubah, sehingga impor berikutnya memeriksa unit ini lengkap.',
    },
    ownerHash: {
      name: 'x_import_owner_hash',
      label: 'Sidik Impor CDB Pemilik',
      type: 'char',
      compute: "for record in self:\n    record['x_import_owner_hash'] = False",
      forTarget: (target) => ({
        depends: [
          'x_partner_id',
          ...[
            PARTNER.f.key,
            PARTNER.f.name,
            PARTNER.f.street,
            PARTNER.f.city,
            ...target.partnerPhoneFields,
          ].map((field) => `x_partner_id.${field}`),
        ].join(','),
      }),
      help: 'Diisi h23-bridge: ringkasan data pemilik dari baris CDB terakhir. Kosong lagi bila Pemilik atau datanya diubah.',
    },
  },
});

/**
 * The satisfaction survey's answer on the visit (WOR) and its follow-up (issue 15), read back by
 * the bridge from Odoo's Surveys app. `x_survey_answered` tells an NPS of 0 from no answer.
 */
const surveyAnswerFields = {
  surveyAnswered: {
    name: 'x_survey_answered',
    label: 'Survei Kepuasan Dijawab',
    type: 'boolean',
    readonly: true,
  },
  surveyCsat: {
    name: 'x_survey_csat',
    label: 'Kepuasan (CSAT 1–5)',
    type: 'integer',
    readonly: true,
    help: 'Jawaban pelanggan pada survei kepuasan setelah servis (diisi h23-bridge).',
  },
  surveyNps: {
    name: 'x_survey_nps',
    label: 'Rekomendasi (NPS 0–10)',
    type: 'integer',
    readonly: true,
    help: '9–10 promoter, 7–8 pasif, 0–6 detraktor (diisi h23-bridge).',
  },
  surveyComment: { name: 'x_survey_comment', label: 'Komentar Survei', type: 'text', readonly: true },
} as const satisfies Record<string, FieldSpec>;

export const WOR = defineModel({
  model: 'x_h23_wor',
  label: 'Registrasi WO (WOR)',
  mail: true,
  order: 'x_visit_date desc, id desc',
  fields: {
    name: name('Nomor WO'),
    visitDate: { name: 'x_visit_date', label: 'Tanggal Kunjungan', type: 'date', index: true },
    branch: branch(),
    engineNumber: { name: 'x_engine_number', label: 'Nomor Mesin', type: 'char', index: true },
    carrierName: { name: 'x_carrier_name', label: 'Nama Pembawa', type: 'char' },
    carrierPhone: { name: 'x_carrier_phone', label: 'No. HP Pembawa', type: 'char' },
    carrierAddress: { name: 'x_carrier_address', label: 'Alamat Pembawa', type: 'char' },
    frameNumber: { name: 'x_frame_number', label: 'Nomor Rangka', type: 'char' },
    modelName: { name: 'x_model_name', label: 'Tipe Motor', type: 'char' },
    carrierIsOwner: {
      name: 'x_carrier_is_owner',
      label: 'Pembawa = Pemilik (WOR = BPA)',
      type: 'boolean',
      tracking: 3,
    },
    partnerId: {
      name: 'x_partner_id',
      label: 'Pemilik (BPA)',
      type: 'many2one',
      relation: PARTNER.model,
      index: true,
      tracking: 2,
    },
    carrierPartnerId: {
      name: 'x_carrier_partner_id',
      label: 'Kontak Pembawa',
      type: 'many2one',
      relation: PARTNER.model,
    },
    unitId: { name: 'x_unit_id', label: 'Unit', type: 'many2one', relation: 'x_h23_unit', index: true },
    source: {
      name: 'x_source',
      label: 'Sumber',
      type: 'selection',
      selection: [
        ['tablet', 'Tablet (DMS)'],
        ['paper', 'Kertas (Pra WO)'],
      ],
    },
    serviceType: {
      name: 'x_service_type',
      label: 'Jenis Servis',
      type: 'selection',
      selection: [
        ...KPB_SELECTION.map(([value, label]) => [`kpb${value}`, label] as const),
        ['regular', 'Servis Reguler'],
      ],
    },
    state: {
      name: 'x_state',
      label: 'Status',
      type: 'selection',
      index: true,
      tracking: 1,
      default: 'new',
      selection: [
        ['new', 'Baru'],
        ['matched', 'Cocok'],
        ['review', 'Perlu Ditinjau'],
        ['done', 'Selesai'],
      ],
    },
    resolution: {
      name: 'x_resolution',
      label: 'Hasil Pencocokan',
      type: 'selection',
      index: true,
      selection: WOR_RESOLUTION_SELECTION,
    },
    cdbDifferences: { name: 'x_cdb_differences', label: 'Perbedaan dengan CDB', type: 'text' },
    reviewReason: {
      name: 'x_review_reason',
      label: 'Alasan Tinjauan',
      type: 'selection',
      selection: WOR_REVIEW_REASON_SELECTION,
    },
    reviewEvidence: { name: 'x_review_evidence', label: 'Bukti (WOR / Odoo / CDB)', type: 'html' },
    reviewChoice: {
      name: 'x_review_choice',
      label: 'Keputusan Admin',
      type: 'selection',
      tracking: 4,
      selection: WOR_REVIEW_CHOICE_SELECTION,
      help: 'Pilih keputusan lalu simpan: h23-bridge menerapkannya pada proses berikutnya.',
    },
    reviewPartnerId: {
      name: 'x_review_partner_id',
      label: 'Kontak yang Dipilih',
      type: 'many2one',
      relation: PARTNER.model,
      help: 'Untuk keputusan "Pakai kontak yang dipilih": kontak yang benar untuk pembawa ini.',
    },
    sourceRef: {
      name: 'x_source_ref',
      label: 'Referensi Sumber',
      type: 'char',
      index: true,
      help: 'Kunci WOR di sumbernya (model WOR dealer atau berkas Pra WO); diisi h23-bridge.',
    },
    reconciledKey: {
      name: 'x_reconciled_key',
      label: 'Sidik Pencocokan',
      type: 'char',
      help: 'Data yang terakhir dicocokkan h23-bridge; WOR yang tidak berubah tidak diproses ulang.',
    },
    advisor: {
      name: 'x_service_advisor',
      label: 'Nama SA',
      type: 'char',
      index: true,
      help: 'Nama SA yang menerima unit (kolom Service Advisor / SA di Pra WO); dasar evaluasi kepuasan per SA.',
    },
    ...surveyAnswerFields,
  },
});

export const DATA_QUALITY = defineModel({
  model: 'x_h23_data_quality',
  label: 'Kualitas Database H23',
  mail: false,
  order: 'x_date desc, id desc',
  fields: {
    name: name('Kualitas Data', {
      code: "for record in self:\n    record['x_name'] = '%s %s' % (record.x_date or '', record.x_branch_id.x_name or 'Tanpa Cabang')",
      depends: 'x_date,x_branch_id',
    }),
    date: { name: 'x_date', label: 'Tanggal', type: 'date', required: true, index: true },
    // Statistics about a branch go with it.
    branch: branch(false, 'cascade'),
    customers: counter('x_customers', 'Data Pelanggan (Unit)'),
    validMobile: counter('x_valid_mobile', 'No. HP Valid'),
    completeAddress: counter('x_complete_address', 'Alamat Lengkap'),
    withPurchaseDate: counter('x_with_purchase_date', 'Ada Tanggal Beli'),
    completeRecords: counter('x_complete_records', 'Data Lengkap'),
    validRate: { name: 'x_valid_rate', label: 'Data Lengkap (%)', type: 'float' },
    worTotal: counter('x_wor_total', 'WOR Hari Ini'),
    worMatched: counter('x_wor_matched', 'WOR Cocok'),
    worCreated: counter('x_wor_created', 'WOR Pelanggan Baru'),
    worReview: counter('x_wor_review', 'WOR Perlu Ditinjau'),
    latest: {
      name: 'x_latest',
      label: 'Data Terbaru',
      type: 'boolean',
      index: true,
      help: 'Baris tanggal terakhir (diisi h23-bridge). Laporan memakainya sebagai filter bawaan: jumlah data adalah potret per hari, menjumlahkan beberapa hari tidak berarti.',
    },
  },
});

/**
 * The customer's number, for tap-to-call and WhatsApp from the follow-up: the HP (mobile) field
 * first where the version has one (see the dialect's partner phone fields). Computed on read, so
 * it is the partner's number as it stands.
 */
const customerPhone: Typed<'x_partner_phone', 'char'> = {
  name: 'x_partner_phone',
  label: 'No. HP Pelanggan',
  type: 'char',
  readonly: true,
  store: false,
  forTarget: (target) => {
    const fields = [
      target.partnerMobileField,
      ...target.partnerPhoneFields.filter((field) => field !== target.partnerMobileField),
    ];
    return {
      depends: fields.map((field) => `x_partner_id.${field}`).join(','),
      compute: `for record in self:\n    record['x_partner_phone'] = ${fields.map((field) => `record.x_partner_id.${field}`).join(' or ')} or False`,
    };
  },
};

export const FOLLOWUP = defineModel({
  model: 'x_h23_followup',
  label: 'Follow Up KPB',
  mail: true,
  // A work queue: the oldest due first.
  order: 'x_due_date, id',
  fields: {
    name: name('Follow Up', {
      code: [
        "labels = {'service': 'Servis Berkala', 'winback': 'Win-back'}",
        'for record in self:',
        "    engine = record.x_unit_id.x_engine_number or ''",
        '    if record.x_stage in labels:',
        "        record['x_name'] = '%s - %s' % (labels[record.x_stage], engine)",
        '    else:',
        "        record['x_name'] = 'KPB %s %s - %s' % (record.x_kpb or '', (record.x_stage or '').upper(), engine)",
      ].join('\n'),
      depends: 'x_kpb,x_stage,x_unit_id',
    }),
    unitId: {
      name: 'x_unit_id',
      label: 'Unit',
      type: 'many2one',
      relation: 'x_h23_unit',
      required: true,
      index: true,
      onDelete: 'cascade',
    },
    partnerId: {
      name: 'x_partner_id',
      label: 'Pelanggan',
      type: 'many2one',
      relation: PARTNER.model,
      index: true,
    },
    partnerPhone: customerPhone,
    whatsappUrl: {
      name: 'x_whatsapp_url',
      label: 'WhatsApp',
      type: 'char',
      readonly: true,
      store: false,
      help: 'Tautan wa.me ke nomor pelanggan (format 62…).',
      depends: 'x_partner_phone',
      // wa.me takes the number in international form, digits only: Indonesian 08… becomes 628….
      compute: [
        'for record in self:',
        "    digits = ''",
        "    for char in record.x_partner_phone or '':",
        '        if char.isdigit():',
        '            digits += char',
        "    if digits.startswith('0'):",
        "        digits = '62' + digits[1:]",
        "    elif digits.startswith('8'):",
        "        digits = '62' + digits",
        "    record['x_whatsapp_url'] = 'https://wa.me/' + digits if len(digits) >= 9 else False",
      ].join('\n'),
    },
    calendarTitle: {
      name: 'x_calendar_title',
      label: 'Judul di Kalender',
      type: 'char',
      readonly: true,
      store: false,
      // The calendar titles an event with the record's display name (x_name, which names no customer)
      // unless the view names a field of its own (create_name_field): this one.
      depends:
        'x_partner_id.name,x_unit_id.x_partner_id.name,x_unit_id.x_model_name,x_unit_id.x_engine_number,x_kpb,x_stage',
      compute: [
        'for record in self:',
        '    unit = record.x_unit_id',
        "    customer = record.x_partner_id.name or unit.x_partner_id.name or 'Pelanggan'",
        "    vehicle = ' '.join(filter(None, [unit.x_model_name, unit.x_engine_number]))",
        "    service = 'KPB %s' % record.x_kpb if record.x_kpb else 'Servis Berkala'",
        "    record['x_calendar_title'] = ' - '.join(filter(None, [customer, service, vehicle]))",
      ].join('\n'),
    },
    branch: branch(),
    kpb: { name: 'x_kpb', label: 'KPB', type: 'selection', selection: KPB_SELECTION, index: true },
    stage: {
      name: 'x_stage',
      label: 'Tahap',
      type: 'selection',
      selection: [
        ['fu1', 'FU1'],
        ['fu2', 'FU2'],
        ['fu3', 'FU3'],
        // After KPB 4: the regular-service reminder and the win-back of a customer turned Berisiko.
        ['service', 'Pengingat Servis Berkala'],
        ['winback', 'Win-back (Berisiko)'],
      ],
    },
    lastService: {
      name: 'x_last_service',
      label: 'Servis Terakhir',
      type: 'date',
      readonly: true,
      help: 'Servis terakhir pelanggan saat pengingat ini dibuat (diisi h23-bridge); pengingat berikutnya dihitung dari sini.',
    },
    channel: {
      name: 'x_channel',
      label: 'Saluran',
      type: 'selection',
      selection: [
        ['wa_blast', 'WA Blast'],
        ['wa_call', 'Telepon WA'],
        ['phone', 'Telepon'],
      ],
    },
    dueDate: { name: 'x_due_date', label: 'Jatuh Tempo', type: 'date', index: true },
    state: {
      name: 'x_state',
      label: 'Status',
      type: 'selection',
      index: true,
      tracking: 1,
      default: 'todo',
      // Kanban columns in the order of the process, whatever the data (grouping alone orders them by value).
      groupExpand: true,
      selection: [
        ['todo', 'Belum Dihubungi'],
        ['contacted', 'Sudah Dihubungi'],
        ['booked', 'Booking'],
        ['done', 'Servis Selesai'],
        ['closed', 'Ditutup'],
      ],
    },
    result: {
      name: 'x_result',
      label: 'Hasil',
      type: 'selection',
      selection: FOLLOWUP_RESULT_SELECTION,
      tracking: 2,
    },
    offer: {
      name: 'x_offer',
      label: 'Penawaran',
      type: 'selection',
      tracking: 3,
      selection: [
        ['weekend', 'Booking akhir pekan'],
        ['home_service', 'Home service'],
        ['promo', 'Booking promo'],
        ['none', 'Tidak ada'],
      ],
    },
    offerAccepted: { name: 'x_offer_accepted', label: 'Penawaran Diterima', type: 'boolean' },
    bookingAt: { name: 'x_booking_at', label: 'Jadwal Booking', type: 'datetime', index: true, tracking: 4 },
    bookingKind: {
      name: 'x_booking_kind',
      label: 'Jenis Booking',
      type: 'selection',
      selection: [
        ['workshop', 'Di bengkel'],
        ['weekend', 'Akhir pekan'],
        ['home_service', 'Home service'],
      ],
    },
    eventId: {
      name: 'x_event_id',
      label: 'Acara Kalender',
      type: 'many2one',
      relation: CALENDAR_EVENT.model,
    },
    contactedOn: {
      name: 'x_contacted_on',
      label: 'Tanggal Dihubungi',
      type: 'date',
      index: true,
      help: 'Hari hasil kontak pertama dicatat (diisi h23-bridge).',
    },
    doneDate: { name: 'x_done_date', label: 'Tanggal Servis Selesai', type: 'date', tracking: 5 },
    feedback: { name: 'x_feedback', label: 'Tanggapan Pelanggan', type: 'text' },
    adminId: { name: 'x_admin_id', label: 'Admin', type: 'many2one', relation: USERS.model, index: true },
    ...surveyAnswerFields,
  },
});

/** What the PIC reads on a batch; a new batch waits (`queued`) until the bridge takes it. */
export const IMPORT_STATE_SELECTION = [
  // Batches saved before the file was required, without a file: nothing to process until one is attached.
  ['draft', 'Draf'],
  ['queued', 'Menunggu Diproses'],
  ['running', 'Sedang Diproses'],
  ['done', 'Selesai'],
  ['failed', 'Gagal'],
] as const;

/**
 * The batch's name when the PIC types none: kind, file name and the upload
 * date in the user's time zone (`CDB cdb-november.xlsx 03/11/2026`); none
 * before a file is chosen, so that the form shows its placeholder. Before the
 * first save (the form's onchange) there is no create_date yet: today.
 * `dateutil.tz.gettz` is pytz's `timezone` on Odoo 18/19 and dateutil's own on
 * 17 (odoo/tools/safe_eval.py); both convert with `astimezone`.
 */
const IMPORT_BATCH_NAME = [
  'for record in self:',
  '    if not record.x_file_name:',
  "        record['x_name'] = False",
  '        continue',
  "    zone = dateutil.tz.gettz(record.env.user.tz or 'Asia/Jakarta')",
  '    if record.create_date:',
  '        stamp = record.create_date.replace(tzinfo=dateutil.tz.UTC).astimezone(zone)',
  '    else:',
  '        stamp = datetime.datetime.now(zone)',
  "    parts = [(record.x_kind or '').upper(), record.x_file_name, stamp.strftime('%d/%m/%Y')]",
  "    record['x_name'] = ' '.join(filter(None, parts))",
].join('\n');

export const IMPORT_BATCH = defineModel({
  model: 'x_h23_import_batch',
  label: 'Impor Laporan Portal',
  mail: true,
  fields: {
    name: name('Nama Impor', {
      code: IMPORT_BATCH_NAME,
      depends: 'x_kind,x_file_name,create_date',
      editable: true,
    }),
    kind: {
      name: 'x_kind',
      label: 'Jenis Laporan',
      type: 'selection',
      required: true,
      selection: [
        ['cdb', 'CDB'],
        ['a2', 'A2'],
        ['wor', 'WOR (Pra WO)'],
      ],
    },
    // Required in the form (fields_get); Odoo keeps binaries as attachments, without a NOT NULL
    // column, so the bridge's own batches for command-line imports are still made without one.
    file: {
      name: 'x_file',
      label: 'Berkas Laporan',
      type: 'binary',
      required: true,
      help: 'Wajib diisi: berkas CDB, A2 atau Pra WO (.xlsx atau .csv) yang diunduh dari portal. Mengganti berkas memproses batch ini lagi.',
    },
    fileName: { name: 'x_file_name', label: 'Nama Berkas', type: 'char' },
    state: {
      name: 'x_state',
      label: 'Status',
      type: 'selection',
      index: true,
      tracking: 1,
      default: 'queued',
      // A new file (a re-upload after a failure) puts the batch back in the queue. The bridge's
      // writes of the state name it, so Odoo keeps the value given; none of them writes the file.
      compute: "for record in self:\n    record['x_state'] = 'queued'",
      depends: 'x_file',
      selection: IMPORT_STATE_SELECTION,
    },
    rowsTotal: counter('x_rows_total', 'Jumlah Baris'),
    rowsApplied: counter('x_rows_applied', 'Baris Diterapkan'),
    rowsUnchanged: counter('x_rows_unchanged', 'Baris Tidak Berubah'),
    rowsQuarantined: counter('x_rows_quarantined', 'Baris Dikarantina'),
    quarantineReport: { name: 'x_quarantine_report', label: 'Laporan Karantina', type: 'binary' },
    quarantineReportName: { name: 'x_quarantine_report_name', label: 'Nama Laporan Karantina', type: 'char' },
    startedAt: { name: 'x_started_at', label: 'Mulai', type: 'datetime' },
    finishedAt: { name: 'x_finished_at', label: 'Selesai', type: 'datetime' },
    message: { name: 'x_message', label: 'Keterangan', type: 'text' },
  },
});

export const DAILY_SUMMARY = defineModel({
  model: 'x_h23_daily_summary',
  label: 'Ringkasan Harian CRM',
  mail: false,
  order: 'x_date desc, id desc',
  fields: {
    name: name('Ringkasan', {
      code: "for record in self:\n    record['x_name'] = '%s %s %s' % (record.x_date or '', record.x_branch_id.x_name or '', record.x_admin_id.name or '')",
      depends: 'x_date,x_branch_id,x_admin_id',
    }),
    date: { name: 'x_date', label: 'Tanggal', type: 'date', required: true, index: true },
    branch: branch(),
    adminId: { name: 'x_admin_id', label: 'Admin', type: 'many2one', relation: USERS.model, index: true },
    due: counter('x_due', 'Jatuh Tempo'),
    contacted: counter('x_contacted', 'Dihubungi'),
    responded: counter('x_responded', 'Merespons'),
    booked: counter('x_booked', 'Booking'),
    refusedTime: counter('x_refused_time', 'Menolak: Waktu'),
    refusedDistance: counter('x_refused_distance', 'Menolak: Jarak'),
    refusedDisappointed: counter('x_refused_disappointed', 'Menolak: Kecewa'),
    refusedOtherDealer: counter('x_refused_other_dealer', 'Menolak: Dealer Lain'),
    offerWeekend: counter('x_offer_weekend', 'Tawaran Akhir Pekan'),
    offerHomeService: counter('x_offer_home_service', 'Tawaran Home Service'),
    offerPromo: counter('x_offer_promo', 'Tawaran Promo'),
    offersAccepted: counter('x_offers_accepted', 'Tawaran Diterima'),
    noResponse: counter('x_no_response', 'Tidak Merespons'),
    doneServices: counter('x_done_services', 'Servis Selesai'),
    conversionRate: { name: 'x_conversion_rate', label: 'Konversi (%)', type: 'float' },
    sentAt: { name: 'x_sent_at', label: 'Dikirim', type: 'datetime' },
  },
});

/**
 * The bridge's own state in Odoo: the daemon's lease (one daemon writes per
 * database; a second waits), and job watermarks. Technical: read-only to the PIC.
 */
export const BRIDGE_STATE = defineModel({
  model: 'x_h23_bridge_state',
  label: 'Status h23-bridge',
  mail: false,
  order: 'x_name',
  fields: {
    name: name('Kunci'),
    holder: {
      name: 'x_holder',
      label: 'Dipegang Oleh',
      type: 'char',
      help: 'Proses h23-bridge yang memegang kunci ini (host:pid).',
    },
    until: { name: 'x_until', label: 'Berlaku Sampai', type: 'datetime' },
    value: { name: 'x_value', label: 'Nilai', type: 'text' },
  },
});

/** What a template's numbered body parameter is filled with, from the follow-up. */
export const WA_PARAMETER_SELECTION = [
  ['customer_name', 'Nama pelanggan'],
  ['unit_model', 'Tipe motor'],
  ['engine_number', 'Nomor mesin'],
  ['kpb', 'Nomor KPB'],
  ['due_date', 'Tanggal jatuh tempo'],
  ['branch_name', 'Nama cabang'],
  ['branch_phone', 'Telepon cabang'],
  ['link', 'Tautan (mis. survei kepuasan)'],
  ['tier', 'Tingkat keanggotaan'],
  ['occasion', 'Hari raya / acara'],
] as const;

/**
 * What a template is sent for: FU1 by the blast; the others are customer notices (survey
 * invitations, loyalty enrolment, service reminders, win-back, holiday greetings).
 */
export const NOTICE_PURPOSE_SELECTION = [
  ['survey', 'Undangan survei kepuasan'],
  ['loyalty', 'Keanggotaan loyalti'],
  ['reminder', 'Pengingat servis berkala'],
  ['winback', 'Ajakan kembali servis (win-back)'],
  ['greeting', 'Ucapan hari raya / promo'],
] as const;

export const WA_PURPOSE_SELECTION = [
  ['fu1', 'FU1 (WA blast follow up KPB)'],
  ...NOTICE_PURPOSE_SELECTION,
] as const;

/** Meta's review states of a template (message_templates `status`); only APPROVED is sent. */
export const WA_TEMPLATE_STATUS_SELECTION = [
  ['APPROVED', 'Disetujui'],
  ['PENDING', 'Menunggu persetujuan'],
  ['REJECTED', 'Ditolak'],
  ['PAUSED', 'Dijeda'],
  ['DISABLED', 'Dinonaktifkan'],
  ['IN_APPEAL', 'Banding'],
  ['PENDING_DELETION', 'Akan dihapus'],
  ['DELETED', 'Dihapus'],
  ['LIMIT_EXCEEDED', 'Batas terlampaui'],
  ['MISSING', 'Tidak ada di Meta'],
] as const;

const waParameter = <N extends string>(field: N, position: number): Typed<N, 'selection'> => ({
  name: field,
  label: `Parameter {{${position}}}`,
  type: 'selection',
  selection: WA_PARAMETER_SELECTION,
});

/**
 * The dealer's WhatsApp message templates, as approved by Meta: the name and
 * language Meta knows them by, what fills each numbered body parameter, and the
 * review state `h23-bridge whatsapp templates sync` reads from Meta.
 */
export const WA_TEMPLATE = defineModel({
  model: 'x_h23_wa_template',
  label: 'Template WhatsApp',
  mail: true,
  order: 'x_name',
  fields: {
    name: { name: 'x_name', label: 'Nama Template (di Meta)', type: 'char', required: true, index: true },
    active: { name: 'x_active', label: 'Aktif', type: 'boolean', default: true },
    language: {
      name: 'x_language',
      label: 'Bahasa',
      type: 'char',
      required: true,
      default: 'id',
      help: 'Kode bahasa template di Meta, mis. id (Bahasa Indonesia).',
    },
    purpose: {
      name: 'x_purpose',
      label: 'Dipakai Untuk',
      type: 'selection',
      selection: WA_PURPOSE_SELECTION,
      help: 'Pilih satu kegunaan pada satu template yang sudah disetujui: itulah yang dikirim h23-bridge untuk kegunaan itu (tanpa template, pemberitahuan dikirim lewat e-mail). Template lain dari Meta tampil di sini tanpa kegunaan.',
    },
    category: {
      name: 'x_category',
      label: 'Kategori',
      type: 'selection',
      required: true,
      default: 'utility',
      selection: [
        ['utility', 'Utilitas'],
        ['marketing', 'Pemasaran'],
      ],
      help: 'Kategori template di Meta. Template pemasaran tunduk pada batas pesan pemasaran per pelanggan.',
    },
    param1: waParameter('x_param_1', 1),
    param2: waParameter('x_param_2', 2),
    param3: waParameter('x_param_3', 3),
    param4: waParameter('x_param_4', 4),
    param5: waParameter('x_param_5', 5),
    param6: waParameter('x_param_6', 6),
    status: {
      name: 'x_status',
      label: 'Status di Meta',
      type: 'selection',
      readonly: true,
      tracking: 1,
      selection: WA_TEMPLATE_STATUS_SELECTION,
      help: 'Dibaca dari Meta oleh h23-bridge (whatsapp templates sync). Hanya template Disetujui yang dikirim.',
    },
    body: { name: 'x_body', label: 'Isi Template', type: 'text', readonly: true },
    syncedAt: { name: 'x_synced_at', label: 'Terakhir Dicek', type: 'datetime', readonly: true },
  },
});

/**
 * One message to a customer that is not a follow-up's (a survey invitation, a loyalty
 * enrolment, a reminder, a greeting), sent once per key, ever: by WhatsApp template where the
 * dealer has one approved for its purpose, else by e-mail; never to a customer who opted out.
 * The e-mail itself is in the record's chatter; the WhatsApp is its outbox message.
 */
export const NOTICE = defineModel({
  model: 'x_h23_notice',
  label: 'Pemberitahuan Pelanggan',
  mail: true,
  order: 'id desc',
  fields: {
    name: { name: 'x_name', label: 'Judul', type: 'char', readonly: true },
    key: {
      name: 'x_key',
      label: 'Kunci',
      type: 'char',
      required: true,
      index: true,
      readonly: true,
      help: 'Satu pemberitahuan per kunci, selamanya (diisi h23-bridge).',
    },
    partnerId: {
      name: 'x_partner_id',
      label: 'Pelanggan',
      type: 'many2one',
      relation: PARTNER.model,
      required: true,
      index: true,
      onDelete: 'cascade',
      readonly: true,
    },
    purpose: {
      name: 'x_purpose',
      label: 'Jenis',
      type: 'selection',
      selection: NOTICE_PURPOSE_SELECTION,
      required: true,
      index: true,
      readonly: true,
    },
    channel: {
      name: 'x_channel',
      label: 'Saluran',
      type: 'selection',
      selection: [
        ['whatsapp', 'WhatsApp'],
        ['email', 'E-mail'],
      ],
      readonly: true,
    },
    state: {
      name: 'x_state',
      label: 'Status',
      type: 'selection',
      index: true,
      readonly: true,
      default: 'pending',
      selection: [
        ['pending', 'Sedang Dikirim'],
        ['sent', 'Dikirim'],
        ['skipped', 'Tidak Dikirim'],
      ],
    },
    reason: { name: 'x_reason', label: 'Alasan Tidak Dikirim', type: 'char', readonly: true },
    phone: { name: 'x_phone', label: 'No. WhatsApp', type: 'char', readonly: true },
    email: { name: 'x_email', label: 'E-mail', type: 'char', readonly: true },
    templateId: {
      name: 'x_template_id',
      label: 'Template WhatsApp',
      type: 'many2one',
      relation: 'x_h23_wa_template',
      onDelete: 'set null',
      readonly: true,
    },
    parameters: { name: 'x_parameters', label: 'Parameter', type: 'text', readonly: true },
    body: { name: 'x_body', label: 'Isi', type: 'html', readonly: true },
    sentOn: { name: 'x_sent_on', label: 'Tanggal Kirim', type: 'date', index: true, readonly: true },
  },
});

export const WA_MESSAGE_STATE_SELECTION = [
  ['queued', 'Antre'],
  ['sent', 'Terkirim'],
  ['delivered', 'Diterima'],
  ['read', 'Dibaca'],
  ['failed', 'Gagal'],
  ['uncertain', 'Tidak Pasti'],
  ['received', 'Pesan Masuk'],
  ['cancelled', 'Dibatalkan'],
] as const;

/**
 * One WhatsApp message, out (the outbox: one per FU1, keyed so that nothing is
 * sent twice) or in (a customer's reply). `uncertain`: the bridge sent it and
 * the reply was lost; it is never sent again by itself — the admin decides.
 */
export const WA_MESSAGE = defineModel({
  model: 'x_h23_wa_message',
  label: 'Pesan WhatsApp',
  mail: false,
  order: 'id desc',
  fields: {
    name: {
      name: 'x_name',
      label: 'Kunci',
      type: 'char',
      required: true,
      index: true,
      help: 'Kunci pesan (h23:fu1:<follow up>) atau wamid untuk pesan masuk; diisi h23-bridge.',
    },
    direction: {
      name: 'x_direction',
      label: 'Arah',
      type: 'selection',
      required: true,
      index: true,
      selection: [
        ['out', 'Keluar'],
        ['in', 'Masuk'],
      ],
    },
    followUpId: {
      name: 'x_followup_id',
      label: 'Follow Up',
      type: 'many2one',
      relation: 'x_h23_followup',
      index: true,
      onDelete: 'set null',
    },
    noticeId: {
      name: 'x_notice_id',
      label: 'Pemberitahuan',
      type: 'many2one',
      relation: 'x_h23_notice',
      index: true,
      onDelete: 'set null',
    },
    partnerId: {
      name: 'x_partner_id',
      label: 'Pelanggan',
      type: 'many2one',
      relation: PARTNER.model,
      index: true,
    },
    branch: branch(false, 'set null'),
    phone: { name: 'x_phone', label: 'No. WhatsApp', type: 'char', index: true },
    templateId: { name: 'x_template_id', label: 'Template', type: 'many2one', relation: 'x_h23_wa_template' },
    parameters: {
      name: 'x_parameters',
      label: 'Parameter',
      type: 'text',
      help: 'Isi parameter template (JSON).',
    },
    body: { name: 'x_body', label: 'Isi Pesan', type: 'text' },
    state: {
      name: 'x_state',
      label: 'Status',
      type: 'selection',
      index: true,
      tracking: 1,
      groupExpand: true,
      selection: WA_MESSAGE_STATE_SELECTION,
    },
    wamid: { name: 'x_wamid', label: 'ID Pesan WhatsApp', type: 'char', index: true },
    replyToId: {
      name: 'x_reply_to_id',
      label: 'Membalas Pesan',
      type: 'many2one',
      relation: 'x_h23_wa_message',
      onDelete: 'set null',
    },
    intent: {
      name: 'x_intent',
      label: 'Maksud Balasan',
      type: 'selection',
      selection: [
        ['booking', 'Ingin booking'],
        ['later', 'Nanti saja'],
        ['opt_out', 'Berhenti (tidak mau dihubungi)'],
        ['message', 'Pesan lain'],
      ],
    },
    errorCode: { name: 'x_error_code', label: 'Kode Kesalahan', type: 'integer' },
    errorTitle: { name: 'x_error_title', label: 'Kesalahan', type: 'char' },
    errorKind: {
      name: 'x_error_kind',
      label: 'Jenis Kesalahan',
      type: 'selection',
      selection: [
        ['customer', 'Pelanggan (FU2 lewat telepon)'],
        ['dealer', 'Pengaturan dealer (hubungi IT)'],
        ['throttled', 'Terlalu cepat (dikirim ulang)'],
        ['transient', 'Gangguan WhatsApp (dikirim ulang)'],
      ],
    },
    attemptedAt: {
      name: 'x_attempted_at',
      label: 'Mulai Dikirim',
      type: 'datetime',
      help: 'Diisi tepat sebelum permintaan ke WhatsApp: pesan dengan waktu ini tanpa ID pesan tidak pernah dikirim ulang otomatis.',
    },
    sentAt: { name: 'x_sent_at', label: 'Terkirim', type: 'datetime' },
    deliveredAt: { name: 'x_delivered_at', label: 'Diterima', type: 'datetime' },
    readAt: { name: 'x_read_at', label: 'Dibaca', type: 'datetime' },
    failedAt: { name: 'x_failed_at', label: 'Gagal', type: 'datetime' },
    receivedAt: { name: 'x_received_at', label: 'Diterima Dealer', type: 'datetime' },
  },
});

export const COMPLAINT_CHANNEL_SELECTION = [
  ['walk_in', 'Datang langsung'],
  ['phone', 'Telepon'],
  ['whatsapp', 'WhatsApp'],
  ['email', 'E-mail'],
  ['followup', 'Follow up KPB'],
  ['survey', 'Survei kepuasan'],
] as const;

export const COMPLAINT_CATEGORY_SELECTION = [
  ['service', 'Servis'],
  ['parts', 'Suku cadang'],
  ['staff', 'Pelayanan'],
  ['price', 'Harga'],
  ['waiting', 'Waktu tunggu'],
  ['other', 'Lainnya'],
] as const;

export const COMPLAINT_SEVERITY_SELECTION = [
  ['low', 'Rendah'],
  ['medium', 'Sedang'],
  ['high', 'Tinggi'],
  ['critical', 'Kritis'],
] as const;

/** SOP CRM Tahap 3, in the order of the process (the kanban's columns). */
export const COMPLAINT_STAGE_SELECTION = [
  ['received', 'Diterima'],
  ['analysis', 'Analisis'],
  ['solution', 'Solusi Disampaikan'],
  ['confirmation', 'Konfirmasi Pelanggan'],
  ['done', 'Selesai'],
  ['escalated', 'Eskalasi'],
  ['reopened', 'Dibuka Kembali'],
] as const;

export const COMPLAINT_ROOT_CAUSE_SELECTION = [
  ['mechanic', 'Keterampilan mekanik'],
  ['parts', 'Ketersediaan suku cadang'],
  ['process', 'Proses / SOP'],
  ['communication', 'Komunikasi'],
  ['facility', 'Fasilitas'],
  ['expectation', 'Harapan pelanggan'],
  ['other', 'Lainnya'],
] as const;

export const COMPLAINT = defineModel({
  model: 'x_h23_complaint',
  label: 'Keluhan Pelanggan',
  mail: true,
  // Overdue first, then the nearest deadline: the customer service's work queue.
  order: 'x_overdue desc, x_deadline_at, id desc',
  fields: {
    name: name('Nomor Keluhan', {
      // The id once the record exists (a form not yet saved shows "Baru").
      code: "for record in self:\n    record['x_name'] = 'KEL-%05d' % record._origin.id if record._origin.id else 'Baru'",
      // A dependency every complaint is created with: the name is computed once it has an id.
      depends: 'x_partner_id',
    }),
    subject: { name: 'x_subject', label: 'Ringkasan Keluhan', type: 'char', required: true },
    partnerId: {
      name: 'x_partner_id',
      label: 'Pelanggan',
      type: 'many2one',
      relation: PARTNER.model,
      required: true,
      index: true,
      onDelete: 'restrict',
      tracking: 1,
    },
    partnerPhone: customerPhone,
    unitId: {
      name: 'x_unit_id',
      label: 'Unit',
      type: 'many2one',
      relation: 'x_h23_unit',
      index: true,
      onDelete: 'set null',
    },
    // Required: a complaint without a branch would be every branch's to see, and no branch head's to answer for.
    branch: { ...branch(true), tracking: 2 },
    followUpId: {
      name: 'x_followup_id',
      label: 'Dari Follow Up',
      type: 'many2one',
      relation: 'x_h23_followup',
      index: true,
      readonly: true,
      onDelete: 'set null',
      help: 'Follow up KPB yang hasilnya kecewa atau pindah dealer: keluhan dibuka otomatis oleh h23-bridge.',
    },
    surveyInvitationId: {
      name: 'x_survey_invitation_id',
      label: 'Dari Survei Kepuasan',
      type: 'many2one',
      relation: 'x_h23_survey_invitation',
      index: true,
      readonly: true,
      onDelete: 'set null',
      help: 'Jawaban survei kepuasan yang tidak puas (NPS ≤ 6 atau CSAT ≤ 2): keluhan dibuka otomatis oleh h23-bridge.',
    },
    channel: {
      name: 'x_channel',
      label: 'Saluran',
      type: 'selection',
      selection: COMPLAINT_CHANNEL_SELECTION,
      required: true,
      default: 'walk_in',
    },
    category: {
      name: 'x_category',
      label: 'Kategori',
      type: 'selection',
      selection: COMPLAINT_CATEGORY_SELECTION,
      required: true,
      default: 'service',
    },
    description: { name: 'x_description', label: 'Uraian Keluhan', type: 'text', required: true },
    severity: {
      name: 'x_severity',
      label: 'Tingkat Keparahan',
      type: 'selection',
      selection: COMPLAINT_SEVERITY_SELECTION,
      required: true,
      default: 'medium',
      tracking: 3,
      help: 'Menentukan batas waktu tanggapan dan solusi (jam kerja cabang).',
    },
    stage: {
      name: 'x_stage',
      label: 'Tahap',
      type: 'selection',
      selection: COMPLAINT_STAGE_SELECTION,
      required: true,
      default: 'received',
      tracking: 4,
      groupExpand: true,
      index: true,
    },
    userId: {
      name: 'x_user_id',
      label: 'Petugas',
      type: 'many2one',
      relation: USERS.model,
      index: true,
      tracking: 5,
    },
    rootCauseKind: {
      name: 'x_root_cause_kind',
      label: 'Jenis Akar Masalah',
      type: 'selection',
      selection: COMPLAINT_ROOT_CAUSE_SELECTION,
      tracking: 6,
    },
    rootCause: {
      name: 'x_root_cause',
      label: 'Akar Masalah',
      type: 'text',
      help: 'Wajib diisi sebelum keluhan keluar dari tahap Analisis.',
    },
    solution: {
      name: 'x_solution',
      label: 'Solusi',
      type: 'text',
      help: 'Wajib diisi sebelum keluhan keluar dari tahap Solusi Disampaikan.',
    },
    confirmation: {
      name: 'x_confirmation',
      label: 'Konfirmasi Pelanggan',
      type: 'selection',
      selection: [
        ['satisfied', 'Puas: keluhan selesai'],
        ['not_satisfied', 'Belum puas: buka kembali'],
      ],
      tracking: 7,
      help: 'Jawaban pelanggan atas solusi. Keluhan hanya dapat ditutup bila pelanggan puas.',
    },
    confirmationChannel: {
      name: 'x_confirmation_channel',
      label: 'Dikonfirmasi Lewat',
      type: 'selection',
      selection: [
        ['call', 'Telepon'],
        ['whatsapp', 'WhatsApp'],
        ['visit', 'Datang langsung'],
      ],
    },
    confirmationNote: { name: 'x_confirmation_note', label: 'Catatan Konfirmasi', type: 'text' },
    receivedAt: {
      name: 'x_received_at',
      label: 'Diterima Pada',
      type: 'datetime',
      help: 'Saat keluhan disampaikan pelanggan; kosong berarti saat dicatat.',
    },
    acknowledgedAt: { name: 'x_acknowledged_at', label: 'Ditanggapi Pada', type: 'datetime', readonly: true },
    solvedAt: { name: 'x_solved_at', label: 'Solusi Disampaikan Pada', type: 'datetime', readonly: true },
    closedAt: { name: 'x_closed_at', label: 'Selesai Pada', type: 'datetime', readonly: true },
    acknowledgeDeadline: {
      name: 'x_acknowledge_deadline',
      label: 'Batas Tanggapan',
      type: 'datetime',
      readonly: true,
    },
    solutionDeadline: {
      name: 'x_solution_deadline',
      label: 'Batas Solusi',
      type: 'datetime',
      readonly: true,
    },
    deadline: {
      name: 'x_deadline_at',
      label: 'Batas Waktu',
      type: 'datetime',
      readonly: true,
      index: true,
      help: 'Batas waktu tahap berikutnya menurut tingkat layanan, dalam jam kerja cabang (dihitung h23-bridge).',
    },
    overdue: { name: 'x_overdue', label: 'Terlambat', type: 'boolean', readonly: true, index: true },
    escalatedAcknowledge: {
      name: 'x_escalated_acknowledge',
      label: 'Dieskalasi: Tanggapan Terlambat',
      type: 'boolean',
      readonly: true,
    },
    escalatedSolution: {
      name: 'x_escalated_solution',
      label: 'Dieskalasi: Solusi Terlambat',
      type: 'boolean',
      readonly: true,
    },
    stageBeforeEscalation: {
      name: 'x_stage_before_escalation',
      label: 'Tahap Sebelum Eskalasi',
      type: 'selection',
      selection: COMPLAINT_STAGE_SELECTION,
      readonly: true,
    },
    reopenCount: { name: 'x_reopen_count', label: 'Jumlah Dibuka Kembali', type: 'integer', readonly: true },
    reopenedAt: {
      name: 'x_reopened_at',
      label: 'Dibuka Kembali Pada',
      type: 'datetime',
      readonly: true,
      help: 'Batas solusi dihitung ulang dari saat ini.',
    },
    historyStage: {
      name: 'x_history_stage',
      label: 'Tahap di Riwayat Pelanggan',
      type: 'char',
      readonly: true,
      help: 'Tahap terakhir yang dicatat h23-bridge di riwayat kontak pelanggan.',
    },
    solvedInTime: {
      name: 'x_solved_in_time',
      label: 'Solusi Tepat Waktu',
      type: 'integer',
      readonly: true,
      help: '1 bila solusi disampaikan sebelum batas solusi, 0 bila sesudahnya: jumlahnya dibagi jumlah keluhan = porsi tepat waktu.',
    },
    solved: {
      name: 'x_solved',
      label: 'Sudah Ada Solusi',
      type: 'integer',
      readonly: true,
      help: '1 bila solusi sudah disampaikan (dasar porsi tepat waktu).',
    },
  },
});

/**
 * Complaints per branch and month of receipt, written by the bridge: the share solved within the
 * service level, which Odoo's pivot cannot divide. A line without a branch holds all branches.
 */
export const COMPLAINT_MONTH = defineModel({
  model: 'x_h23_complaint_month',
  label: 'Tingkat Layanan Keluhan',
  mail: false,
  order: 'x_month desc, x_branch_id',
  fields: {
    name: name('Periode', {
      code: "for record in self:\n    record['x_name'] = '%s %s' % (record.x_month and record.x_month.strftime('%Y-%m') or '', record.x_branch_id.x_name or 'Semua Cabang')",
      depends: 'x_month,x_branch_id',
    }),
    key: { name: 'x_key', label: 'Kunci', type: 'char', required: true, index: true },
    month: { name: 'x_month', label: 'Bulan', type: 'date', required: true, index: true },
    branch: branch(false, 'cascade'),
    received: counter('x_received', 'Keluhan Masuk'),
    solved: counter('x_solved', 'Jumlah Solusi'),
    solvedInTime: counter('x_solved_in_time', 'Solusi Tepat Waktu'),
    escalated: counter('x_escalated', 'Dieskalasi'),
    closed: counter('x_closed', 'Selesai'),
    open: counter('x_open', 'Belum Selesai'),
    inTimeShare: {
      name: 'x_in_time_share',
      label: 'Tepat Waktu (%)',
      type: 'float',
      help: 'Solusi tepat waktu dibagi solusi disampaikan, untuk keluhan yang masuk pada bulan itu.',
    },
  },
});

export const KPI_PERIOD_KIND_SELECTION = [
  ['quarter', 'Kuartal'],
  ['month', 'Bulan'],
] as const;

export const KPI_SCORE_STATE_SELECTION = [
  ['open', 'Periode Berjalan'],
  ['validating', 'Menunggu Validasi'],
  ['done', 'Selesai Dinilai'],
] as const;

export const KPI_VALIDATION_SELECTION = [
  ['pending', 'Belum Divalidasi'],
  ['approved', 'Disetujui'],
  ['rejected', 'Ditolak'],
] as const;

const kpiNumber = <N extends string>(field: N, label: string, help?: string): Typed<N, 'float'> => ({
  name: field,
  label,
  type: 'float',
  readonly: true,
  ...(help ? { help } : {}),
});

/**
 * The KPI scorecard of one Customer Relations Officer and period (seed 003), written by the
 * bridge: a quarter holds KPI-1 to KPI-4 and the quarter's KPI-5/6 from its months; a month holds
 * KPI-5 and KPI-6. A line without an officer is the team's (KPI-3, KPI-4 for everyone).
 * Achievements are percent; scores are points of the KPI's weight.
 */
export const KPI_SCORE = defineModel({
  model: 'x_h23_kpi_score',
  label: 'Scorecard KPI CRO',
  mail: true,
  order: 'x_period_from desc, x_kind, x_officer_id',
  fields: {
    name: name('Scorecard', {
      code: "for record in self:\n    record['x_name'] = '%s %s' % (record.x_period or '', record.x_officer_id.name or 'Tim')",
      depends: 'x_period,x_officer_id',
    }),
    key: { name: 'x_key', label: 'Kunci', type: 'char', required: true, index: true, readonly: true },
    officer: {
      name: 'x_officer_id',
      label: 'Customer Relations Officer',
      type: 'many2one',
      relation: USERS.model,
      index: true,
      readonly: true,
      // An officer's audit record outlives their account: users are archived, not deleted.
      onDelete: 'restrict',
    },
    period: { name: 'x_period', label: 'Periode', type: 'char', required: true, index: true, readonly: true },
    kind: {
      name: 'x_kind',
      label: 'Jenis Periode',
      type: 'selection',
      required: true,
      readonly: true,
      selection: KPI_PERIOD_KIND_SELECTION,
    },
    periodFrom: {
      name: 'x_period_from',
      label: 'Dari',
      type: 'date',
      required: true,
      index: true,
      readonly: true,
    },
    periodTo: { name: 'x_period_to', label: 'Sampai', type: 'date', required: true, readonly: true },
    state: {
      name: 'x_state',
      label: 'Status',
      type: 'selection',
      readonly: true,
      tracking: 1,
      selection: KPI_SCORE_STATE_SELECTION,
    },
    kpi1Numerator: kpiNumber('x_kpi1_numerator', 'KPI-1 Pembilang'),
    kpi1Denominator: kpiNumber('x_kpi1_denominator', 'KPI-1 Penyebut'),
    kpi1Achievement: kpiNumber(
      'x_kpi1_achievement',
      'KPI-1 Capaian (%)',
      'KPI-1 Pesan Dijawab ≤ 1×24 Jam: pembilang / penyebut; 0 bila tidak dapat diukur (lihat Perlu Review).',
    ),
    kpi1Score: kpiNumber('x_kpi1_score', 'KPI-1 Skor'),
    kpi2Numerator: kpiNumber('x_kpi2_numerator', 'KPI-2 Pembilang'),
    kpi2Denominator: kpiNumber('x_kpi2_denominator', 'KPI-2 Penyebut'),
    kpi2Achievement: kpiNumber(
      'x_kpi2_achievement',
      'KPI-2 Capaian (%)',
      'KPI-2 Balasan Cepat & Representatif: pembilang / penyebut; 0 bila tidak dapat diukur (lihat Perlu Review).',
    ),
    kpi2Score: kpiNumber('x_kpi2_score', 'KPI-2 Skor'),
    kpi3Numerator: kpiNumber('x_kpi3_numerator', 'KPI-3 Pembilang'),
    kpi3Denominator: kpiNumber('x_kpi3_denominator', 'KPI-3 Penyebut'),
    kpi3Achievement: kpiNumber(
      'x_kpi3_achievement',
      'KPI-3 Capaian (%)',
      'KPI-3 Pertumbuhan Omset: pembilang / penyebut; 0 bila tidak dapat diukur (lihat Perlu Review).',
    ),
    kpi3Score: kpiNumber('x_kpi3_score', 'KPI-3 Skor'),
    kpi4Numerator: kpiNumber('x_kpi4_numerator', 'KPI-4 Pembilang'),
    kpi4Denominator: kpiNumber('x_kpi4_denominator', 'KPI-4 Penyebut'),
    kpi4Achievement: kpiNumber(
      'x_kpi4_achievement',
      'KPI-4 Capaian (%)',
      'KPI-4 Customer Baru: pembilang / penyebut; 0 bila tidak dapat diukur (lihat Perlu Review).',
    ),
    kpi4Score: kpiNumber('x_kpi4_score', 'KPI-4 Skor'),
    kpi5Numerator: kpiNumber('x_kpi5_numerator', 'KPI-5 Pembilang'),
    kpi5Denominator: kpiNumber('x_kpi5_denominator', 'KPI-5 Penyebut'),
    kpi5Achievement: kpiNumber(
      'x_kpi5_achievement',
      'KPI-5 Capaian (%)',
      'KPI-5 Follow Up Re-Order: pembilang / penyebut; 0 bila tidak dapat diukur (lihat Perlu Review).',
    ),
    kpi5Score: kpiNumber('x_kpi5_score', 'KPI-5 Skor'),
    kpi6Numerator: kpiNumber('x_kpi6_numerator', 'KPI-6 Pembilang'),
    kpi6Denominator: kpiNumber('x_kpi6_denominator', 'KPI-6 Penyebut'),
    kpi6Achievement: kpiNumber(
      'x_kpi6_achievement',
      'KPI-6 Capaian (%)',
      'KPI-6 Konversi Re-Order: pembilang / penyebut; 0 bila tidak dapat diukur (lihat Perlu Review).',
    ),
    kpi6Score: kpiNumber('x_kpi6_score', 'KPI-6 Skor'),
    total: kpiNumber('x_score_total', 'Total Skor'),
    maxTotal: kpiNumber(
      'x_score_max',
      'Skor Maksimum',
      'Jumlah bobot KPI periode ini (70 untuk kuartal, sesuai dokumen KPI).',
    ),
    share: kpiNumber('x_score_share', 'Total Capaian (%)'),
    reviews: {
      name: 'x_reviews',
      label: 'Perlu Review',
      type: 'char',
      readonly: true,
      help: 'KPI di bawah target atau tidak dapat diukur: review dan perbaikan sistem komunikasi.',
    },
    messages: { ...counter('x_messages', 'Pesan Masuk'), readonly: true },
    repliedInTime: {
      ...counter('x_replied_in_time', 'Dibalas ≤ 1×24 Jam'),
      readonly: true,
      help: 'Semua pesan masuk periode ini (bukan hanya sampel) yang dibalas paling lambat jam yang sama hari kerja berikutnya.',
    },
    revenue: kpiNumber('x_revenue', 'Omset'),
    previousRevenue: kpiNumber('x_revenue_previous', 'Omset Kuartal Sebelumnya'),
    localRevenue: kpiNumber('x_revenue_local', 'Omset Lokal'),
    exportRevenue: kpiNumber('x_revenue_export', 'Omset Ekspor'),
    revenueSource: {
      name: 'x_revenue_source',
      label: 'Sumber Omset',
      type: 'selection',
      readonly: true,
      selection: [
        ['invoices', 'Faktur pelanggan (terposting)'],
        ['orders', 'Sales order terkonfirmasi'],
      ],
    },
    sampleSeed: { name: 'x_sample_seed', label: 'Seed Sampel', type: 'char', readonly: true },
    sampleMethod: {
      name: 'x_sample_method',
      label: 'Metode Sampel',
      type: 'selection',
      readonly: true,
      selection: [
        ['all', 'Semua pesan (≤ 10)'],
        ['simple-random', 'Acak sederhana'],
        ['systematic', 'Sistematis (> 300 pesan)'],
      ],
    },
    samplePopulation: { ...counter('x_sample_population', 'Jumlah Pesan Disampel'), readonly: true },
    sampleInterval: kpiNumber('x_sample_interval', 'Interval Sampel'),
    sampleStart: kpiNumber('x_sample_start', 'Awal Sampel'),
    samplePicks: {
      name: 'x_sample_picks',
      label: 'Pesan Terpilih',
      type: 'text',
      readonly: true,
      help: 'Kunci pesan yang terpilih (JSON): sampel dapat diulang dari seed dan daftar pesan yang sama.',
    },
    samples: {
      name: 'x_sample_ids',
      label: 'Sampel Audit',
      type: 'one2many',
      relation: 'x_h23_kpi_sample',
      relationField: 'x_score_id',
    },
    validationRequested: {
      name: 'x_validation_requested',
      label: 'Validasi Diminta',
      type: 'boolean',
      readonly: true,
    },
    reviewRequested: { name: 'x_review_requested', label: 'Review Diminta', type: 'boolean', readonly: true },
    computedAt: { name: 'x_computed_at', label: 'Dihitung', type: 'datetime', readonly: true },
  },
});

/**
 * One sampled message of an officer's quarter, with its thread's reply, for the Head of
 * Marketing to validate (seed 003: "disetujui", "sesuai dengan standard perusahaan").
 */
export const KPI_SAMPLE = defineModel({
  model: 'x_h23_kpi_sample',
  label: 'Sampel Audit KPI',
  mail: false,
  order: 'x_score_id, x_position',
  fields: {
    name: name('Sampel', {
      code: "for record in self:\n    record['x_name'] = '%s #%s' % (record.x_score_id.x_name or '', record.x_position)",
      depends: 'x_score_id,x_position',
    }),
    key: { name: 'x_key', label: 'Kunci', type: 'char', required: true, index: true, readonly: true },
    scoreId: {
      name: 'x_score_id',
      label: 'Scorecard',
      type: 'many2one',
      relation: 'x_h23_kpi_score',
      required: true,
      index: true,
      readonly: true,
      onDelete: 'cascade',
    },
    officer: {
      name: 'x_officer_id',
      label: 'Customer Relations Officer',
      type: 'many2one',
      relation: USERS.model,
      index: true,
      readonly: true,
    },
    position: { ...counter('x_position', 'Pesan Nomor'), readonly: true },
    channel: {
      name: 'x_channel',
      label: 'Saluran',
      type: 'selection',
      readonly: true,
      selection: [
        ['email', 'E-mail'],
        ['whatsapp', 'WhatsApp'],
      ],
    },
    partnerId: {
      name: 'x_partner_id',
      label: 'Pelanggan',
      type: 'many2one',
      relation: PARTNER.model,
      readonly: true,
    },
    thread: { name: 'x_thread', label: 'Percakapan', type: 'char', readonly: true },
    // "Definisi random sampling: sampel akan diambil dengan thread": the validator opens it.
    threadUrl: {
      name: 'x_thread_url',
      label: 'Buka Percakapan',
      type: 'char',
      store: false,
      depends: 'x_thread',
      compute:
        "for record in self:\n    parts = (record.x_thread or '').split(',')\n    record['x_thread_url'] = '/web#model=%s&id=%s' % (parts[0], parts[1]) if len(parts) == 2 and parts[1].isdigit() else False",
    },
    message: { name: 'x_message', label: 'Pesan Pelanggan', type: 'text', readonly: true },
    reply: { name: 'x_reply', label: 'Balasan', type: 'text', readonly: true },
    receivedAt: { name: 'x_received_at', label: 'Diterima', type: 'datetime', readonly: true },
    repliedAt: { name: 'x_replied_at', label: 'Dibalas', type: 'datetime', readonly: true },
    dueAt: { name: 'x_due_at', label: 'Batas 1×24 Jam', type: 'datetime', readonly: true },
    workingHours: kpiNumber('x_working_hours', 'Waktu Balas (jam kerja)'),
    withinOneDay: { name: 'x_within_one_day', label: 'Dibalas ≤ 1×24 Jam', type: 'boolean', readonly: true },
    fast: {
      name: 'x_fast',
      label: 'Cepat',
      type: 'boolean',
      readonly: true,
      help: 'Dibalas dalam batas balasan cepat (kpi.fastReplyWorkingHours; tanpa itu, ≤ 1×24 jam).',
    },
    validation: {
      name: 'x_validation',
      label: 'Validasi',
      type: 'selection',
      index: true,
      selection: KPI_VALIDATION_SELECTION,
      default: 'pending',
      help: 'Disetujui: balasan menjawab pertanyaan pelanggan. Ditolak: tulis alasannya di catatan.',
    },
    representative: {
      name: 'x_representative',
      label: 'Representatif',
      type: 'boolean',
      help: 'Jawaban sesuai dengan standar perusahaan (dokumen KPI: "Definisi Representatif").',
    },
    note: { name: 'x_note', label: 'Catatan Validasi', type: 'text' },
  },
});

/**
 * A customer's move from one segment to another (issue 15), one per customer and day it changed,
 * written by the bridge: the history behind "how many went from Aktif to Berisiko this month".
 * The branch is that of the customer's most recent unit.
 */
export const SEGMENT_CHANGE = defineModel({
  model: 'x_h23_segment_change',
  label: 'Perpindahan Segmen Pelanggan',
  mail: false,
  order: 'x_date desc, id desc',
  fields: {
    name: name('Perpindahan', {
      code: "for record in self:\n    record['x_name'] = '%s %s' % (record.x_date and record.x_date.strftime('%Y-%m-%d') or '', record.x_partner_id.name or '')",
      depends: 'x_date,x_partner_id',
    }),
    key: { name: 'x_key', label: 'Kunci', type: 'char', required: true, index: true, readonly: true },
    partnerId: {
      name: 'x_partner_id',
      label: 'Pelanggan',
      type: 'many2one',
      relation: PARTNER.model,
      required: true,
      index: true,
      onDelete: 'cascade',
      readonly: true,
    },
    branch: branch(false, 'set null'),
    date: { name: 'x_date', label: 'Tanggal', type: 'date', required: true, index: true, readonly: true },
    fromSegment: {
      name: 'x_from_segment',
      label: 'Dari Segmen',
      type: 'selection',
      selection: SEGMENT_SELECTION,
      index: true,
      readonly: true,
      help: 'Kosong bila pelanggan baru pertama kali disegmentasi.',
    },
    toSegment: {
      name: 'x_to_segment',
      label: 'Ke Segmen',
      type: 'selection',
      selection: SEGMENT_SELECTION,
      required: true,
      index: true,
      readonly: true,
    },
  },
});

/**
 * Customers per segment, branch and month as the month's latest run counted them, written by the
 * bridge. A line without a branch holds all branches (customers without a unit too).
 */
export const SEGMENT_MONTH = defineModel({
  model: 'x_h23_segment_month',
  label: 'Segmen Pelanggan per Bulan',
  mail: false,
  order: 'x_month desc, x_branch_id, x_segment',
  fields: {
    name: name('Periode', {
      code: "for record in self:\n    record['x_name'] = '%s %s %s' % (record.x_month and record.x_month.strftime('%Y-%m') or '', record.x_branch_id.x_name or 'Semua Cabang', record.x_segment or '')",
      depends: 'x_month,x_branch_id,x_segment',
    }),
    key: { name: 'x_key', label: 'Kunci', type: 'char', required: true, index: true, readonly: true },
    month: { name: 'x_month', label: 'Bulan', type: 'date', required: true, index: true, readonly: true },
    branch: branch(false, 'cascade'),
    segment: {
      name: 'x_segment',
      label: 'Segmen',
      type: 'selection',
      selection: SEGMENT_SELECTION,
      required: true,
      index: true,
      readonly: true,
    },
    customers: { ...counter('x_customers', 'Jumlah Pelanggan'), readonly: true },
    countedOn: {
      name: 'x_counted_on',
      label: 'Dihitung pada',
      type: 'date',
      readonly: true,
      help: 'Tanggal proses terakhir bulan itu yang menghitung baris ini.',
    },
  },
});

export const MEMBER_STATE_SELECTION = [
  ['active', 'Aktif'],
  ['lapsed', 'Tidak Aktif'],
] as const;

/** How the enrolment (or the last upgrade) reached the customer, as the customer-notice piece answered. */
export const MEMBER_CHANNEL_SELECTION = [
  ['whatsapp', 'WhatsApp'],
  ['email', 'E-mail'],
  ['none', 'Tidak dikirim'],
] as const;

/**
 * A customer's membership of the loyalty programme (issue 15, SOP CRM stage 4), one per customer
 * (the partner the segment is stored on: the units' owner), written by the bridge from the
 * segment and visits: tier, first enrolment (never changed), the last tier change, a lapse, how
 * it was communicated, and the visits before and after enrolment the programme's effectiveness
 * is measured by. Marketing reads it; the bridge alone writes it.
 */
export const LOYALTY_MEMBER = defineModel({
  model: 'x_h23_loyalty_member',
  label: 'Member Loyalitas',
  mail: false,
  order: 'x_enrolled_on desc, id desc',
  fields: {
    name: name('Member', {
      code: "for record in self:\n    record['x_name'] = '%s %s' % (record.x_partner_id.name or '', (record.x_tier or '').capitalize())",
      depends: 'x_partner_id,x_tier',
    }),
    key: { name: 'x_key', label: 'Kunci', type: 'char', required: true, index: true, readonly: true },
    partnerId: {
      name: 'x_partner_id',
      label: 'Pelanggan',
      type: 'many2one',
      relation: PARTNER.model,
      required: true,
      index: true,
      onDelete: 'cascade',
      readonly: true,
    },
    branch: { ...branch(false, 'set null'), readonly: true },
    tier: {
      name: 'x_tier',
      label: 'Tier',
      type: 'selection',
      selection: TIER_SELECTION,
      required: true,
      index: true,
      readonly: true,
      groupExpand: true,
    },
    state: {
      name: 'x_state',
      label: 'Status',
      type: 'selection',
      selection: MEMBER_STATE_SELECTION,
      required: true,
      index: true,
      readonly: true,
      default: 'active',
      help: 'Tidak Aktif: pelanggan menjadi Hilang (servis terakhir lebih dari 24 bulan lalu); aktif lagi bila memenuhi syarat tier lagi.',
    },
    enrolledOn: {
      name: 'x_enrolled_on',
      label: 'Terdaftar Sejak',
      type: 'date',
      required: true,
      index: true,
      readonly: true,
      help: 'Tanggal pertama kali menjadi member; tidak berubah.',
    },
    tierSince: {
      name: 'x_tier_since',
      label: 'Perubahan Tier Terakhir',
      type: 'date',
      readonly: true,
      help: 'Tanggal pendaftaran, kenaikan, penurunan tier atau aktif kembali yang terakhir.',
    },
    belowSince: {
      name: 'x_below_since',
      label: 'Di Bawah Syarat Tier Sejak',
      type: 'date',
      readonly: true,
      help: 'Sejak tanggal ini member hanya memenuhi syarat tier yang lebih rendah; tier turun setelah loyalty.downgradeAfterDays hari berturut-turut.',
    },
    lapsedOn: { name: 'x_lapsed_on', label: 'Tidak Aktif Sejak', type: 'date', readonly: true },
    visitsBefore: {
      ...counter('x_visits_before', 'Kunjungan Sebelum Daftar'),
      readonly: true,
      help: 'Hari kunjungan servis dalam N bulan sampai tanggal daftar (loyalty.effectMonths).',
    },
    visitsAfter: {
      ...counter('x_visits_after', 'Kunjungan Sesudah Daftar'),
      readonly: true,
      help: 'Hari kunjungan servis dalam N bulan sesudah tanggal daftar; diisi setelah N bulan berlalu.',
    },
    measured: {
      name: 'x_measured',
      label: 'Sudah Diukur',
      type: 'boolean',
      readonly: true,
      help: 'N bulan sesudah daftar sudah berlalu: kunjungan sebelum dan sesudah dibandingkan di laporan.',
    },
    announcedTier: {
      name: 'x_announced_tier',
      label: 'Tier yang Sudah Dikomunikasikan',
      type: 'selection',
      selection: TIER_SELECTION,
      readonly: true,
    },
    channel: {
      name: 'x_channel',
      label: 'Dikomunikasikan Lewat',
      type: 'selection',
      selection: MEMBER_CHANNEL_SELECTION,
      readonly: true,
      help: 'Tidak dikirim: pelanggan menolak dihubungi atau tidak punya nomor WhatsApp / e-mail.',
    },
    announcedOn: { name: 'x_announced_on', label: 'Dikomunikasikan pada', type: 'date', readonly: true },
  },
});

const loyaltyRate = <N extends string>(field: N, label: string, help: string): Typed<N, 'float'> => ({
  name: field,
  label,
  type: 'float',
  readonly: true,
  help,
});

/**
 * The loyalty programme's month per branch (and all branches: no branch), as the month's latest
 * run counted it (issue 15): participation (members and non-members serviced this month) and
 * effectiveness (visits per member before and after enrolment), written by the bridge.
 */
export const LOYALTY_MONTH = defineModel({
  model: 'x_h23_loyalty_month',
  label: 'Program Loyalitas per Bulan',
  mail: false,
  order: 'x_month desc, x_branch_id',
  fields: {
    name: name('Periode', {
      code: "for record in self:\n    record['x_name'] = '%s %s' % (record.x_month and record.x_month.strftime('%Y-%m') or '', record.x_branch_id.x_name or 'Semua Cabang')",
      depends: 'x_month,x_branch_id',
    }),
    key: { name: 'x_key', label: 'Kunci', type: 'char', required: true, index: true, readonly: true },
    month: { name: 'x_month', label: 'Bulan', type: 'date', required: true, index: true, readonly: true },
    branch: branch(false, 'cascade'),
    members: { ...counter('x_members', 'Member Aktif'), readonly: true },
    silver: { ...counter('x_silver', 'Member Silver'), readonly: true },
    gold: { ...counter('x_gold', 'Member Gold'), readonly: true },
    platinum: { ...counter('x_platinum', 'Member Platinum'), readonly: true },
    membersServiced: { ...counter('x_members_serviced', 'Member Servis Bulan Ini'), readonly: true },
    nonMembers: { ...counter('x_non_members', 'Bukan Member'), readonly: true },
    nonMembersServiced: {
      ...counter('x_non_members_serviced', 'Bukan Member Servis Bulan Ini'),
      readonly: true,
    },
    memberParticipation: loyaltyRate(
      'x_member_participation',
      'Partisipasi Member (%)',
      'Member aktif yang servis bulan ini dibagi member aktif.',
    ),
    nonMemberParticipation: loyaltyRate(
      'x_non_member_participation',
      'Partisipasi Bukan Member (%)',
      'Pelanggan bukan member yang servis bulan ini dibagi pelanggan bukan member (yang bersegmen).',
    ),
    enrolled: { ...counter('x_enrolled', 'Member Baru'), readonly: true },
    lapsed: { ...counter('x_lapsed', 'Member Tidak Aktif Bulan Ini'), readonly: true },
    measured: {
      ...counter('x_measured', 'Member Diukur'),
      readonly: true,
      help: 'Member (aktif atau tidak) yang terdaftar sedikitnya N bulan lalu (loyalty.effectMonths).',
    },
    visitsBefore: { ...counter('x_visits_before', 'Kunjungan Sebelum Daftar'), readonly: true },
    visitsAfter: { ...counter('x_visits_after', 'Kunjungan Sesudah Daftar'), readonly: true },
    visitsPerMemberBefore: loyaltyRate(
      'x_visits_per_member_before',
      'Kunjungan per Member Sebelum',
      'Kunjungan servis dalam N bulan sebelum daftar, rata-rata per member diukur.',
    ),
    visitsPerMemberAfter: loyaltyRate(
      'x_visits_per_member_after',
      'Kunjungan per Member Sesudah',
      'Kunjungan servis dalam N bulan sesudah daftar, rata-rata per member diukur.',
    ),
    countedOn: {
      name: 'x_counted_on',
      label: 'Dihitung pada',
      type: 'date',
      readonly: true,
      help: 'Tanggal proses terakhir bulan itu yang menghitung baris ini.',
    },
  },
});

export const DEDUPE_AUDIT_STATE_SELECTION = [
  ['running', 'Berjalan'],
  ['done', 'Selesai'],
] as const;

export const DEDUPE_DECISION_SELECTION = [
  ['pending', 'Belum Ditinjau'],
  ['merge', 'Gabungkan'],
  ['not_duplicate', 'Bukan Duplikat'],
] as const;

/** The kinds of inaccurate data, in the rule's order and words. */
export const DEDUPE_FINDING_SELECTION = FINDING_KINDS.map((kind) => [kind, FINDING_LABELS[kind]] as const);

/** The audit's counts, kept twice: as found, and after the merges of the run. */
const auditCount = <N extends string>(field: N, label: string): Typed<N, 'integer'> => ({
  ...counter(field, label),
  readonly: true,
});

/**
 * One data-hygiene audit (SPEC LD-6, CRM-1; issue 17), written by the bridge every six months
 * and on demand (`h23-bridge audit duplicates`): the duplicate groups to review, the inaccurate
 * data to correct, and the counts before and after the merges. One per dealer date.
 */
export const DEDUPE_AUDIT = defineModel({
  model: 'x_h23_dedupe_audit',
  label: 'Audit Data Pelanggan',
  mail: false,
  order: 'x_date desc, id desc',
  fields: {
    name: name('Audit', {
      code: "for record in self:\n    record['x_name'] = 'Audit Data %s' % (record.x_date and record.x_date.strftime('%Y-%m-%d') or '')",
      depends: 'x_date',
    }),
    key: { name: 'x_key', label: 'Kunci', type: 'char', required: true, index: true, readonly: true },
    date: {
      name: 'x_date',
      label: 'Tanggal Audit',
      type: 'date',
      required: true,
      index: true,
      readonly: true,
    },
    state: {
      name: 'x_state',
      label: 'Status',
      type: 'selection',
      readonly: true,
      selection: DEDUPE_AUDIT_STATE_SELECTION,
      default: 'running',
    },
    customersBefore: auditCount('x_customers_before', 'Pelanggan (sebelum)'),
    groupsBefore: auditCount('x_groups_before', 'Grup Duplikat (sebelum)'),
    duplicatesBefore: auditCount('x_duplicates_before', 'Pelanggan Duplikat (sebelum)'),
    phoneInvalidBefore: auditCount('x_phone_invalid_before', 'Telepon Tidak Valid (sebelum)'),
    emailMissingBefore: auditCount('x_email_missing_before', 'E-mail Kosong (sebelum)'),
    emailMalformedBefore: auditCount('x_email_malformed_before', 'E-mail Salah (sebelum)'),
    addressIncompleteBefore: auditCount('x_address_incomplete_before', 'Alamat Tidak Lengkap (sebelum)'),
    customersAfter: auditCount('x_customers_after', 'Pelanggan (sesudah)'),
    groupsAfter: auditCount('x_groups_after', 'Grup Duplikat (sesudah)'),
    duplicatesAfter: auditCount('x_duplicates_after', 'Pelanggan Duplikat (sesudah)'),
    phoneInvalidAfter: auditCount('x_phone_invalid_after', 'Telepon Tidak Valid (sesudah)'),
    emailMissingAfter: auditCount('x_email_missing_after', 'E-mail Kosong (sesudah)'),
    emailMalformedAfter: auditCount('x_email_malformed_after', 'E-mail Salah (sesudah)'),
    addressIncompleteAfter: auditCount('x_address_incomplete_after', 'Alamat Tidak Lengkap (sesudah)'),
    mergedGroups: auditCount('x_merged_groups', 'Grup Digabung'),
    mergedCustomers: auditCount('x_merged_customers', 'Pelanggan Digabung'),
    groups: {
      name: 'x_group_ids',
      label: 'Grup Duplikat',
      type: 'one2many',
      relation: 'x_h23_dedupe_group',
      relationField: 'x_audit_id',
    },
    findings: {
      name: 'x_finding_ids',
      label: 'Data Tidak Akurat',
      type: 'one2many',
      relation: 'x_h23_dedupe_finding',
      relationField: 'x_audit_id',
    },
  },
});

/**
 * A group of likely-duplicate customers of one audit, with its evidence, for the admin to
 * decide: merge (the bridge merges it with Odoo's merge wizard on its next run) or not a
 * duplicate (never proposed again). Groups at or above `audit.autoMergeCertainty` the bridge
 * merges itself. Odoo's merge moves the merged customers' links to the survivor, this group's
 * list of customers too: the members as found stay in `x_member_ids` and the evidence.
 */
export const DEDUPE_GROUP = defineModel({
  model: 'x_h23_dedupe_group',
  label: 'Grup Duplikat Pelanggan',
  mail: false,
  order: 'x_audit_id desc, x_certainty desc, id',
  fields: {
    name: name('Grup', {
      code: "for record in self:\n    record['x_name'] = '%s (%s pelanggan)' % (record.x_survivor_id.name or '', len(record.x_partner_ids))",
      depends: 'x_survivor_id,x_partner_ids',
    }),
    key: { name: 'x_key', label: 'Kunci', type: 'char', required: true, index: true, readonly: true },
    auditId: {
      name: 'x_audit_id',
      label: 'Audit',
      type: 'many2one',
      relation: 'x_h23_dedupe_audit',
      required: true,
      index: true,
      readonly: true,
      onDelete: 'cascade',
    },
    partnerIds: {
      name: 'x_partner_ids',
      label: 'Pelanggan',
      type: 'many2many',
      relation: PARTNER.model,
      relationTable: 'x_h23_dedupe_group_partner_rel',
      readonly: true,
    },
    survivorId: {
      name: 'x_survivor_id',
      label: 'Usulan Pelanggan Utama',
      type: 'many2one',
      relation: PARTNER.model,
      help: 'Pelanggan yang dipertahankan; unit, follow up, aktivitas dan pesan pelanggan lain dipindahkan ke sini saat digabung.',
    },
    certainty: {
      ...counter('x_certainty', 'Skor Kepastian'),
      readonly: true,
      help: '0–100: pasangan terlemah yang menyatukan grup (nama mirip dikali bukti yang sama: telepon, e-mail, alamat, nomor mesin).',
    },
    evidence: { name: 'x_evidence', label: 'Bukti', type: 'text', readonly: true },
    memberIds: {
      name: 'x_member_ids',
      label: 'ID Pelanggan Saat Audit',
      type: 'char',
      readonly: true,
      help: 'ID semua anggota grup saat audit (setelah digabung hanya pelanggan utama yang tersisa).',
    },
    decision: {
      name: 'x_decision',
      label: 'Keputusan',
      type: 'selection',
      index: true,
      selection: DEDUPE_DECISION_SELECTION,
      default: 'pending',
      help: 'Gabungkan: h23-bridge menggabungkan pada proses berikutnya. Bukan Duplikat: pasangan ini tidak diusulkan lagi.',
    },
    merged: { name: 'x_merged', label: 'Sudah Digabung', type: 'boolean', index: true, readonly: true },
    mergedAt: { name: 'x_merged_at', label: 'Digabung pada', type: 'datetime', readonly: true },
    note: {
      name: 'x_note',
      label: 'Catatan Bridge',
      type: 'char',
      readonly: true,
      help: 'Mengapa h23-bridge tidak dapat menggabungkan (mis. e-mail berbeda: hanya administrator yang boleh).',
    },
  },
});

/** One customer's inaccurate datum found by an audit, to correct on the contact. */
export const DEDUPE_FINDING = defineModel({
  model: 'x_h23_dedupe_finding',
  label: 'Data Pelanggan Tidak Akurat',
  mail: false,
  order: 'x_audit_id desc, x_kind, id',
  fields: {
    name: name('Temuan', {
      code: "for record in self:\n    record['x_name'] = '%s: %s' % (record.x_partner_id.name or '', record.x_detail or '')",
      depends: 'x_partner_id,x_detail',
    }),
    key: { name: 'x_key', label: 'Kunci', type: 'char', required: true, index: true, readonly: true },
    auditId: {
      name: 'x_audit_id',
      label: 'Audit',
      type: 'many2one',
      relation: 'x_h23_dedupe_audit',
      required: true,
      index: true,
      readonly: true,
      onDelete: 'cascade',
    },
    partnerId: {
      name: 'x_partner_id',
      label: 'Pelanggan',
      type: 'many2one',
      relation: PARTNER.model,
      required: true,
      index: true,
      readonly: true,
      onDelete: 'cascade',
    },
    kind: {
      name: 'x_kind',
      label: 'Jenis',
      type: 'selection',
      required: true,
      index: true,
      readonly: true,
      selection: DEDUPE_FINDING_SELECTION,
    },
    detail: { name: 'x_detail', label: 'Keterangan', type: 'char', readonly: true },
  },
});

export const NPS_CLASS_SELECTION = [
  ['promoter', 'Promoter (9–10)'],
  ['passive', 'Pasif (7–8)'],
  ['detractor', 'Detraktor (0–6)'],
] as const;

/**
 * A satisfaction survey invitation (SOP CRM Tahap 5, issue 15): one per workshop visit, ever,
 * keyed by the visit (`wor:<id>`, or `fu:<id>` for a done follow-up without a WOR). It holds the
 * answer Odoo's Surveys app made for the customer (its token is the link) and the scores read back.
 */
export const SURVEY_INVITATION = defineModel({
  model: 'x_h23_survey_invitation',
  label: 'Undangan Survei Kepuasan',
  mail: true,
  order: 'x_visit_date desc, id desc',
  fields: {
    name: name('Undangan', {
      code: "for record in self:\n    record['x_name'] = '%s %s' % (record.x_visit_date and record.x_visit_date.strftime('%Y-%m-%d') or '', record.x_partner_id.name or '')",
      depends: 'x_visit_date,x_partner_id',
    }),
    key: { name: 'x_key', label: 'Kunci', type: 'char', required: true, index: true, readonly: true },
    worId: {
      name: 'x_wor_id',
      label: 'Kunjungan (WOR)',
      type: 'many2one',
      relation: 'x_h23_wor',
      index: true,
      readonly: true,
      onDelete: 'set null',
    },
    followUpId: {
      name: 'x_followup_id',
      label: 'Follow Up',
      type: 'many2one',
      relation: 'x_h23_followup',
      index: true,
      readonly: true,
      onDelete: 'set null',
    },
    partnerId: {
      name: 'x_partner_id',
      label: 'Pelanggan',
      type: 'many2one',
      relation: PARTNER.model,
      required: true,
      index: true,
      readonly: true,
      onDelete: 'cascade',
    },
    unitId: {
      name: 'x_unit_id',
      label: 'Unit',
      type: 'many2one',
      relation: 'x_h23_unit',
      readonly: true,
      onDelete: 'set null',
    },
    branch: { ...branch(false, 'set null'), readonly: true },
    adminId: {
      name: 'x_admin_id',
      label: 'Admin',
      type: 'many2one',
      relation: USERS.model,
      index: true,
      readonly: true,
    },
    advisor: {
      name: 'x_service_advisor',
      label: 'Nama SA',
      type: 'char',
      index: true,
      readonly: true,
    },
    visitDate: {
      name: 'x_visit_date',
      label: 'Tanggal Servis',
      type: 'date',
      required: true,
      index: true,
      readonly: true,
    },
    invitedOn: { name: 'x_invited_on', label: 'Diundang pada', type: 'date', readonly: true },
    state: {
      name: 'x_state',
      label: 'Status',
      type: 'selection',
      index: true,
      readonly: true,
      default: 'invited',
      selection: [
        ['invited', 'Diundang'],
        ['answered', 'Dijawab'],
      ],
    },
    answerId: {
      name: 'x_answer_id',
      label: 'ID Jawaban Survei',
      type: 'integer',
      readonly: true,
      help: 'Jawaban (survey.user_input) yang dibuat untuk pelanggan di aplikasi Survei Odoo.',
    },
    link: {
      name: 'x_link',
      label: 'Tautan Survei',
      type: 'char',
      readonly: true,
      help: 'Tautan pribadi pelanggan ke survei (dikirim lewat WhatsApp atau e-mail).',
    },
    noticeState: {
      name: 'x_notice_state',
      label: 'Pengiriman Undangan',
      type: 'selection',
      readonly: true,
      selection: [
        ['sent', 'Terkirim'],
        ['failed', 'Gagal terkirim'],
        ['skipped', 'Tidak dikirim (menolak dihubungi / tanpa kontak)'],
      ],
    },
    answeredAt: { name: 'x_answered_at', label: 'Dijawab pada', type: 'datetime', readonly: true },
    csat: { name: 'x_csat', label: 'Kepuasan (CSAT 1–5)', type: 'integer', readonly: true },
    nps: { name: 'x_nps', label: 'Rekomendasi (NPS 0–10)', type: 'integer', readonly: true },
    npsClass: {
      name: 'x_nps_class',
      label: 'Kelompok NPS',
      type: 'selection',
      selection: NPS_CLASS_SELECTION,
      index: true,
      readonly: true,
    },
    comment: { name: 'x_comment', label: 'Komentar', type: 'text', readonly: true },
    detractor: {
      name: 'x_detractor',
      label: 'Perlu Ditangani',
      type: 'boolean',
      index: true,
      readonly: true,
      help: 'NPS ≤ 6 atau CSAT ≤ 2: keluhan dibuka untuk Customer Service.',
    },
    complaintId: {
      name: 'x_complaint_id',
      label: 'Keluhan',
      type: 'many2one',
      relation: 'x_h23_complaint',
      readonly: true,
      onDelete: 'set null',
    },
    handled: {
      name: 'x_handled',
      label: 'Sudah Ditangani',
      type: 'boolean',
      readonly: true,
      compute:
        "for record in self:\n    record['x_handled'] = bool(record.x_complaint_id) and record.x_complaint_id.x_stage == 'done'",
      depends: 'x_complaint_id,x_complaint_id.x_stage',
      help: 'Keluhan dari jawaban ini sudah selesai.',
    },
  },
});

const rate = <N extends string>(field: N, label: string, help: string): Typed<N, 'float'> => ({
  name: field,
  label,
  type: 'float',
  readonly: true,
  help,
});

/**
 * The monthly satisfaction evaluation (SOP CRM Tahap 5), one line per branch, admin, service
 * advisor and month of the visit, written by the bridge. The counts add up in the pivot; the
 * rates are the line's own (a branch's are in its head's e-mail).
 */
export const SURVEY_MONTH = defineModel({
  model: 'x_h23_survey_month',
  label: 'Evaluasi Kepuasan Pelanggan',
  mail: false,
  order: 'x_month desc, x_branch_id, x_admin_id, x_service_advisor',
  fields: {
    name: name('Periode', {
      code: "for record in self:\n    record['x_name'] = ' '.join(filter(None, [record.x_month and record.x_month.strftime('%Y-%m') or '', record.x_branch_id.x_name or 'Tanpa Cabang', record.x_admin_id.name or '', record.x_service_advisor or '']))",
      depends: 'x_month,x_branch_id,x_admin_id,x_service_advisor',
    }),
    key: { name: 'x_key', label: 'Kunci', type: 'char', required: true, index: true, readonly: true },
    month: { name: 'x_month', label: 'Bulan', type: 'date', required: true, index: true, readonly: true },
    branch: { ...branch(false, 'cascade'), readonly: true },
    adminId: {
      name: 'x_admin_id',
      label: 'Admin',
      type: 'many2one',
      relation: USERS.model,
      index: true,
      readonly: true,
    },
    advisor: {
      name: 'x_service_advisor',
      label: 'Nama SA',
      type: 'char',
      index: true,
      readonly: true,
    },
    invitations: { ...counter('x_invitations', 'Undangan'), readonly: true },
    responses: { ...counter('x_responses', 'Jawaban'), readonly: true },
    csatResponses: { ...counter('x_csat_responses', 'Jawaban CSAT'), readonly: true },
    csatTotal: { ...counter('x_csat_total', 'Jumlah Nilai CSAT'), readonly: true },
    npsResponses: { ...counter('x_nps_responses', 'Jawaban NPS'), readonly: true },
    promoters: { ...counter('x_promoters', 'Promoter (9–10)'), readonly: true },
    passives: { ...counter('x_passives', 'Pasif (7–8)'), readonly: true },
    npsDetractors: { ...counter('x_nps_detractors', 'Detraktor NPS (0–6)'), readonly: true },
    detractors: { ...counter('x_detractors', 'Perlu Ditangani'), readonly: true },
    detractorsHandled: { ...counter('x_detractors_handled', 'Sudah Ditangani'), readonly: true },
    responseRate: rate('x_response_rate', 'Tingkat Respons (%)', 'Jawaban dibagi undangan.'),
    csatMean: rate('x_csat_mean', 'CSAT Rata-rata', 'Rata-rata nilai kepuasan 1–5.'),
    nps: rate('x_nps', 'NPS', '% promoter − % detraktor, dari −100 sampai 100.'),
    countedOn: { name: 'x_counted_on', label: 'Dihitung pada', type: 'date', readonly: true },
  },
});

/**
 * Fields the module adds to Odoo's own models, with the external ID of that model; those on the
 * model of an optional addon (`addon`) only where that addon is installed.
 */
export const EXTENDED_FIELDS: ReadonlyArray<{
  model: string;
  modelRef: string;
  field: FieldSpec;
  addon?: string;
}> = [
  { model: PARTNER.model, modelRef: ODOO_XMLIDS.partnerModel, field: PARTNER.fields.key },
  { model: PARTNER.model, modelRef: ODOO_XMLIDS.partnerModel, field: PARTNER.fields.optOut },
  { model: PARTNER.model, modelRef: ODOO_XMLIDS.partnerModel, field: PARTNER.fields.optOutAt },
  { model: PARTNER.model, modelRef: ODOO_XMLIDS.partnerModel, field: PARTNER.fields.segment },
  { model: PARTNER.model, modelRef: ODOO_XMLIDS.partnerModel, field: PARTNER.fields.recency },
  { model: PARTNER.model, modelRef: ODOO_XMLIDS.partnerModel, field: PARTNER.fields.frequency },
  { model: PARTNER.model, modelRef: ODOO_XMLIDS.partnerModel, field: PARTNER.fields.monetary },
  { model: PARTNER.model, modelRef: ODOO_XMLIDS.partnerModel, field: PARTNER.fields.lastService },
  ...[
    LEAD.fields.quotationDate,
    LEAD.fields.missing,
    LEAD.fields.duplicates,
    LEAD.fields.bastDate,
    LEAD.fields.completionDate,
    LEAD.fields.contractValue,
    LEAD.fields.products,
    LEAD.fields.projectMissing,
    LEAD.fields.projectRecorded,
    LEAD.fields.recontacts,
  ].map((field) => ({
    model: LEAD.model,
    modelRef: ODOO_XMLIDS.leadModel,
    field,
    addon: CRM_ADDON,
  })),
  { model: PARTNER.model, modelRef: ODOO_XMLIDS.partnerModel, field: PARTNER.fields.loyaltyTier },
  {
    model: PARTNER.model,
    modelRef: ODOO_XMLIDS.partnerModel,
    field: PARTNER.fields.clientStatus,
    addon: CRM_ADDON,
  },
];

/** In load order: a model comes after the models its fields point to. */
export const MODELS: readonly ModelSpec[] = [
  BRANCH,
  UNIT,
  WOR,
  FOLLOWUP,
  IMPORT_BATCH,
  DAILY_SUMMARY,
  DATA_QUALITY,
  BRIDGE_STATE,
  WA_TEMPLATE,
  NOTICE,
  WA_MESSAGE,
  COMPLAINT,
  COMPLAINT_MONTH,
  KPI_SCORE,
  KPI_SAMPLE,
  SEGMENT_CHANGE,
  SEGMENT_MONTH,
  LOYALTY_MEMBER,
  LOYALTY_MONTH,
  DEDUPE_AUDIT,
  DEDUPE_GROUP,
  DEDUPE_FINDING,
  SURVEY_INVITATION,
  SURVEY_MONTH,
];
