import { SEGMENT_LABELS, type Segment } from '../rules/loyalty/segments.js';
import { TIER_LABELS, type Tier } from '../rules/loyalty/tiers.js';
import { type FieldSpec, type OdooFieldSpec, odooModel } from './model-spec.js';

/**
 * Odoo's own models, as far as the bridge reads or writes them: the one place
 * their technical names are written (the module's models are in models.ts).
 * Add a field here before a store reads it. Version differences (`mobile`
 * exists up to 18, `group_ids` from 19) are chosen by the dialect among the
 * fields declared here.
 */

/** The bridge's key on a partner: a field the module adds to `res.partner`. */
const partnerKey: FieldSpec & { name: 'x_h23_key'; type: 'char' } = {
  name: 'x_h23_key',
  label: 'Kunci Pelanggan H23',
  type: 'char',
  index: true,
  help: 'Nomor HP (format +62) dan nama tanpa gelar. h23-bridge memakainya untuk mengenali pemilik yang sama di setiap impor; jangan diubah manual.',
};

/**
 * Consent: a customer who asked not to be contacted (a "Berhenti" reply, or the admin) gets no
 * message and no call from the bridge's flows, on any channel (UU PDP).
 */
const partnerOptOut: FieldSpec & { name: 'x_h23_opt_out'; type: 'boolean' } = {
  name: 'x_h23_opt_out',
  label: 'Menolak Dihubungi (CRM H23)',
  type: 'boolean',
  tracking: 20,
  help: 'Pelanggan meminta tidak dihubungi lagi (mis. membalas "Berhenti" di WhatsApp): tidak ada WA blast maupun telepon follow up.',
};

const partnerOptOutAt: FieldSpec & { name: 'x_h23_opt_out_at'; type: 'datetime' } = {
  name: 'x_h23_opt_out_at',
  label: 'Tanggal Menolak Dihubungi',
  type: 'datetime',
};

/** The customer segments (issue 15), in the rule's order, labelled as the dealer reads them. */
export const SEGMENT_SELECTION = (Object.entries(SEGMENT_LABELS) as Array<[Segment, string]>).map(
  ([value, label]) => [value, label] as const,
);

/**
 * The customer's segment and scores from their service history, written nightly by the bridge
 * (`h23-bridge segments`), for marketing's filters and lists. Read-only in the views, not in the
 * field: the bridge writes them with `load`.
 */
const partnerSegment: FieldSpec & { name: 'x_h23_segment'; type: 'selection' } = {
  name: 'x_h23_segment',
  label: 'Segmen Pelanggan',
  type: 'selection',
  selection: SEGMENT_SELECTION,
  index: true,
  help: 'Dari riwayat servis (diisi h23-bridge setiap malam). Aktif: servis dalam 12 bulan terakhir; Loyal: Aktif dan sering servis dalam 24 bulan; Berisiko: servis terakhir 12–24 bulan lalu; Hilang: lebih dari 24 bulan; Belum Pernah Servis: membeli di sini, belum pernah servis.',
};

/** The loyalty tiers (issue 15), lowest first, labelled as the dealer's programme names them. */
export const TIER_SELECTION = (Object.entries(TIER_LABELS) as Array<[Tier, string]>).map(
  ([value, label]) => [value, label] as const,
);

/** The customer's tier while an active member of the loyalty programme (written nightly by the bridge). */
const partnerLoyaltyTier: FieldSpec & { name: 'x_h23_loyalty_tier'; type: 'selection' } = {
  name: 'x_h23_loyalty_tier',
  label: 'Tier Member Loyalitas',
  type: 'selection',
  selection: TIER_SELECTION,
  index: true,
  help: 'Tier program loyalitas selama pelanggan menjadi member aktif (diisi h23-bridge setiap malam dari segmen dan kunjungan servis); kosong bila bukan member atau keanggotaan tidak aktif.',
};

const partnerScore = <N extends string>(
  field: N,
  label: string,
  help: string,
): FieldSpec & { name: N; type: 'integer' } => ({ name: field, label, type: 'integer', help });

const partnerRecency = partnerScore(
  'x_h23_recency',
  'Skor Kebaruan Servis (R)',
  '1–5: 5 bila servis terakhir paling baru (diisi h23-bridge).',
);
const partnerFrequency = partnerScore(
  'x_h23_frequency',
  'Skor Frekuensi Servis (F)',
  '1–5: 5 bila paling sering servis dalam 24 bulan (diisi h23-bridge).',
);
const partnerMonetary = partnerScore(
  'x_h23_monetary',
  'Skor Nilai Belanja (M)',
  '1–5 menurut belanja pada faktur pelanggan; 0 bila belanja tidak diketahui (tanpa modul Faktur).',
);

const partnerLastService: FieldSpec & { name: 'x_h23_last_service'; type: 'date' } = {
  name: 'x_h23_last_service',
  label: 'Servis Terakhir',
  type: 'date',
  help: 'Tanggal kunjungan servis terakhir (WOR atau KPB), diisi h23-bridge.',
};

/** The customer's standing in the leads pipeline (SOP Manajemen Hubungan Pelanggan, LD-4). */
export const CLIENT_STATUS_SELECTION = [
  ['client', 'Klien'],
  ['past_client', 'Mantan Klien'],
] as const;

const partnerClientStatus: FieldSpec & { name: 'x_h23_client_status'; type: 'selection' } = {
  name: 'x_h23_client_status',
  label: 'Status Klien B2B',
  type: 'selection',
  selection: CLIENT_STATUS_SELECTION,
  index: true,
  help: 'Klien: ada kesepakatan Menang di tim Prospek B2B (H23) yang belum serah terima; Mantan Klien: proyeknya sudah serah terima (BAST ditandatangani) dan data proyek lengkap (diisi h23-bridge).',
};

export const PARTNER = odooModel('res.partner', {
  name: { name: 'name', type: 'char' },
  phone: { name: 'phone', type: 'char' },
  /** Up to Odoo 18 only (19 removed it). */
  mobile: { name: 'mobile', type: 'char' },
  email: { name: 'email', type: 'char' },
  street: { name: 'street', type: 'char' },
  city: { name: 'city', type: 'char' },
  active: { name: 'active', type: 'boolean' },
  key: partnerKey,
  /**
   * Odoo's phone blacklist (phone_validation, which crm installs): readable by internal users
   * whatever their rights on the blacklist; absent without that addon.
   */
  blacklisted: { name: 'phone_sanitized_blacklisted', type: 'boolean' },
  /** Odoo's e-mail blacklist (mail.thread.blacklist, computed as superuser): an unsubscribed address. */
  emailBlacklisted: { name: 'is_blacklisted', type: 'boolean' },
  optOut: partnerOptOut,
  optOutAt: partnerOptOutAt,
  segment: partnerSegment,
  recency: partnerRecency,
  frequency: partnerFrequency,
  monetary: partnerMonetary,
  lastService: partnerLastService,
  loyaltyTier: partnerLoyaltyTier,
  clientStatus: partnerClientStatus,
  parent: { name: 'parent_id', type: 'many2one', relation: 'res.partner' },
  /** `contact` takes the parent's address; `other` keeps its own. */
  type: { name: 'type', type: 'selection' },
  /** The salesperson responsible for the customer. */
  salesperson: { name: 'user_id', type: 'many2one', relation: 'res.users' },
  country: { name: 'country_id', type: 'many2one', relation: 'res.country' },
  /** The company a contact belongs to, or itself. */
  commercial: { name: 'commercial_partner_id', type: 'many2one', relation: 'res.partner' },
  /** False for the contacts of internal users and of the companies: the customers are the others. */
  partnerShare: { name: 'partner_share', type: 'boolean' },
});

/**
 * Odoo's own merge of contacts (base: wizard/base_partner_merge.py, 17–19): moves every link to
 * the merged contacts (many2one columns, activities, messages, attachments, followers) to the
 * destination and deletes them. At most 3 contacts a call; different e-mails only for an
 * administrator (`env.is_admin()`); not a parent with its child, nor two users' contacts.
 */
export const PARTNER_MERGE_WIZARD = odooModel('base.partner.merge.automatic.wizard', {
  partners: { name: 'partner_ids', type: 'many2many', relation: 'res.partner' },
  destination: { name: 'dst_partner_id', type: 'many2one', relation: 'res.partner' },
});

export const COMPANY = odooModel('res.company', {
  name: { name: 'name', type: 'char' },
  /** The company's own contact. */
  partner: { name: 'partner_id', type: 'many2one', relation: 'res.partner' },
  email: { name: 'email', type: 'char' },
  /** The company's working hours: the office of the Customer Relations Officers. */
  calendar: { name: 'resource_calendar_id', type: 'many2one', relation: 'resource.calendar' },
  country: { name: 'country_id', type: 'many2one', relation: 'res.country' },
});

/** A customer invoice or credit note (the `account` addon, Invoicing). */
export const ACCOUNT_MOVE = odooModel('account.move', {
  moveType: { name: 'move_type', type: 'selection' },
  state: { name: 'state', type: 'selection' },
  invoiceDate: { name: 'invoice_date', type: 'date' },
  partner: { name: 'commercial_partner_id', type: 'many2one', relation: 'res.partner' },
  salesperson: { name: 'invoice_user_id', type: 'many2one', relation: 'res.users' },
  /** Untaxed, in the company currency, negative on credit notes. */
  amount: { name: 'amount_untaxed_signed', type: 'monetary' },
});

/** A quotation or sales order (the `sale` addon). */
export const SALE_ORDER = odooModel('sale.order', {
  state: { name: 'state', type: 'selection' },
  dateOrder: { name: 'date_order', type: 'datetime' },
  partner: { name: 'partner_id', type: 'many2one', relation: 'res.partner' },
  salesperson: { name: 'user_id', type: 'many2one', relation: 'res.users' },
  /** Untaxed, in the order's currency. */
  amount: { name: 'amount_untaxed', type: 'monetary' },
  /** Units of the order's currency per unit of the company's, at the order date. */
  currencyRate: { name: 'currency_rate', type: 'float' },
});

/** A lead or opportunity (the `crm` addon). */
const leadQuotationDate: FieldSpec & { name: 'x_h23_quotation_date'; type: 'date' } = {
  name: 'x_h23_quotation_date',
  label: 'Tanggal Penawaran Terkirim',
  type: 'date',
  index: true,
  help: 'Hari prospek pertama kali masuk tahap Penawaran Terkirim (diisi h23-bridge).',
};
const leadMissing: FieldSpec & { name: 'x_h23_missing'; type: 'char' } = {
  name: 'x_h23_missing',
  label: 'Data Prospek Belum Lengkap',
  type: 'char',
  help: 'Data minimum SOP (LD-1) yang belum diisi; kosong bila lengkap (diisi h23-bridge).',
};
const leadDuplicates: FieldSpec & { name: 'x_h23_duplicates'; type: 'html' } = {
  name: 'x_h23_duplicates',
  label: 'Kemungkinan Duplikat',
  type: 'html',
  help: 'Pelanggan atau prospek terbuka dengan nomor HP atau e-mail yang sama (diisi h23-bridge).',
};

/** The handover of a won deal (LD-4): entered by the salesperson on the lead's BAST page. */
const leadBastDate: FieldSpec & { name: 'x_h23_bast_date'; type: 'date' } = {
  name: 'x_h23_bast_date',
  label: 'Tanggal BAST Ditandatangani',
  type: 'date',
  index: true,
  help: 'Hari berita acara serah terima (BAST) ditandatangani klien. Lampirkan pindaian BAST di chatter.',
};
const leadCompletionDate: FieldSpec & { name: 'x_h23_completion_date'; type: 'date' } = {
  name: 'x_h23_completion_date',
  label: 'Tanggal Proyek Selesai',
  type: 'date',
  index: true,
  help: 'Hari proyek selesai; klien dihubungi kembali 12 dan 24 bulan sesudahnya.',
};
const leadContractValue: FieldSpec & { name: 'x_h23_contract_value'; type: 'float' } = {
  name: 'x_h23_contract_value',
  label: 'Nilai Kontrak Akhir (Rp)',
  type: 'float',
  help: 'Nilai kontrak final sesuai BAST, dalam rupiah.',
};
const leadProducts: FieldSpec & { name: 'x_h23_products'; type: 'text' } = {
  name: 'x_h23_products',
  label: 'Produk Terpasang / Diserahkan',
  type: 'text',
  help: 'Unit, tipe dan jumlah yang diserahkan (misalnya nomor mesin), sesuai BAST.',
};
const leadProjectMissing: FieldSpec & { name: 'x_h23_project_missing'; type: 'char' } = {
  name: 'x_h23_project_missing',
  label: 'Data Proyek Belum Lengkap',
  type: 'char',
  help: 'Data proyek (LD-4) yang belum diisi setelah BAST ditandatangani; kosong bila lengkap (diisi h23-bridge).',
};
const leadProjectRecorded: FieldSpec & { name: 'x_h23_project_recorded'; type: 'date' } = {
  name: 'x_h23_project_recorded',
  label: 'Tercatat sebagai Mantan Klien',
  type: 'date',
  help: 'Hari data proyek lengkap tercatat dan klien menjadi Mantan Klien (diisi h23-bridge).',
};
const leadRecontacts: FieldSpec & { name: 'x_h23_recontacts'; type: 'char' } = {
  name: 'x_h23_recontacts',
  label: 'Jadwal Hubungi Kembali Dibuat',
  type: 'char',
  help: 'Bulan setelah proyek selesai yang aktivitas hubungi kembalinya sudah dibuat, misalnya "12, 24" (diisi h23-bridge).',
};

/** A lead or opportunity (the `crm` addon). */
export const LEAD = odooModel('crm.lead', {
  name: { name: 'name', type: 'char' },
  partner: { name: 'partner_id', type: 'many2one', relation: 'res.partner' },
  salesperson: { name: 'user_id', type: 'many2one', relation: 'res.users' },
  team: { name: 'team_id', type: 'many2one', relation: 'crm.team' },
  stage: { name: 'stage_id', type: 'many2one', relation: 'crm.stage' },
  lostReason: { name: 'lost_reason_id', type: 'many2one', relation: 'crm.lost.reason' },
  contactName: { name: 'contact_name', type: 'char' },
  phone: { name: 'phone', type: 'char' },
  email: { name: 'email_from', type: 'char' },
  source: { name: 'source_id', type: 'many2one', relation: 'utm.source' },
  description: { name: 'description', type: 'html' },
  active: { name: 'active', type: 'boolean' },
  /** The last change of anything on the lead, Odoo's own stamp (UTC). */
  writeDate: { name: 'write_date', type: 'datetime' },
  quotationDate: leadQuotationDate,
  missing: leadMissing,
  duplicates: leadDuplicates,
  /** Odoo's won/lost semantics: a won stage, or lost (archived with probability 0). */
  probability: { name: 'probability', type: 'float' },
  expectedRevenue: { name: 'expected_revenue', type: 'monetary' },
  /** When it was won or lost (UTC), Odoo's own stamp. */
  closedAt: { name: 'date_closed', type: 'datetime' },
  bastDate: leadBastDate,
  completionDate: leadCompletionDate,
  contractValue: leadContractValue,
  products: leadProducts,
  projectMissing: leadProjectMissing,
  projectRecorded: leadProjectRecorded,
  recontacts: leadRecontacts,
});

export const CRM_TEAM = odooModel('crm.team', {
  name: { name: 'name', type: 'char' },
});

export const LOST_REASON = odooModel('crm.lost.reason', {
  name: { name: 'name', type: 'char' },
});

export const CRM_STAGE = odooModel('crm.stage', {
  name: { name: 'name', type: 'char' },
  /** A won stage: Odoo's own (shared by every team) as well as the module's Menang. */
  won: { name: 'is_won', type: 'boolean' },
  /** Up to 18: one sales team. */
  team: { name: 'team_id', type: 'many2one', relation: 'crm.team' },
  /** 19: many. */
  teams: { name: 'team_ids', type: 'many2many', relation: 'crm.team' },
});

export const USERS = odooModel('res.users', {
  name: { name: 'name', type: 'char' },
  login: { name: 'login', type: 'char' },
  active: { name: 'active', type: 'boolean' },
  partner: { name: 'partner_id', type: 'many2one', relation: 'res.partner' },
  tz: { name: 'tz', type: 'char' },
  lang: { name: 'lang', type: 'char' },
  email: { name: 'email', type: 'char' },
  share: { name: 'share', type: 'boolean' },
  company: { name: 'company_id', type: 'many2one', relation: 'res.company' },
  /** Up to Odoo 18; 19 names it `group_ids` (see the dialect). */
  groupsUpTo18: { name: 'groups_id', type: 'many2many', relation: 'res.groups' },
  groupsFrom19: { name: 'group_ids', type: 'many2many', relation: 'res.groups' },
  /** Odoo 19: the groups a user has, implied ones included. */
  allGroups: { name: 'all_group_ids', type: 'many2many', relation: 'res.groups' },
  password: { name: 'password', type: 'char' },
});

export const GROUPS = odooModel('res.groups', {
  name: { name: 'name', type: 'char' },
  /** The group's name after its category or privilege (`CRM H23 / Admin CRM`). */
  fullName: { name: 'full_name', type: 'char' },
});

/** Odoo 19's grouping of groups (17/18: `ir.module.category`). */
export const GROUP_PRIVILEGE = odooModel('res.groups.privilege', {});

export const MODULE_CATEGORY = odooModel('ir.module.category', {});

export const API_KEYS = odooModel('res.users.apikeys', {
  name: { name: 'name', type: 'char' },
  user: { name: 'user_id', type: 'many2one', relation: 'res.users' },
  /** From Odoo 18. */
  expirationDate: { name: 'expiration_date', type: 'datetime' },
});

export const API_KEY_DESCRIPTION = odooModel('res.users.apikeys.description', {
  name: { name: 'name', type: 'char' },
  /** From Odoo 18: the key's life in days. */
  duration: { name: 'duration', type: 'char' },
});

export const IDENTITY_CHECK = odooModel('res.users.identitycheck', {
  password: { name: 'password', type: 'char' },
});

export const ACTIVITY = odooModel('mail.activity', {
  resModel: { name: 'res_model', type: 'char' },
  resModelId: { name: 'res_model_id', type: 'many2one', relation: 'ir.model' },
  resId: { name: 'res_id', type: 'integer' },
  type: { name: 'activity_type_id', type: 'many2one', relation: 'mail.activity.type' },
  summary: { name: 'summary', type: 'char' },
  note: { name: 'note', type: 'html' },
  deadline: { name: 'date_deadline', type: 'date' },
  user: { name: 'user_id', type: 'many2one', relation: 'res.users' },
});

export const ACTIVITY_TYPE = odooModel('mail.activity.type', {
  name: { name: 'name', type: 'char' },
});

export const MAIL = odooModel('mail.mail', {
  subject: { name: 'subject', type: 'char' },
  body: { name: 'body_html', type: 'html' },
  to: { name: 'email_to', type: 'text' },
  cc: { name: 'email_cc', type: 'char' },
  resModel: { name: 'model', type: 'char' },
  resId: { name: 'res_id', type: 'integer' },
  autoDelete: { name: 'auto_delete', type: 'boolean' },
});

export const MESSAGE = odooModel('mail.message', {
  model: { name: 'model', type: 'char' },
  resId: { name: 'res_id', type: 'integer' },
  body: { name: 'body', type: 'html' },
  messageType: { name: 'message_type', type: 'selection' },
  subtype: { name: 'subtype_id', type: 'many2one', relation: 'mail.message.subtype' },
  /** The Message-Id header; the bridge keys its own chatter lines with it. */
  messageId: { name: 'message_id', type: 'char' },
  author: { name: 'author_id', type: 'many2one', relation: 'res.partner' },
  date: { name: 'date', type: 'datetime' },
  /** The type of the activity whose completion posted the message. */
  activityType: { name: 'mail_activity_type_id', type: 'many2one', relation: 'mail.activity.type' },
});

export const CALENDAR_EVENT = odooModel('calendar.event', {
  name: { name: 'name', type: 'char' },
  start: { name: 'start', type: 'datetime' },
  stop: { name: 'stop', type: 'datetime' },
  user: { name: 'user_id', type: 'many2one', relation: 'res.users' },
  partners: { name: 'partner_ids', type: 'many2many', relation: 'res.partner' },
  description: { name: 'description', type: 'html' },
  resModel: { name: 'res_model', type: 'char' },
  resModelId: { name: 'res_model_id', type: 'many2one', relation: 'ir.model' },
  resId: { name: 'res_id', type: 'integer' },
});

export const RESOURCE_CALENDAR = odooModel('resource.calendar', {
  name: { name: 'name', type: 'char' },
  tz: { name: 'tz', type: 'char' },
  attendances: { name: 'attendance_ids', type: 'one2many', relation: 'resource.calendar.attendance' },
});

export const CALENDAR_ATTENDANCE = odooModel('resource.calendar.attendance', {
  calendar: { name: 'calendar_id', type: 'many2one', relation: 'resource.calendar' },
  dayOfWeek: { name: 'dayofweek', type: 'selection' },
  hourFrom: { name: 'hour_from', type: 'float' },
  hourTo: { name: 'hour_to', type: 'float' },
  /** `lunch` lines (17–19) are breaks, not working time. */
  dayPeriod: { name: 'day_period', type: 'selection' },
  /** Section lines of two-week calendars carry no hours. */
  displayType: { name: 'display_type', type: 'selection' },
  resource: { name: 'resource_id', type: 'many2one', relation: 'resource.resource' },
});

export const CALENDAR_LEAVES = odooModel('resource.calendar.leaves', {
  name: { name: 'name', type: 'char' },
  calendar: { name: 'calendar_id', type: 'many2one', relation: 'resource.calendar' },
  dateFrom: { name: 'date_from', type: 'datetime' },
  dateTo: { name: 'date_to', type: 'datetime' },
  resource: { name: 'resource_id', type: 'many2one', relation: 'resource.resource' },
});

export const LANG = odooModel('res.lang', {
  code: { name: 'code', type: 'char' },
  active: { name: 'active', type: 'boolean' },
});

/** Settings → Languages → Add, the same wizard on 17–19. */
export const LANGUAGE_INSTALL = odooModel('base.language.install', {
  langs: { name: 'lang_ids', type: 'many2many', relation: 'res.lang' },
  overwrite: { name: 'overwrite', type: 'boolean' },
});

export const MODULE = odooModel('ir.module.module', {
  name: { name: 'name', type: 'char' },
  state: { name: 'state', type: 'selection' },
});

export const MODEL_DATA = odooModel('ir.model.data', {
  module: { name: 'module', type: 'char' },
  name: { name: 'name', type: 'char' },
  model: { name: 'model', type: 'char' },
  resId: { name: 'res_id', type: 'integer' },
  noupdate: { name: 'noupdate', type: 'boolean' },
});

export const IR_MODEL = odooModel('ir.model', {
  model: { name: 'model', type: 'char' },
  name: { name: 'name', type: 'char' },
});

export const IR_MODEL_FIELDS = odooModel('ir.model.fields', {
  model: { name: 'model', type: 'char' },
  modelId: { name: 'model_id', type: 'many2one', relation: 'ir.model' },
  name: { name: 'name', type: 'char' },
  relation: { name: 'relation', type: 'char' },
  /** A selection's pairs as a Python literal; Odoo re-quotes it (see stored-text.ts). */
  selection: { name: 'selection', type: 'char' },
});

export const MODEL_ACCESS = odooModel('ir.model.access', {
  active: { name: 'active', type: 'boolean' },
});
export const RECORD_RULE = odooModel('ir.rule', {});
export const IR_DEFAULT = odooModel('ir.default', {});
export const VIEW = odooModel('ir.ui.view', {
  model: { name: 'model', type: 'char' },
  /** Re-serialised by Odoo on save (see stored-text.ts). */
  arch: { name: 'arch', type: 'text' },
});
export const MENU = odooModel('ir.ui.menu', {});
export const WINDOW_ACTION = odooModel('ir.actions.act_window', {
  resModel: { name: 'res_model', type: 'char' },
  resId: { name: 'res_id', type: 'integer' },
  context: { name: 'context', type: 'char' },
});

/** A server action; `webhook` ones (Send Webhook Notification) from Odoo 17. */
export const SERVER_ACTION = odooModel('ir.actions.server', {
  name: { name: 'name', type: 'char' },
  model: { name: 'model_id', type: 'many2one', relation: 'ir.model' },
  modelName: { name: 'model_name', type: 'char' },
  usage: { name: 'usage', type: 'selection' },
  automation: { name: 'base_automation_id', type: 'many2one', relation: 'base.automation' },
  state: { name: 'state', type: 'selection' },
  webhookUrl: { name: 'webhook_url', type: 'char' },
  webhookFields: { name: 'webhook_field_ids', type: 'many2many', relation: 'ir.model.fields' },
});

/** An automation rule (the `base_automation` addon). */
export const AUTOMATION = odooModel('base.automation', {
  name: { name: 'name', type: 'char' },
  description: { name: 'description', type: 'html' },
  model: { name: 'model_id', type: 'many2one', relation: 'ir.model' },
  modelName: { name: 'model_name', type: 'char' },
  trigger: { name: 'trigger', type: 'selection' },
  triggerFields: { name: 'trigger_field_ids', type: 'many2many', relation: 'ir.model.fields' },
  actions: { name: 'action_server_ids', type: 'one2many', relation: 'ir.actions.server' },
  active: { name: 'active', type: 'boolean' },
});
export const ATTACHMENT = odooModel('ir.attachment', {});

/** Odoo's Surveys app (the `survey` addon, 17–19): the satisfaction survey after a service (issue 15). */
export const SURVEY = odooModel('survey.survey', {
  title: { name: 'title', type: 'char' },
  /** The survey's part of the link (`/survey/start/<access_token>`), made by Odoo. */
  accessToken: { name: 'access_token', type: 'char' },
  active: { name: 'active', type: 'boolean' },
});

export const SURVEY_QUESTION = odooModel('survey.question', {
  survey: { name: 'survey_id', type: 'many2one', relation: 'survey.survey' },
  title: { name: 'title', type: 'char' },
});

export const SURVEY_QUESTION_ANSWER = odooModel('survey.question.answer', {
  question: { name: 'question_id', type: 'many2one', relation: 'survey.question' },
  value: { name: 'value', type: 'char' },
});

/**
 * One participant's answer to a survey: the invitation. Odoo's `_create_answer` is private (no
 * RPC); creating the record gives the same as it does for a partner with no user: a uuid token.
 */
export const SURVEY_USER_INPUT = odooModel('survey.user_input', {
  survey: { name: 'survey_id', type: 'many2one', relation: 'survey.survey' },
  partner: { name: 'partner_id', type: 'many2one', relation: 'res.partner' },
  email: { name: 'email', type: 'char' },
  nickname: { name: 'nickname', type: 'char' },
  /** The participant's part of the link (`?answer_token=`), made by Odoo on create. */
  accessToken: { name: 'access_token', type: 'char' },
  /**
   * Groups a participant's attempts when attempts are limited (the bridge's survey does not
   * limit them): the bridge's key of the invitation, so that a run killed after creating the
   * answer finds it again.
   */
  inviteToken: { name: 'invite_token', type: 'char' },
  /** `new`, `in_progress`, `done`. */
  state: { name: 'state', type: 'selection' },
  deadline: { name: 'deadline', type: 'datetime' },
  endDatetime: { name: 'end_datetime', type: 'datetime' },
  testEntry: { name: 'test_entry', type: 'boolean' },
});

export const SURVEY_USER_INPUT_LINE = odooModel('survey.user_input.line', {
  userInput: { name: 'user_input_id', type: 'many2one', relation: 'survey.user_input' },
  question: { name: 'question_id', type: 'many2one', relation: 'survey.question' },
  suggestedAnswer: { name: 'suggested_answer_id', type: 'many2one', relation: 'survey.question.answer' },
  textBox: { name: 'value_text_box', type: 'text' },
  skipped: { name: 'skipped', type: 'boolean' },
});

/**
 * Fields every Odoo model has (its log access columns), for a schema that reads
 * them: `withFields(WOR, LOG_ACCESS)` in the codec.
 */
export const LOG_ACCESS = {
  createDate: { name: 'create_date', type: 'datetime' },
  writeDate: { name: 'write_date', type: 'datetime' },
  writeUid: { name: 'write_uid', type: 'many2one', relation: 'res.users' },
  createUid: { name: 'create_uid', type: 'many2one', relation: 'res.users' },
} as const satisfies Readonly<Record<string, OdooFieldSpec>>;

/**
 * The names of what every Odoo model has (`id`, its write date) and `name`,
 * which each record the module declares on Odoo's models carries.
 */
export const RECORD_FIELDS = {
  id: 'id',
  writeDate: LOG_ACCESS.writeDate.name,
  name: 'name',
} as const;

/** The addon that brings automation rules (`base.automation`). */
export const AUTOMATION_ADDON = 'base_automation';
/** Addons whose models the KPI scorecard reads when they are installed: invoices, orders, leads. */
export const INVOICING_ADDON = 'account';
export const SALES_ADDON = 'sale';
export const CRM_ADDON = 'crm';
/** Odoo's Surveys app: the satisfaction survey (issue 15) is declared where it is installed. */
export const SURVEY_ADDON = 'survey';
/** Every optional addon the module declares records for (its access, its automation rules, the survey). */
export const OPTIONAL_ADDONS: readonly string[] = [
  AUTOMATION_ADDON,
  INVOICING_ADDON,
  SALES_ADDON,
  CRM_ADDON,
  SURVEY_ADDON,
];

/** Records of Odoo's that the bridge names by external ID. */
export const ODOO_XMLIDS = {
  internalUser: 'base.group_user',
  settings: 'base.group_system',
  partnerModel: 'base.model_res_partner',
  noteSubtype: 'mail.mt_note',
  /** A message sent to the followers (a reply), as opposed to a note. */
  commentSubtype: 'mail.mt_comment',
  accountMoveModel: 'account.model_account_move',
  saleOrderModel: 'sale.model_sale_order',
  leadModel: 'crm.model_crm_lead',
  surveyModel: 'survey.model_survey_survey',
  surveyQuestionModel: 'survey.model_survey_question',
  surveyQuestionAnswerModel: 'survey.model_survey_question_answer',
  surveyUserInputModel: 'survey.model_survey_user_input',
  surveyUserInputLineModel: 'survey.model_survey_user_input_line',
} as const;
