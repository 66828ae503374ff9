/**
 * Browser check of the h23_crm module, as a real user of each role, in Bahasa Indonesia:
 * every action under the module's menu must open, in every view it offers, without an error
 * dialog or an uncaught client error. Also warns about module labels that look English.
 *
 *   ODOO_URL=… ODOO_DB=… ODOO_USER=admin ODOO_PASSWORD=… npx tsx test/browser/menus.ts [--seed] [--screens] [--shots=DIR]
 *
 * The admin credentials only prepare the database (id_ID active, one user per role, and with
 * --seed one record per model); the menus are read and the browser runs as the role users, so
 * Odoo itself decides what each role sees. Exit code: 0 all ok (or skipped), 1 any error.
 *
 * With --seed it also prepares a branch of the role users with follow-ups, a booking, summary and
 * data-quality lines, and checks what each role's daily screens show (issue 19): the landing of
 * Follow Up KPB, the customer's phone and WhatsApp links, the booking's customer in the calendar,
 * the kanban's column order, the summary's measures and totals, the data-quality totals; and that
 * no label of the module reads English (an error, not a warning, on those screens). For customer
 * service (issue 14) it seeds a complaint of that branch analysed and answered but not yet
 * confirmed by the customer, and checks the complaint kanban's columns (the SOP's stages, empty
 * ones too), its form, and that clicking "Selesai" on the status bar is refused with a clear
 * message and leaves the stage unchanged. For the KPI scorecard (issue 16) it seeds two Customer
 * Relations Officers with customers' e-mails of 2026-Q3 and their replies, runs the KPI job as of
 * the audit day (samples drawn, back to "Belum Divalidasi" on every run), and checks: an officer
 * sees KPI CRO → Scorecard KPI only, lands there on opening the app, and sees their own cards
 * (list, pivot, graph, the form's KPI table and samples); the Head of Marketing sees every card
 * and Validasi Sampel, and validates samples in its editable list (Catatan required when Ditolak).
 * Where Odoo's CRM is installed, a salesperson (sales_team.group_sale_salesman only) opens the
 * module's leads actions in Odoo's CRM app (issue 17): with --seed the H23 team's won deal with a
 * signed BAST and missing project data, a complete one, an incomplete lead and lost leads, and the
 * leads job run once; then the salesperson fills the deal's Serah Terima (BAST) page and saves, the
 * project alert goes after the job and the customer becomes Mantan Klien, the incomplete lead shows
 * what is missing, Odoo's Won button puts a deal of the team in Menang, and the lost-reason pivot
 * shows the seeded sums by reason and quarter.
 * --screens runs those checks only, without opening every menu in every view; --shots=DIR saves
 * screenshots of the complaint, KPI and leads screens in DIR.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { configSchema } from '../../config/schema.js';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { OdooKpiStore } from '../../src/connectors/odoo/kpi-store.js';
import { OdooLeadStore } from '../../src/connectors/odoo/lead-store.js';
import { instantOfDealerDate } from '../../src/jobs/complaints.js';
import { kpiRequestOf, runKpi } from '../../src/jobs/kpi.js';
import { type LeadsReport, leadsRequestOf, runLeads } from '../../src/jobs/leads.js';
import { silentLogger } from '../../src/logging/logger.js';
import { LEAD_STAGES, LEAD_TEAM } from '../../src/module/leads.js';

const CHROMIUM = '/usr/bin/chromium';
const STEP_TIMEOUT_MS = 30_000;
const LANG = 'id_ID';
const ROOT_MENU = 'h23_crm.menu_root';
const ROLES = [
  ...['workshop_admin', 'crm_admin', 'pic_crm', 'branch_head', 'area_coordinator'],
  ...['customer_service', 'customer_service_manager'],
  ...['customer_relations_officer', 'head_of_marketing'],
] as const;
/** Odoo's own salesperson (sales_team.group_sale_salesman): the leads screens of issue 17 live in
 *  Odoo's CRM app, not under the module's menu. Checked where Odoo's CRM is installed. */
const SALESPERSON = 'salesperson' as const;
type Role = (typeof ROLES)[number] | typeof SALESPERSON;
const groupOf = (role: Role): string =>
  role === SALESPERSON ? 'sales_team.group_sale_salesman' : `h23_crm.group_${role}`;
/** Odoo's CRM app, whose Sales and Reporting menus hold the module's leads actions. */
const CRM_ROOT_MENU = 'crm.crm_menu_root';
/** Menu names the module declares; anything else shown under its root is worth a look. */
const EXPECTED_MENUS = new Set([
  ...['CRM H23', 'Follow Up KPB', 'Booking Servis', 'Unit Motor', 'Registrasi WO', 'Impor Laporan'],
  ...['Ringkasan Harian', 'Ringkasan per Admin', 'Kualitas Database', 'Konfigurasi', 'Cabang'],
  ...[
    'Pesan WhatsApp',
    'Pemberitahuan Pelanggan',
    'Template WhatsApp',
    'Keluhan Pelanggan',
    'Analisis Keluhan',
    'Tingkat Layanan Keluhan',
  ],
  ...['KPI CRO', 'Scorecard KPI', 'Validasi Sampel'],
  ...['Segmen Pelanggan', 'Pelanggan per Segmen', 'Perpindahan Segmen', 'Segmen per Bulan'],
  ...['Survei Kepuasan', 'Jawaban Survei', 'Evaluasi per Bulan'],
  ...['Program Loyalitas', 'Member Loyalitas', 'Partisipasi & Efektivitas'],
  ...['Audit Data Pelanggan', 'Grup Duplikat', 'Data Tidak Akurat', 'Riwayat Audit'],
  // In Odoo's CRM app (CRM → Penjualan, CRM → Pelaporan), for salespeople.
  ...['Proyek Serah Terima (BAST)', 'Mantan Klien', 'Analisis Alasan Kalah'],
]);
/** Multi-record view types reachable through the view switcher (form is reached from a record). */
const SWITCHABLE = ['list', 'kanban', 'calendar', 'pivot', 'graph'];
const BROWSER_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
].concat(['--disable-background-networking', '--disable-component-update', '--disable-sync']);
/** Words only an untranslated label would show (loanwords Status, Unit, Admin, Total, Follow Up,
 *  Booking, Data, Model are deliberately absent; "Home Service", the SOP's name of Honda's
 *  service at home, and "Customer Service", the dealer's job title, are stripped first, see
 *  LOANWORDS). */
const ENGLISH =
  /\b(the|of|and|for|with|on|by|at|in|new|date|number|name|created|updated|last|phone|address|branch|customer|partner|owner|visit|carrier|service|review|reason|choice|differences|due|stage|channel|offer|accepted|feedback|done|event|started|finished|sent|contacted|responded|booked|response|conversion|rate|quality|report|daily|summary|import|file|rows|applied|unchanged|quarantined|message|kind|state|source|result|color|purchase|frame|engine|active|company|head|coordinator|hour|invalid|incomplete|confirmed|workshop|holder|until|calendar|users?|draft|queued|running|failed|search|filters|group by|favorites|count)\b/i;

/** English words the SOP and the dealers themselves use as Indonesian terms; the job titles the
 *  KPI document (seed 003) writes in English, and its "review" ("akan dilakukan review dan
 *  perbaikan"). */
const LOANWORDS =
  /\b(home|customer) service\b|\bcustomer relations officer\b|\bhead of marketing\b|\bperlu review\b/gi;
const looksEnglish = (text: string): boolean => ENGLISH.test(text.replace(LOANWORDS, ''));

type Env = { url: string; db: string };
type Row = { role: string; menu: string; step: string; result: string };
type Json = Record<string, unknown>;
type Field = { type: string; required?: boolean; readonly?: boolean; relation?: string };
type Fields = Record<string, Field & { selection?: Array<[string, string]> }>;

// ---------- JSON-RPC: plain fetch to /jsonrpc, which 17, 18 and 19 all still serve ----------
async function rpc<T>(url: string, service: string, method: string, args: unknown[]): Promise<T> {
  const response = await fetch(`${url}/jsonrpc`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params: { service, method, args } }),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string; data?: Json } };
  if (body.error) throw new Error(`${method}: ${body.error.data?.message ?? body.error.message}`);
  return body.result as T;
}

class Session {
  private constructor(
    private readonly env: Env,
    private readonly uid: number,
    private readonly password: string,
  ) {}
  static async open(env: Env, login: string, password: string): Promise<Session> {
    const uid = await rpc<number | false>(env.url, 'common', 'authenticate', [env.db, login, password, {}]);
    if (!uid) throw new Error(`login refused for ${login} on ${env.db}`);
    return new Session(env, uid, password);
  }
  /** execute_kw, always in id_ID: RPC does not apply the user's language by itself. */
  call<T>(model: string, method: string, args: unknown[], kwargs: Json = {}): Promise<T> {
    const context = { lang: LANG, ...(kwargs.context as Json | undefined) };
    const { db } = this.env;
    const all = [db, this.uid, this.password, model, method, args, { ...kwargs, context }];
    return rpc<T>(this.env.url, 'object', 'execute_kw', all);
  }
}

async function xmlidToId(admin: Session, xmlid: string): Promise<number> {
  const id = await xmlidToIdOrNull(admin, xmlid);
  if (!id) throw new Error(`${xmlid} not found: is the module installed on ${ODOO_DB}?`);
  return id;
}

async function xmlidToIdOrNull(admin: Session, xmlid: string): Promise<number | null> {
  const [module, name] = xmlid.split('.');
  const domain = ['&', ['module', '=', module], ['name', '=', name]];
  const [row] = await admin.call<Array<{ res_id: number }>>('ir.model.data', 'search_read', [domain]);
  return row?.res_id ?? null;
}

// ---------- admin preparation ----------
/** id_ID must be active before users can have it (activating is idempotent). */
async function ensureLanguage(admin: Session): Promise<void> {
  const kwargs = { fields: ['active'], context: { active_test: false } };
  type Lang = { id: number; active: boolean };
  const [lang] = await admin.call<Lang[]>('res.lang', 'search_read', [[['code', '=', LANG]]], kwargs);
  if (!lang) throw new Error(`${LANG} is not a known res.lang`);
  if (lang.active) return;
  // 17–19 have the many2many `lang_ids`; some builds still have the `lang` selection.
  const wizardModel = 'base.language.install';
  const fields = await admin.call<Fields>(wizardModel, 'fields_get', [], { attributes: ['type'] });
  const values = 'lang_ids' in fields ? { lang_ids: [[6, 0, [lang.id]]] } : { lang: LANG };
  const wizard = await admin.call<number>(wizardModel, 'create', [{ overwrite: false, ...values }]);
  await admin.call(wizardModel, 'lang_install', [[wizard]]);
}

const login = (role: Role): string => `h23ui_${role}`;
/** The role users' passwords: drawn per run (the users are reset to them on every run), never stored. */
const RUN_PASSWORD = `Uji-${randomBytes(12).toString('base64url')}`;
const password = (role: Role): string => `${RUN_PASSWORD}-${role}`;

/** One internal user per role with exactly base.group_user + that role; reset on every run. */
async function ensureRoleUser(admin: Session, role: Role): Promise<number> {
  const user = { login: login(role), name: `Uji UI ${role}`, password: password(role) };
  return ensureUser(admin, user, groupOf(role));
}

/** An internal user in id_ID with exactly base.group_user + `group`, reset on every run. */
async function ensureUser(
  admin: Session,
  user: { login: string; name: string; password: string },
  group: string,
): Promise<number> {
  const userFields = await admin.call<Fields>('res.users', 'fields_get', [], { attributes: ['type'] });
  const groupsField = 'group_ids' in userFields ? 'group_ids' : 'groups_id'; // renamed in 19
  const groupIds = [await xmlidToId(admin, 'base.group_user'), await xmlidToId(admin, group)];
  const values = { ...user, active: true, lang: LANG, tz: 'Asia/Jakarta', [groupsField]: [[6, 0, groupIds]] };
  const kwargs = { context: { active_test: false } };
  const ids = await admin.call<number[]>('res.users', 'search', [[['login', '=', user.login]]], kwargs);
  if (ids.length === 0) return admin.call<number>('res.users', 'create', [values]);
  await admin.call('res.users', 'write', [ids, values]);
  return ids[0] as number;
}

/**
 * --seed: one record in each of the module's models that has none, so roles without create rights
 * open a form too. Required x_ fields get placeholders, dates today (the booking calendar needs
 * x_booking_at); no branch is set, so every role's record rules show the record. Odoo's own models
 * behind the module's actions (crm.lead, res.partner: their required fields are Odoo's) get their
 * records from the scenarios.
 */
async function seed(admin: Session, models: string[]): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  const pending = new Set(models.filter((model) => model.startsWith('x_')));
  for (let pass = 0; pass < 3; pass++) {
    for (const model of pending) {
      if ((await admin.call<number>(model, 'search_count', [[]])) > 0) pending.delete(model);
      if (!pending.has(model)) continue;
      const attributes = ['type', 'required', 'readonly', 'relation', 'selection'];
      const fields = await admin.call<Fields>(model, 'fields_get', [], { attributes });
      const values: Json = {};
      for (const [name, field] of Object.entries(fields)) {
        // A key the bridge writes is read-only on screen but required all the same.
        if (!name.startsWith('x_') || (field.readonly && !field.required)) continue;
        if (field.type === 'date') values[name] = today;
        else if (field.type === 'datetime') values[name] = `${today} 03:00:00`;
        else if (!field.required) continue;
        else if (field.type === 'char' || field.type === 'text') values[name] = 'Uji UI';
        else if (field.type === 'selection') values[name] = field.selection?.[0]?.[0];
        else if (field.type === 'many2one' && field.relation)
          values[name] = (await admin.call<number[]>(field.relation, 'search', [[]], { limit: 1 }))[0];
        else values[name] = 0;
      }
      if (Object.values(values).includes(undefined)) continue; // a many2one target comes next pass
      await admin.call(model, 'create', [values]);
      pending.delete(model);
    }
  }
  if (pending.size > 0) console.log(`--seed: no record could be created in ${[...pending].join(', ')}`);
}

// ---------- the user's menus, as the web client loads them ----------
type MenuItem = { name: string; path: string; actionId: number; actionModel: string };
type LoadedMenu = {
  name: string;
  children: number[];
  action?: string | false;
  action_id?: number | false;
  action_model?: string | false;
};

/** `load_menus` applies groups and model access exactly as the web client's menu does. */
async function userMenus(user: Session, rootId: number): Promise<{ items: MenuItem[]; names: string[] }> {
  const menus = await user.call<Record<string, LoadedMenu>>('ir.ui.menu', 'load_menus', [false]);
  const items: MenuItem[] = [];
  const names: string[] = [];
  const walk = (id: number, prefix: string): void => {
    const menu = menus[String(id)];
    if (!menu) return;
    const path = prefix ? `${prefix} / ${menu.name}` : menu.name;
    names.push(menu.name);
    // 17/18 answer `action: "ir.actions.act_window,42"`, 19 answers `action_model` and `action_id: 42`.
    const [model, idText] = String(menu.action || '').split(',');
    const actionId = menu.action_id || Number(idText);
    const actionModel = menu.action_model || model || 'ir.actions.act_window';
    if (actionId) items.push({ name: menu.name, path, actionId, actionModel });
    for (const child of menu.children) walk(child, path);
  };
  walk(rootId, '');
  return { items, names };
}

// ---------- browser ----------
const visible = (locator: Locator): Locator => locator.filter({ visible: true });

/** Collects uncaught errors and Odoo's console errors; returns a function that drains them. */
function watchPage(page: Page, odooHost: string): () => string[] {
  const pending: string[] = [];
  page.on('pageerror', (error) => pending.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error' || !/error/i.test(message.text())) return;
    const from = message.location().url; // network noise from other hosts is not the module's
    if (from.startsWith('http') && new URL(from).host !== odooHost) return;
    pending.push(`console: ${message.text()}`);
  });
  // The server's own exception (an "Oops!" dialog hides it behind "Lihat detail teknis").
  page.on('response', async (response) => {
    if (response.request().method() !== 'POST' || !response.url().includes(odooHost)) return;
    const body = (await response.json().catch(() => null)) as { error?: { data?: Json } } | null;
    const data = body?.error?.data;
    if (data) pending.push(`server ${String(data.name)}: ${String(data.message).replace(/\s+/g, ' ')}`);
  });
  // Native prompts: leave on "beforeunload" (forms are discarded on purpose), refuse the rest.
  page.on('dialog', (dialog) => void (dialog.type() === 'beforeunload' ? dialog.accept() : dialog.dismiss()));
  return () => pending.splice(0);
}

/** Waits for the expected view (or any dialog) and for Odoo to finish loading. */
async function settle(page: Page, view = ''): Promise<void> {
  const shown = `.o_action_manager .o_view_controller${view}, .modal-content`;
  await visible(page.locator(shown)).first().waitFor({ timeout: STEP_TIMEOUT_MS });
  const busy = page.locator('.o_loading_indicator, .o_blockUI').first();
  await busy.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS }).catch(() => {});
  await page.waitForTimeout(600); // late RPCs (search panel, avatars, activities) may still fail
}

/** Any Odoo dialog the check did not ask for is an error: its full text, then close it. */
async function problems(page: Page, drain: () => string[]): Promise<string[]> {
  const found = drain();
  for (const dialog of await visible(page.locator('.modal-content')).all()) {
    const text = async (part: string) => (await dialog.locator(part).allInnerTexts()).join(' ').trim();
    found.push(`dialog "${await text('.modal-title')}": ${(await text('.modal-body')).replace(/\s+/g, ' ')}`);
  }
  if (found.length > 0) await page.keyboard.press('Escape').catch(() => {});
  return [...found, ...drain()];
}

/** The module's own labels on screen that look English. */
async function englishLabels(page: Page): Promise<string[]> {
  const own =
    '.o_menu_brand, .o_menu_sections > *, .o_breadcrumb, th[data-name^="x_"], .o_form_label, .o_horizontal_separator, .o_searchview_facet, .o_column_title, .o_pivot_header_cell_opened, .o_pivot_header_cell_closed, .o_pivot_measure_row';
  const lines = (await visible(page.locator(own)).allInnerTexts()).flatMap((t) => t.split('\n'));
  return [...new Set(lines.map((t) => t.trim()).filter(looksEnglish))];
}

type Check = {
  env: Env;
  version: number;
  rootId: number;
  rows: Row[];
  warnings: Set<string>;
  /** Odoo's CRM app where it is installed: its root menu and the module's window actions. */
  crm?: { rootId: number; actions: Set<number> } | undefined;
  /** What --seed prepared for the screen checks. */
  scenario?: Scenario | undefined;
};

/** Clicks, then waits for the view the click leads to. */
async function clickTo(page: Page, target: Locator, view: string): Promise<void> {
  await target.first().click();
  await settle(page, view);
}

type Tab = { page: Page; drain: () => string[] };

async function checkAction({ page, drain }: Tab, check: Check, role: Role, item: MenuItem, modes: string[]) {
  const record = (step: string, result: string) => check.rows.push({ role, menu: item.path, step, result });
  const step = async (name: string, run: () => Promise<void>): Promise<boolean> => {
    let errors: string[];
    try {
      await run();
      errors = await problems(page, drain);
    } catch (error) {
      errors = [...(await problems(page, drain)), `no view: ${String(error).split('\n')[0]}`];
    }
    for (const text of await englishLabels(page))
      check.warnings.add(`${role} · ${item.path} · ${name}: "${text}"`);
    record(name, errors.length > 0 ? `ERROR ${errors.join(' | ')}` : 'ok');
    return errors.length === 0;
  };
  // A full load for each action: on 17 a /web# hash change alone would reuse the page.
  await page.goto('about:blank').catch(() => page.goto('about:blank'));
  const base = check.env.url;
  const url =
    check.version >= 18 ? `${base}/odoo/action-${item.actionId}` : `${base}/web#action=${item.actionId}`;
  const opened = await step(`open (${modes[0]})`, async () => {
    await page.goto(check.version >= 18 ? url : `${url}&menu_id=${check.rootId}`);
    await settle(page);
  });
  if (!opened) return;
  // Odoo shows the view switcher only for two multi-record views or more: all others, then back.
  const multi = modes.filter((m) => SWITCHABLE.includes(m));
  for (const mode of multi.length > 1 ? [...multi.slice(1), multi[0] ?? ''] : []) {
    const button = visible(page.locator(`.o_switch_view.o_${mode}`));
    if ((await button.count()) === 0) record(mode, 'ERROR in view_mode but no switch button');
    else await step(mode, () => clickTo(page, button, `.o_${mode}_view`));
  }
  if (!modes.includes('form')) return;
  // "Baru" shows the empty form (roles that may create), the first record a filled one.
  for (const kind of ['Baru', 'first record'] as const) {
    const toList = visible(page.locator('.o_switch_view.o_list')); // list has both button and rows
    // A failure here was already recorded by the view switch above: go on with what is shown.
    if ((await toList.count()) > 0) await clickTo(page, toList, '.o_list_view').catch(() => {});
    // Default filters (Follow Up KPB: "Follow Up Saya", "Belum Selesai") may hide the records.
    const facets = visible(page.locator('.o_searchview_facet .o_facet_remove'));
    for (let n = 0; kind === 'first record' && n < 5 && (await facets.count()) > 0; n++)
      await clickTo(page, facets, '').catch(() => {});
    const create = '.o_control_panel .o_list_button_add, .o_control_panel .o-kanban-button-new';
    const first = '.o_data_row .o_data_cell, .o_kanban_record:not(.o_kanban_ghost)';
    // A click on a row of an editable list edits it; its "Lihat" button (open_form_view) opens the form.
    const formButton = visible(page.locator('.o_data_row .o_list_record_open_form_view button'));
    const opener =
      kind === 'first record' && (await formButton.count()) > 0
        ? formButton
        : visible(page.locator(kind === 'Baru' ? create : first));
    if ((await opener.count()) === 0) {
      record(`form (${kind})`, kind === 'Baru' ? 'skipped: no create right' : 'skipped: no record (--seed)');
      continue;
    }
    await step(`form (${kind})`, () => clickTo(page, opener, '.o_form_view'));
    // Leave without saving (17+ autosave a dirty form on navigation) and wait for the form to
    // go: discarding is asynchronous, and a reload meanwhile triggers "beforeunload".
    const leave = visible(page.locator('.o_form_button_cancel, .o_breadcrumb .breadcrumb-item a'));
    const form = page.locator('.o_action_manager .o_view_controller.o_form_view');
    await clickTo(page, leave, ':not(.o_form_view)').catch(() => {});
    await form.waitFor({ state: 'detached', timeout: 5000 }).catch(() => {});
  }
}

async function checkRole(browser: Browser, admin: Session, all: Check, role: Role): Promise<void> {
  const fail = (menu: string, step: string, message: string) =>
    all.rows.push({ role, menu, step, result: `ERROR ${message}` });
  const user = await Session.open(all.env, login(role), password(role));
  // A salesperson works in Odoo's CRM app: of its menus, those of the module's actions.
  const crm = role === SALESPERSON ? all.crm : undefined;
  const check: Check = crm ? { ...all, rootId: crm.rootId } : all;
  const menus = await userMenus(user, check.rootId);
  const items = crm ? menus.items.filter((item) => crm.actions.has(item.actionId)) : menus.items;
  const names = crm ? items.map((item) => item.name) : menus.names;
  if (items.length === 0) return void fail('(menu)', 'load_menus', 'the module menu is not visible');
  for (const name of names)
    if (!EXPECTED_MENUS.has(name) || looksEnglish(name)) check.warnings.add(`${role} · menu name "${name}"`);
  type Action = { id: number; view_mode: string };
  const windows = items.filter((i) => i.actionModel === 'ir.actions.act_window').map((i) => i.actionId);
  const actions = await admin.call<Action[]>('ir.actions.act_window', 'read', [windows, ['view_mode']]);
  const modesOf = new Map(actions.map((a) => [a.id, a.view_mode.replace('tree', 'list').split(',')]));
  // A server action (the Follow Up KPB landing) answers the window action it opens, for this user.
  for (const item of items.filter((i) => i.actionModel === 'ir.actions.server')) {
    const opened = await user.call<Action | false>('ir.actions.server', 'run', [[item.actionId]]);
    if (opened) modesOf.set(item.actionId, opened.view_mode.replace('tree', 'list').split(','));
    else fail(item.path, 'run', 'the server action opens nothing');
  }

  const viewport = { width: 1440, height: 900 };
  const context = await browser.newContext({ locale: 'id-ID', timezoneId: 'Asia/Jakarta', viewport });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    const drain = watchPage(page, new URL(check.env.url).host);
    await page.goto(`${check.env.url}/web/login?db=${encodeURIComponent(check.env.db)}`);
    await page.locator('input[name="login"]').fill(login(role));
    await page.locator('input[name="password"]').fill(password(role));
    await page.locator('form.oe_login_form button[type="submit"]').first().click();
    const navbar = page.locator('.o_main_navbar').waitFor({ timeout: STEP_TIMEOUT_MS });
    if (!(await navbar.then(() => true).catch(() => false))) {
      const alert = (await page.locator('.alert-danger').allInnerTexts()).join(' ');
      return void fail('(login)', 'web login', alert || 'no web client after login');
    }
    drain(); // the home screen's own noise is not about the module
    if (!process.argv.includes('--screens'))
      for (const item of items)
        await checkAction({ page, drain }, check, role, item, modesOf.get(item.actionId) ?? []);
    if (check.scenario) await checkScreens({ page, drain }, check, role, user, items);
  } finally {
    await context.close();
  }
}

// ---------- the daily screens (issue 19), on data --seed prepares ----------
type Scenario = {
  /** Window actions by name (`followups`, `bookings`, `summaries`, `quality`) and the landing. */
  actions: Record<string, number>;
  landingId: number;
  followUpId: number;
  customer: string;
  /** What the phone widget links to, and the WhatsApp link the number makes. */
  tel: string;
  whatsapp: string;
  calendarTitle: string;
  /** A complaint of the branch waiting for the customer's answer (none given yet). */
  complaintId: number;
  kpi: KpiScenario;
  /** The leads pipeline's screens (issue 17), where Odoo's CRM is installed. */
  leads?: LeadsScenario | undefined;
};

const SCENARIO = {
  branch: 'Cabang Uji UI',
  otherBranch: 'Cabang Uji UI 2',
  // Proper case with the title kept, as the import writes names.
  customer: 'Ibu Rina Wulandari',
  // As an admin types it: wa.me needs 6281234567890.
  phone: '0812-3456-7890',
  engine: 'JM31EUJIUI01',
  model: 'BeAT',
  complaint: 'Uji UI: rem masih berdecit setelah servis',
};
/** The kanban columns, in the order of the process. */
const STATE_COLUMNS = ['Belum Dihubungi', 'Sudah Dihubungi', 'Booking', 'Servis Selesai', 'Ditutup'];
/** The complaint kanban's columns (SOP CRM Tahap 3), every one shown even when empty. */
const COMPLAINT_COLUMNS = [
  ...['Diterima', 'Analisis', 'Solusi Disampaikan', 'Konfirmasi Pelanggan', 'Selesai', 'Eskalasi'],
  'Dibuka Kembali',
];

/** The record matching `domain`, written with `values`, or created with both. */
async function upsert(admin: Session, model: string, domain: unknown[], values: Json): Promise<number> {
  const context = { active_test: false };
  const [id] = await admin.call<number[]>(model, 'search', [domain], { limit: 1, context });
  if (id) {
    await admin.call(model, 'write', [[id], values]);
    return id;
  }
  const fixed = Object.fromEntries(domain.map((term) => [(term as unknown[])[0], (term as unknown[])[2]]));
  return admin.call<number>(model, 'create', [{ ...fixed, ...values }]);
}

async function prepareScenario(admin: Session, odoo: OdooLogin, crmApp: Check['crm']): Promise<Scenario> {
  const userOf = async (role: Role) =>
    (await admin.call<number[]>('res.users', 'search', [[['login', '=', login(role)]]]))[0] as number;
  const [crm, workshop, head, care] = await Promise.all(
    ['crm_admin', 'workshop_admin', 'branch_head', 'customer_service'].map((r) => userOf(r as Role)),
  );
  const branch = await upsert(admin, 'x_h23_branch', [['x_name', '=', SCENARIO.branch]], {
    x_crm_admin_ids: [[6, 0, [crm]]],
    x_workshop_admin_ids: [[6, 0, [workshop]]],
    x_customer_service_ids: [[6, 0, [care]]],
    x_head_id: head,
    x_active: true,
  });
  const otherBranch = await upsert(admin, 'x_h23_branch', [['x_name', '=', SCENARIO.otherBranch]], {
    x_active: true,
  });
  // The HP number goes to `mobile` where the partner has one (17/18), else to `phone` (19).
  const partnerFields = await admin.call<Fields>('res.partner', 'fields_get', [], { attributes: ['type'] });
  const phoneField = 'mobile' in partnerFields ? 'mobile' : 'phone';
  const partner = await upsert(admin, 'res.partner', [['name', '=', SCENARIO.customer]], {
    [phoneField]: SCENARIO.phone,
  });
  const unit = await upsert(admin, 'x_h23_unit', [['x_engine_number', '=', SCENARIO.engine]], {
    x_model_name: SCENARIO.model,
    x_partner_id: partner,
    x_branch_id: branch,
    x_purchase_date: daysFromToday(-45),
  });
  const followUp = (kpb: string, stage: string, values: Json) =>
    upsert(
      admin,
      'x_h23_followup',
      [
        ['x_unit_id', '=', unit],
        ['x_kpb', '=', kpb],
        ['x_stage', '=', stage],
      ],
      { x_partner_id: partner, x_branch_id: branch, x_admin_id: crm, ...values },
    );
  const today = daysFromToday(0);
  const followUpId = await followUp('1', 'fu1', { x_state: 'todo', x_due_date: today, x_result: false });
  await followUp('2', 'fu1', {
    x_state: 'contacted',
    x_due_date: daysFromToday(-1),
    x_result: 'no_response',
  });
  // 10:00 in Jakarta today: in the calendar's week.
  await followUp('1', 'fu2', {
    x_state: 'booked',
    x_due_date: today,
    x_result: 'booked',
    x_booking_at: `${today} 03:00:00`,
    x_booking_kind: 'workshop',
  });
  // The day's summary as the job writes it: the branch's line and its admin's, the same follow-ups.
  const counts = {
    x_due: 3,
    x_contacted: 2,
    x_responded: 1,
    x_booked: 1,
    x_no_response: 1,
    x_done_services: 0,
  };
  for (const adminId of [false, crm])
    await upsert(
      admin,
      'x_h23_daily_summary',
      [
        ['x_date', '=', today],
        ['x_branch_id', '=', branch],
        ['x_admin_id', '=', adminId],
      ],
      counts,
    );
  // Two branches' snapshots today (the latest) and yesterday.
  const snapshots: Array<[number, string, boolean, number, number]> = [
    [branch, today, true, 100, 95],
    [otherBranch, today, true, 50, 48],
    [branch, daysFromToday(-1), false, 98, 92],
    [otherBranch, daysFromToday(-1), false, 50, 47],
  ];
  for (const [branchId, date, latest, customers, complete] of snapshots)
    await upsert(
      admin,
      'x_h23_data_quality',
      [
        ['x_date', '=', date],
        ['x_branch_id', '=', branchId],
      ],
      {
        x_latest: latest,
        x_customers: customers,
        x_valid_mobile: complete,
        x_complete_address: complete,
        x_with_purchase_date: customers,
        x_complete_records: complete,
        x_valid_rate: Math.round((complete / customers) * 1000) / 10,
      },
    );
  // Analysed and answered, the customer not asked yet: back to this stage on every run.
  const complaintId = await upsert(
    admin,
    'x_h23_complaint',
    [
      ['x_subject', '=', SCENARIO.complaint],
      ['x_partner_id', '=', partner],
    ],
    {
      x_description: 'Pelanggan datang lagi: rem depan masih berdecit dua hari setelah servis KPB 1.',
      x_branch_id: branch,
      x_unit_id: unit,
      x_user_id: care,
      x_channel: 'walk_in',
      x_category: 'service',
      x_root_cause_kind: 'mechanic',
      x_root_cause: 'Kampas rem tidak dibersihkan saat servis.',
      x_solution: 'Kampas rem dibersihkan ulang tanpa biaya.',
      x_stage: 'confirmation',
      x_confirmation: false,
      x_confirmation_channel: false,
    },
  );
  const actions: Record<string, number> = {};
  for (const name of ['followups', 'bookings', 'summaries', 'quality', 'complaints'])
    actions[name] = await xmlidToId(admin, `h23_crm.action_${name}`);
  const digits = SCENARIO.phone.replace(/\D/g, '');
  return {
    actions,
    landingId: await xmlidToId(admin, 'h23_crm.action_followups_landing'),
    followUpId,
    customer: SCENARIO.customer,
    tel: `tel:${SCENARIO.phone}`,
    whatsapp: `https://wa.me/62${digits.slice(1)}`,
    calendarTitle: `${SCENARIO.customer} - KPB 1 - ${SCENARIO.model} ${SCENARIO.engine}`,
    complaintId,
    kpi: await prepareKpiScenario(admin, odoo),
    leads: crmApp ? await prepareLeadsScenario(admin, odoo) : undefined,
  };
}

// ---------- the KPI scorecard (issue 16) ----------
type OdooLogin = { url: string; db: string; user: string; password: string };
type Officer = { id: number; name: string };
type KpiScenario = {
  actions: { scores: number; samples: number };
  /** The officer role user, and a second officer whose cards the first must not see. */
  officer: Officer;
  otherOfficer: Officer;
  /** The officer's card of the audited quarter: the form's KPI table and its samples. */
  quarterCardId: number;
  quarterSamples: number;
};

const KPI = {
  quarter: '2026-Q3',
  /** The first working day of October's audit week: the job draws the quarter's samples. */
  auditDay: '2026-10-01',
  // Never logs in: a password of the run, like the roles'.
  otherOfficer: {
    login: 'h23ui_cro_lain',
    name: 'Uji UI Officer Lain',
    password: `${RUN_PASSWORD}-cro-lain`,
  },
  /** Customers' e-mails in the chatter of a contact the officer owns, and the officer's reply
   *  (Jakarta time): on time, the next working day, late, none. */
  messages: [
    ['officer', 'Bapak Andi Saputra (Uji KPI)', '2026-07-14 09:00', '2026-07-14 10:30'],
    ['officer', 'Ibu Sari Lestari (Uji KPI)', '2026-08-18 14:00', '2026-08-19 09:00'],
    ['officer', 'Bapak Andi Saputra (Uji KPI)', '2026-09-08 10:00', '2026-09-10 11:00'],
    ['otherOfficer', 'Bapak Budi Hartono (Uji KPI)', '2026-07-21 08:30', '2026-07-21 13:00'],
    ['otherOfficer', 'Bapak Budi Hartono (Uji KPI)', '2026-09-15 16:00', null],
  ] as Array<['officer' | 'otherOfficer', string, string, string | null]>,
};

/** An Odoo datetime (UTC) of a Jakarta wall-clock time `YYYY-MM-DD HH:MM`. */
const odooUtc = (jakarta: string): string =>
  new Date(`${jakarta.replace(' ', 'T')}:00+07:00`).toISOString().slice(0, 19).replace('T', ' ');

/**
 * Two officers' quarter of e-mails, then the KPI job as the daemon runs it on the audit day
 * (in-process, as the admin): cards for 2026-Q3 and Q4, the Q3 samples drawn once. Samples go back
 * to "Belum Divalidasi" first, so the Head of Marketing validates them again on every run.
 */
async function prepareKpiScenario(admin: Session, odoo: OdooLogin): Promise<KpiScenario> {
  const officerLogin = login('customer_relations_officer');
  const [officerId] = await admin.call<number[]>('res.users', 'search', [[['login', '=', officerLogin]]]);
  const otherId = await ensureUser(admin, KPI.otherOfficer, 'h23_crm.group_customer_relations_officer');
  type UserRow = { id: number; name: string; partner_id: [number, string] };
  const users = await admin.call<UserRow[]>('res.users', 'read', [
    [officerId, otherId],
    ['name', 'partner_id'],
  ]);
  const [officer, otherOfficer] = users.map((u) => ({ id: u.id, name: u.name, partner: u.partner_id[0] }));
  if (!officer || !otherOfficer) throw new Error('the officer users are missing');
  const byRole = { officer, otherOfficer };
  const comment = await xmlidToId(admin, 'mail.mt_comment');
  for (const [who, name, received, replied] of KPI.messages) {
    const owner = byRole[who];
    const email = `${name.split(' ')[1]?.toLowerCase()}.ujikpi@example.com`;
    const customer = await upsert(admin, 'res.partner', [['name', '=', name]], { user_id: owner.id, email });
    const thread = [
      ['model', '=', 'res.partner'],
      ['res_id', '=', customer],
    ];
    await upsert(
      admin,
      'mail.message',
      [...thread, ['message_type', '=', 'email'], ['date', '=', odooUtc(received)]],
      {
        author_id: customer,
        subtype_id: comment,
        body: '<p>Selamat pagi, kapan motor saya bisa diservis?</p>',
      },
    );
    if (replied)
      await upsert(
        admin,
        'mail.message',
        [...thread, ['message_type', '=', 'comment'], ['date', '=', odooUtc(replied)]],
        {
          author_id: owner.partner,
          subtype_id: comment,
          body: '<p>Terima kasih, Bapak/Ibu. Besok pukul 09.00 bisa langsung ke bengkel.</p>',
        },
      );
  }
  const officers = [['x_officer_id', 'in', [officer.id, otherOfficer.id]]];
  const drawn = await admin.call<number[]>('x_h23_kpi_sample', 'search', [officers]);
  const pending = { x_validation: 'pending', x_representative: false, x_note: false };
  if (drawn.length > 0) await admin.call('x_h23_kpi_sample', 'write', [drawn, pending]);

  // A dealer's working calendar keeps Jakarta time. A fresh database's "Standard 40 hours/week"
  // has tz UTC (the creating user's, unset): reply times would be counted in UTC working hours.
  type Company = { resource_calendar_id: [number, string] | false };
  const [company] = await admin.call<Company[]>('res.company', 'search_read', [[]], {
    fields: ['resource_calendar_id'],
    limit: 1,
    order: 'id asc',
  });
  if (company?.resource_calendar_id)
    await admin.call('resource.calendar', 'write', [
      [company.resource_calendar_id[0]],
      { tz: 'Asia/Jakarta' },
    ]);

  const { config, logger, client } = await jobConnection(odoo);
  const now = instantOfDealerDate(KPI.auditDay, config.odoo.tz);
  const store = new OdooKpiStore(client, config.odoo.tz);
  const report = await runKpi(store, logger, kpiRequestOf(config, now));
  console.log(
    `--seed: KPI job as of ${KPI.auditDay}: ${report.cards.length} card(s), ${report.samplesCreated} sample(s) drawn${report.notes.map((n) => `; ${n}`).join('')}`,
  );

  const quarterCard = [
    ['x_officer_id', '=', officer.id],
    ['x_period', '=', KPI.quarter],
  ];
  const [quarterCardId] = await admin.call<number[]>('x_h23_kpi_score', 'search', [quarterCard]);
  if (!quarterCardId) throw new Error(`the KPI job wrote no ${KPI.quarter} card of the officer`);
  const samples = [['x_score_id', '=', quarterCardId]];
  return {
    actions: {
      scores: await xmlidToId(admin, 'h23_crm.action_kpi_scores'),
      samples: await xmlidToId(admin, 'h23_crm.action_kpi_samples'),
    },
    officer: { id: officer.id, name: officer.name },
    otherOfficer: { id: otherOfficer.id, name: otherOfficer.name },
    quarterCardId,
    quarterSamples: await admin.call<number>('x_h23_kpi_sample', 'search_count', [samples]),
  };
}

/** The admin's connection as the daemon makes it: --seed runs the jobs in-process. */
async function jobConnection(odoo: OdooLogin) {
  const config = configSchema.parse({ odoo });
  const logger = silentLogger();
  const client = await OdooClient.connect(connectionFromConfig(config.odoo), logger);
  return { config, logger, client };
}

// ---------- the leads pipeline in Odoo's CRM (issue 17), as a salesperson ----------
const LEAD_ACTIONS = {
  handovers: 'h23_crm.action_lead_handovers',
  pastClients: 'h23_crm.action_past_clients',
  lost: 'h23_crm.action_lost_analysis',
  /** Odoo's own pipeline, where a salesperson opens a lead. */
  pipeline: 'crm.crm_lead_action_pipeline',
} as const;
type LeadsScenario = {
  actions: Record<keyof typeof LEAD_ACTIONS, number>;
  /** The won deal whose BAST is signed and project data missing, and the complete one. */
  openDealId: number;
  doneDealId: number;
  /** A lead of the team lacking the SOP's minimum data. */
  incompleteLeadId: number;
  /** A complete lead in Negosiasi the salesperson wins with Odoo's button, and the team's Menang. */
  toWinLeadId: number;
  wonStageId: number;
  /** id_ID's date format (strftime), as the salesperson types a date. */
  dateFormat: string;
  /** The seeded lost leads' expected revenue by reason (its name in id_ID), and by quarter in order. */
  lostByReason: Map<string, number>;
  lostByQuarter: number[];
  /** The leads job as the daemon runs it, as of LEADS.runDay. */
  runJob: () => Promise<LeadsReport>;
};

const LEADS = {
  /** The leads job's day: after every BAST and completion below, before the leads' creation (so
   *  none is stale) and less than 12 months after completion (no re-contact due). */
  runDay: '2026-11-30',
  source: 'Uji UI Pameran Armada',
  need: '<p>Armada motor untuk kurir, servis berkala di bengkel dealer.</p>',
  open: {
    customer: 'PT Uji UI Armada Nusantara',
    phone: '0813-1100-2026',
    email: 'armada.ujiui@example.com',
    deal: 'Uji UI: 20 unit PCX 160 untuk armada',
    revenue: 500_000_000,
    bast: '2026-11-02',
  },
  done: {
    customer: 'PT Uji UI Kurir Sejahtera',
    phone: '0813-2200-2026',
    email: 'kurir.ujiui@example.com',
    deal: 'Uji UI: 12 unit Vario 125 untuk kurir',
    revenue: 250_000_000,
    bast: '2026-10-05',
    completion: '2026-10-20',
    contract: 246_000_000,
    products: '12 unit Honda Vario 125 (nomor mesin di lampiran BAST)',
  },
  /** What the salesperson enters on the open deal's Serah Terima (BAST) page. */
  project: {
    contract: 487_500_000,
    products: '20 unit Honda PCX 160 (nomor mesin di lampiran BAST)',
    completion: '2026-11-20',
  },
  incomplete: { lead: 'Uji UI: prospek armada belum lengkap', contact: 'Bapak Hendra Gunawan' },
  toWin: {
    lead: 'Uji UI: 8 unit BeAT untuk koperasi',
    contact: 'Ibu Sari Wahyuni',
    phone: '0813-3300-2026',
    email: 'koperasi.ujiui@example.com',
  },
  /** Lost the way a salesperson loses them (with a reason), closed (UTC) in 2026-Q1 and Q2. */
  lost: [
    ['Uji UI: kalah harga, armada sekolah', 'price', 120_000_000, '2026-02-10 03:00:00'],
    ['Uji UI: kalah harga, ojek daring', 'price', 80_000_000, '2026-03-30 03:00:00'],
    ['Uji UI: kalah harga, kurir kota', 'price', 45_500_000, '2026-05-02 03:00:00'],
    ['Uji UI: kalah ke dealer lain', 'competitor', 300_000_000, '2026-04-15 03:00:00'],
    ['Uji UI: anggaran klien dipotong', 'budget', 60_000_000, '2026-05-20 03:00:00'],
  ] as Array<[string, string, number, string]>,
};

/**
 * The H23 team's deals as a salesperson has them: a won deal whose BAST is signed but whose
 * project data is missing (reset on every run, so the salesperson completes it again), a complete
 * one (its customer a Mantan Klien), a lead lacking the SOP's minimum data, and lost leads with
 * reasons and expected revenue; then the leads job once, as the admin, so the alerts and the
 * activities exist.
 */
async function prepareLeadsScenario(admin: Session, odoo: OdooLogin): Promise<LeadsScenario> {
  const [salesperson] = await admin.call<number[]>('res.users', 'search', [
    [['login', '=', login(SALESPERSON)]],
  ]);
  const team = await xmlidToId(admin, LEAD_TEAM);
  const newStage = await xmlidToId(admin, LEAD_STAGES.new);
  const negotiationStage = await xmlidToId(admin, LEAD_STAGES.negotiation);
  const wonStage = await xmlidToId(admin, LEAD_STAGES.won);
  const source = await upsert(admin, 'utm.source', [['name', '=', LEADS.source]], {});
  const customer = (c: { customer: string; phone: string; email: string }) =>
    upsert(admin, 'res.partner', [['name', '=', c.customer]], {
      is_company: true,
      phone: c.phone,
      email: c.email,
    });
  const ofTeam = { team_id: team, user_id: salesperson, type: 'opportunity' };
  // A complete lead (the customer's phone and e-mail, a source, the needs): only the project is asked for.
  const wonDeal = async (d: typeof LEADS.open, values: Json) =>
    upsert(admin, 'crm.lead', [['name', '=', d.deal]], {
      ...ofTeam,
      partner_id: await customer(d),
      source_id: source,
      description: LEADS.need,
      expected_revenue: d.revenue,
      active: true,
      stage_id: wonStage,
      x_h23_bast_date: d.bast,
      ...values,
    });
  const openDealId = await wonDeal(LEADS.open, {
    x_h23_contract_value: 0,
    x_h23_products: false,
    x_h23_completion_date: false,
    x_h23_project_recorded: false,
    x_h23_recontacts: false,
  });
  const { done } = LEADS;
  const doneDealId = await wonDeal(done, {
    x_h23_contract_value: done.contract,
    x_h23_products: done.products,
    x_h23_completion_date: done.completion,
  });
  const incompleteLeadId = await upsert(admin, 'crm.lead', [['name', '=', LEADS.incomplete.lead]], {
    ...ofTeam,
    active: true,
    stage_id: newStage,
    contact_name: LEADS.incomplete.contact,
    partner_id: false,
    phone: false,
    email_from: false,
    source_id: false,
    description: false,
  });
  const { toWin } = LEADS;
  const toWinLeadId = await upsert(admin, 'crm.lead', [['name', '=', toWin.lead]], {
    ...ofTeam,
    active: true,
    stage_id: negotiationStage,
    contact_name: toWin.contact,
    phone: toWin.phone,
    email_from: toWin.email,
    source_id: source,
    description: LEADS.need,
  });
  // Lost leads keep their stage: a stage change would give them a probability again.
  const reasonNames = new Map<string, string>();
  for (const [name, reason, revenue, closed] of LEADS.lost) {
    const id = await upsert(admin, 'crm.lead', [['name', '=', name]], {
      ...ofTeam,
      expected_revenue: revenue,
    });
    const reasonId = await xmlidToId(admin, `h23_crm.lost_reason_${reason}`);
    await admin.call('crm.lead', 'action_set_lost', [[id]], { lost_reason_id: reasonId });
    await admin.call('crm.lead', 'write', [[id], { date_closed: closed }]);
    const [row] = await admin.call<Array<{ name: string }>>('crm.lost.reason', 'read', [
      [reasonId],
      ['name'],
    ]);
    reasonNames.set(reason, row?.name ?? reason);
  }
  const lostByReason = new Map<string, number>();
  const quarters = new Map<string, number>();
  for (const [, reason, revenue, closed] of LEADS.lost) {
    const name = reasonNames.get(reason) as string;
    lostByReason.set(name, (lostByReason.get(name) ?? 0) + revenue);
    const quarter = `${closed.slice(0, 4)}-Q${Math.ceil(Number(closed.slice(5, 7)) / 3)}`;
    quarters.set(quarter, (quarters.get(quarter) ?? 0) + revenue);
  }
  const lostByQuarter = [...quarters].sort(([a], [b]) => a.localeCompare(b)).map(([, sum]) => sum);

  const { config, logger, client } = await jobConnection(odoo);
  const runJob = () => runLeads(new OdooLeadStore(client), logger, leadsRequestOf(config, LEADS.runDay));
  const report = await runJob();
  console.log(
    `--seed: leads job as of ${LEADS.runDay}: ${report.leads} lead(s), ${report.incomplete} incomplete, ${report.wonDeals} won, ${report.projectIncomplete} project(s) incomplete, ${report.projectsRecorded} recorded`,
  );
  type Lead = { x_h23_project_missing: string | false; x_h23_missing: string | false };
  const fields = ['x_h23_project_missing', 'x_h23_missing'];
  const [open] = await admin.call<Lead[]>('crm.lead', 'read', [[openDealId], fields]);
  const [incomplete] = await admin.call<Lead[]>('crm.lead', 'read', [[incompleteLeadId], fields]);
  if (!open?.x_h23_project_missing || !incomplete?.x_h23_missing)
    throw new Error(`the leads job did not flag the open deal's project data or the incomplete lead`);

  const [lang] = await admin.call<Array<{ date_format: string }>>(
    'res.lang',
    'search_read',
    [[['code', '=', LANG]]],
    { fields: ['date_format'] },
  );
  const actions = {} as Record<keyof typeof LEAD_ACTIONS, number>;
  for (const [key, ref] of Object.entries(LEAD_ACTIONS) as Array<[keyof typeof LEAD_ACTIONS, string]>)
    actions[key] = await xmlidToId(admin, ref);
  return {
    actions,
    openDealId,
    doneDealId,
    incompleteLeadId,
    toWinLeadId,
    wonStageId: wonStage,
    dateFormat: lang?.date_format ?? '%d/%m/%Y',
    lostByReason,
    lostByQuarter,
    runJob,
  };
}

/** A dealer-local (Jakarta) date, `days` from today. */
function daysFromToday(days: number): string {
  const jakarta = new Date(Date.now() + 7 * 3600_000 + days * 86_400_000);
  return jakarta.toISOString().slice(0, 10);
}

/** An id_ID number as shown (`1.234,5`). */
const parseShown = (text: string): number => Number(text.trim().replace(/\./g, '').replace(',', '.'));

/** The list footer's aggregate under the column of `field` (leading footer cells span columns). */
async function footerValue(page: Page, field: string): Promise<number> {
  const heads = await page.locator('.o_list_view thead tr').first().locator('th').all();
  const names = await Promise.all(heads.map((th) => th.getAttribute('data-name')));
  const index = names.indexOf(field);
  if (index < 0) throw new Error(`no column ${field} in the list`);
  let column = 0;
  for (const cell of await page.locator('.o_list_view tfoot tr').first().locator('td').all()) {
    const span = Number((await cell.getAttribute('colspan')) ?? 1);
    if (index < column + span) return parseShown(await cell.innerText());
    column += span;
  }
  throw new Error(`no footer under ${field}`);
}

async function facets(page: Page): Promise<string[]> {
  return (await visible(page.locator('.o_searchview_facet')).allInnerTexts()).map((t) =>
    t.replace(/\s+/g, ' ').trim(),
  );
}

/** The kanban's column titles, left to right, without their counts. */
async function columnTitles(page: Page): Promise<string[]> {
  const titles = await visible(page.locator('.o_kanban_group .o_column_title')).allInnerTexts();
  return titles.map((t) =>
    t
      .replace(/\s*\(\d+\)\s*$/, '')
      .replace(/\s+\d+$/, '')
      .trim(),
  );
}

/** `--shots=DIR`: the screen checks save a screenshot of the complaint screens there. */
const SHOTS = process.argv.find((arg) => arg.startsWith('--shots='))?.slice('--shots='.length);

async function pivotMeasures(page: Page): Promise<string[]> {
  return (await visible(page.locator('.o_pivot_measure_row')).allInnerTexts()).map((t) => t.trim());
}

/**
 * The screens each role works from, on the data --seed prepared. Every check is a step of its
 * own; an English label of the module on these screens is an error.
 */
async function checkScreens(
  { page, drain }: Tab,
  check: Check,
  role: Role,
  user: Session,
  items: MenuItem[],
) {
  const scenario = check.scenario as Scenario;
  const base = check.env.url;
  const urlOf = (actionId: number, recordId?: number) =>
    check.version >= 18
      ? `${base}/odoo/action-${actionId}${recordId ? `/${recordId}` : ''}`
      : `${base}/web#action=${actionId}&menu_id=${check.rootId}${recordId ? `&id=${recordId}&view_type=form` : ''}`;
  const open = async (url: string, view: string) => {
    await page.goto('about:blank').catch(() => page.goto('about:blank'));
    await page.goto(url);
    await settle(page, view);
  };
  // What a check saw, printed beside its "ok".
  let seen: string[] = [];
  const see = (text: string) => void seen.push(text);
  const screen = async (name: string, run: () => Promise<string[]>) => {
    seen = [];
    let errors: string[];
    try {
      errors = [...(await run()), ...(await problems(page, drain))];
    } catch (error) {
      errors = [...(await problems(page, drain)), `no view: ${String(error).split('\n')[0]}`];
    }
    errors.push(...(await englishLabels(page)).map((text) => `English label "${text}"`));
    check.rows.push({
      role,
      menu: 'Layar harian',
      step: name,
      result: errors.length ? `ERROR ${errors.join(' | ')}` : `ok (${seen.join('; ')})`,
    });
  };
  const expect = (ok: boolean, message: string): string[] => (ok ? [] : [message]);
  const landing = items.find((item) => item.actionId === scenario.landingId);
  // Odoo scrolls inside its views: a larger window shows all the columns, the whole form.
  const shoot = async (name: string, size: { width: number; height: number }) => {
    if (!SHOTS) return;
    mkdirSync(SHOTS, { recursive: true });
    const path = `${SHOTS}/${check.version}-${role}-${name}.png`;
    const usual = page.viewportSize();
    await page.setViewportSize(size);
    await page.waitForTimeout(500);
    await page.screenshot({ path });
    if (usual) await page.setViewportSize(usual);
    console.log(`screenshot ${path}`);
  };
  const wide = { width: 2300, height: 700 };
  const tall = { width: 1440, height: 1900 };

  if ((role === 'workshop_admin' || role === 'crm_admin') && landing) {
    await screen('Follow Up KPB: landing', async () => {
      await page.goto('about:blank');
      await page.goto(
        check.version >= 18
          ? `${base}/odoo/action-${landing.actionId}`
          : `${base}/web#action=${landing.actionId}&menu_id=${check.rootId}`,
      );
      await settle(page, '.o_list_view');
      const rows = await visible(page.locator('.o_data_row')).count();
      const shown = await facets(page);
      const mine = shown.some((facet) => facet.includes('Follow Up Saya'));
      see(`${rows} rows, facets ${shown.join(', ')}`);
      return [
        ...expect(rows > 0, `no follow-up listed (facets: ${shown.join(', ')})`),
        // A workshop admin has none of their own: the branch's; a CRM admin their own.
        ...expect(
          mine === (role === 'crm_admin'),
          `"Follow Up Saya" ${mine ? 'applied' : 'missing'} (facets: ${shown.join(', ')})`,
        ),
      ];
    });
  }
  if (role === 'crm_admin') {
    await screen('Follow Up KPB: kanban columns in process order', async () => {
      await open(urlOf(scenario.actions.followups as number), '.o_list_view');
      await clickTo(page, visible(page.locator('.o_switch_view.o_kanban')), '.o_kanban_view');
      const titles = await columnTitles(page);
      see(titles.join(' → '));
      return expect(
        JSON.stringify(titles.slice(0, STATE_COLUMNS.length)) === JSON.stringify(STATE_COLUMNS),
        `columns ${titles.join(' → ')}`,
      );
    });
    await screen('Follow Up KPB: form with tel: and wa.me', async () => {
      await open(urlOf(scenario.actions.followups as number, scenario.followUpId), '.o_form_view');
      const tel = await page
        .locator('.o_field_widget[name="x_partner_phone"] a')
        .first()
        .getAttribute('href');
      const wa = await page.locator('.o_field_widget[name="x_whatsapp_url"] a').first().getAttribute('href');
      const partner = page.locator('.o_field_widget[name="x_partner_id"]');
      see(`${tel}, ${wa}`);
      const name =
        (await partner.locator('input').count()) > 0
          ? await partner.locator('input').inputValue()
          : await partner.innerText();
      return [
        ...expect(tel === scenario.tel, `phone links to ${tel}, not ${scenario.tel}`),
        ...expect(wa === scenario.whatsapp, `WhatsApp links to ${wa}, not ${scenario.whatsapp}`),
        ...expect(name.trim() === scenario.customer, `customer shown as "${name}"`),
      ];
    });
    await screen('Booking Servis: the event names the customer', async () => {
      await open(urlOf(scenario.actions.bookings as number), '.o_calendar_view');
      const title = visible(page.locator('.o_event_title')).filter({ hasText: scenario.customer });
      await title
        .first()
        .waitFor({ timeout: STEP_TIMEOUT_MS })
        .catch(() => {});
      const titles = await visible(page.locator('.o_event_title')).allInnerTexts();
      see(titles.join(' | '));
      return expect(titles.includes(scenario.calendarTitle), `events: ${titles.join(' | ') || 'none'}`);
    });
  }
  if (role === 'branch_head') {
    await screen('Ringkasan Harian: branch lines only, pivot with Jatuh Tempo', async () => {
      type Line = { x_due: number; x_admin_id: unknown };
      const lines = await user.call<Line[]>('x_h23_daily_summary', 'search_read', [[]], {
        fields: ['x_due', 'x_admin_id'],
      });
      const branchDue = lines.filter((line) => !line.x_admin_id).reduce((sum, line) => sum + line.x_due, 0);
      await open(urlOf(scenario.actions.summaries as number), '.o_list_view');
      const total = await footerValue(page, 'x_due');
      await clickTo(page, visible(page.locator('.o_switch_view.o_pivot')), '.o_pivot_view');
      const measures = await pivotMeasures(page);
      const wanted = ['Jatuh Tempo', 'Dihubungi', 'Booking', 'Servis Selesai'];
      see(`total Jatuh Tempo ${total}; pivot ${measures.join(', ')}`);
      return [
        ...expect(total === branchDue, `list total Jatuh Tempo ${total}, the branch lines say ${branchDue}`),
        ...expect(
          wanted.every((m) => measures.includes(m)),
          `pivot measures: ${measures.join(', ')}`,
        ),
        ...expect(
          !measures.some((m) => m.includes('%')),
          `a percentage summed in the pivot: ${measures.join(', ')}`,
        ),
      ];
    });
  }
  if (role === 'customer_service') {
    const complaints = scenario.actions.complaints as number;
    await screen('Keluhan Pelanggan: kanban columns in SOP order, empty ones too', async () => {
      await open(urlOf(complaints), '.o_kanban_view');
      const titles = await columnTitles(page);
      // The seeded complaint waits in its stage's column.
      const column = visible(page.locator('.o_kanban_group')).nth(titles.indexOf('Konfirmasi Pelanggan'));
      const card = column
        .locator('.o_kanban_record:not(.o_kanban_ghost)')
        .filter({ hasText: SCENARIO.complaint });
      const found = titles.includes('Konfirmasi Pelanggan') && (await card.count()) > 0;
      see(`${titles.join(' → ')}; complaint ${found ? 'in' : 'not in'} Konfirmasi Pelanggan`);
      await shoot('complaint-kanban', wide);
      return [
        ...expect(
          JSON.stringify(titles) === JSON.stringify(COMPLAINT_COLUMNS),
          `columns ${titles.join(' → ')}`,
        ),
        ...expect(found, `"${SCENARIO.complaint}" is not a card of Konfirmasi Pelanggan`),
      ];
    });
    // What the form says at the top of the sheet, where the user looks after a click: only
    // what is in sight without scrolling.
    const sheetWarnings = async () => {
      const height = page.viewportSize()?.height ?? 0;
      const shown: string[] = [];
      for (const alert of await visible(page.locator('.o_form_sheet .alert-warning')).all()) {
        const box = await alert.boundingBox();
        if (box && box.y + box.height <= height)
          shown.push((await alert.innerText()).replace(/\s+/g, ' ').trim());
      }
      return shown;
    };
    const currentStage = async () =>
      (await visible(page.locator('.o_statusbar_status .o_arrow_button_current')).allInnerTexts())
        .join(' ')
        .trim();
    await screen('Keluhan Pelanggan: form of a complaint awaiting the customer', async () => {
      await open(urlOf(complaints, scenario.complaintId), '.o_form_view');
      const subject = page.locator('.o_field_widget[name="x_subject"]');
      const shown =
        (await subject.locator('input').count()) > 0
          ? await subject.locator('input').inputValue()
          : await subject.innerText();
      const stage = await currentStage();
      const warnings = await sheetWarnings();
      see(`"${shown}", stage ${stage}`);
      await shoot('complaint-form', tall);
      return [
        ...expect(shown.trim() === SCENARIO.complaint, `subject shown as "${shown}"`),
        ...expect(stage === 'Konfirmasi Pelanggan', `status bar at "${stage}"`),
        ...expect(warnings.length === 0, `warnings on a complete step: ${warnings.join(' | ')}`),
      ];
    });
    await screen('Keluhan Pelanggan: "Selesai" without the customer\'s confirmation is refused', async () => {
      await open(urlOf(complaints, scenario.complaintId), '.o_form_view');
      await visible(page.locator('.o_statusbar_status button[data-value="done"]')).first().click();
      // The form's notice of invalid fields and its warning, or the server's refusal in a dialog.
      const told = visible(page.locator('.o_notification, .modal-content'));
      await told
        .first()
        .waitFor({ timeout: STEP_TIMEOUT_MS })
        .catch(() => {});
      await page.waitForTimeout(600);
      const clean = (texts: string[]) => texts.map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
      const notices = clean(await visible(page.locator('.o_notification')).allInnerTexts());
      const dialogs = clean(await visible(page.locator('.modal-content .modal-body')).allInnerTexts());
      const warnings = await sheetWarnings();
      await shoot('complaint-refused', tall);
      if (dialogs.length > 0) await page.keyboard.press('Escape');
      // The server's refusal is what this step expects; any other server error is not.
      const server = drain();
      const unexpected = server.filter((line) => !/UserError.*belum dapat ditutup/.test(line));
      const [after] = await user.call<Array<{ x_stage: string }>>('x_h23_complaint', 'read', [
        [scenario.complaintId],
        ['x_stage'],
      ]);
      const discard = visible(page.locator('.o_form_button_cancel'));
      if ((await discard.count()) > 0) await discard.first().click();
      const stageAfter = await currentStage();
      const said = [
        ...notices.map((t) => `notice "${t}"`),
        ...warnings.map((t) => `form "${t}"`),
        ...dialogs.map((t) => `dialog "${t}"`),
      ];
      see(
        `${said.join(', ') || 'nothing shown'}; saved stage ${after?.x_stage}; after discard ${stageAfter}`,
      );
      // Odoo 17's notice names the invalid fields; 19's does not ("Field-field yang diperlukan
      // kurang"): there the form's warning says it.
      const explains = (t: string) => t.includes('belum dapat ditutup') && t.includes('Konfirmasi Pelanggan');
      const clear =
        notices.some((t) => t.includes('Konfirmasi Pelanggan')) ||
        warnings.some(explains) ||
        dialogs.some(explains);
      return [
        ...unexpected,
        ...expect(clear, `no clear refusal: ${said.join(', ') || 'nothing shown'}`),
        ...expect(after?.x_stage === 'confirmation', `the complaint was saved in stage ${after?.x_stage}`),
        ...expect(stageAfter === 'Konfirmasi Pelanggan', `status bar at "${stageAfter}" after discarding`),
      ];
    });
  }
  if (role === 'area_coordinator') {
    await screen('Kualitas Database: latest snapshot, totals true, share averaged', async () => {
      type Row = { x_customers: number; x_valid_rate: number };
      const latest = await user.call<Row[]>(
        'x_h23_data_quality',
        'search_read',
        [[['x_latest', '=', true]]],
        {
          fields: ['x_customers', 'x_valid_rate'],
        },
      );
      const customers = latest.reduce((sum, row) => sum + row.x_customers, 0);
      const share = latest.reduce((sum, row) => sum + row.x_valid_rate, 0) / Math.max(latest.length, 1);
      await open(urlOf(scenario.actions.quality as number), '.o_pivot_view');
      const shown = await facets(page);
      const measures = await pivotMeasures(page);
      // The grand total row comes first; its first cell is the first measure, Data Pelanggan (Unit).
      const cell = await page
        .locator('.o_pivot table tbody tr')
        .first()
        .locator('td.o_pivot_cell_value')
        .first()
        .innerText();
      await clickTo(page, visible(page.locator('.o_switch_view.o_list')), '.o_list_view');
      const listed = await footerValue(page, 'x_customers');
      const averaged = await footerValue(page, 'x_valid_rate');
      see(`pivot total ${cell}, list total ${listed}, share ${averaged} (avg); pivot ${measures.join(', ')}`);
      return [
        ...expect(
          shown.some((f) => f.includes('Data Terbaru')),
          `facets: ${shown.join(', ')}`,
        ),
        ...expect(measures[0] === 'Data Pelanggan (Unit)', `pivot measures: ${measures.join(', ')}`),
        // Odoo would sum a share (no aggregator on fields made over RPC): it is no pivot measure.
        ...expect(
          !measures.some((m) => m.includes('%')),
          `a share summed in the pivot: ${measures.join(', ')}`,
        ),
        ...expect(
          parseShown(cell) === customers,
          `pivot total Data Pelanggan ${cell}, the latest snapshot has ${customers}`,
        ),
        ...expect(
          listed === customers,
          `list total Data Pelanggan ${listed}, the latest snapshot has ${customers}`,
        ),
        ...expect(
          Math.abs(averaged - share) < 0.01,
          `list Data Lengkap (%) ${averaged}, the average is ${share}`,
        ),
      ];
    });
  }
  const steps: Steps = { screen, open, see, expect, shoot, urlOf };
  if (role === 'customer_relations_officer' || role === 'head_of_marketing')
    await checkKpiScreens({ page, drain }, check, role, user, items, steps);
  if (role === SALESPERSON && scenario.leads)
    await checkLeadScreens({ page, drain }, scenario.leads, user, steps);
}

/** What checkScreens gives the screens of one area: steps, navigation, screenshots. */
type Steps = {
  screen: (name: string, run: () => Promise<string[]>) => Promise<void>;
  open: (url: string, view: string) => Promise<void>;
  see: (text: string) => void;
  expect: (ok: boolean, message: string) => string[];
  shoot: (name: string, size: { width: number; height: number }) => Promise<void>;
  urlOf: (actionId: number, recordId?: number) => string;
};

/** The KPI menu paths each KPI role sees: nothing of the workshop's. */
const KPI_MENUS: Record<'customer_relations_officer' | 'head_of_marketing', string[]> = {
  customer_relations_officer: ['CRM H23 / KPI CRO / Scorecard KPI'],
  head_of_marketing: ['CRM H23 / KPI CRO / Scorecard KPI', 'CRM H23 / KPI CRO / Validasi Sampel'],
};
const KPI_ROWS = ['KPI-1', 'KPI-2', 'KPI-3', 'KPI-4', 'KPI-5', 'KPI-6'];

/**
 * The scorecards as an officer (their own) and as the Head of Marketing (everyone's, and the
 * samples to validate), on the cards the KPI job wrote for --seed.
 */
async function checkKpiScreens(
  { page }: Tab,
  check: Check,
  role: 'customer_relations_officer' | 'head_of_marketing',
  user: Session,
  items: MenuItem[],
  { screen, open, see, expect, shoot, urlOf }: Steps,
) {
  const kpi = (check.scenario as Scenario).kpi;
  const officer = role === 'customer_relations_officer';
  const wide = { width: 2300, height: 800 };
  const tall = { width: 1440, height: 1900 };
  const texts = async (locator: Locator) =>
    (await visible(locator).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());

  await screen('KPI CRO: the menus of the role', async () => {
    const paths = items.map((item) => item.path);
    see(paths.join(', '));
    return expect(JSON.stringify(paths) === JSON.stringify(KPI_MENUS[role]), `menus: ${paths.join(', ')}`);
  });
  await screen('KPI CRO: opening the app lands on the scorecards', async () => {
    await page.goto('about:blank');
    await page.goto(`${check.env.url}/${check.version >= 18 ? 'odoo' : 'web'}`);
    await visible(page.locator('.o_navbar_apps_menu button')).first().click();
    // 17 renders the apps inside the navbar's dropdown, 19 in a popover at the end of the page.
    const app = visible(page.locator('.o_app')).filter({ hasText: 'CRM H23' });
    await clickTo(page, app, '.o_list_view');
    const title = (await texts(page.locator('.o_breadcrumb'))).join(' ');
    const sections = await texts(page.locator('.o_menu_sections > *'));
    see(`"${title}", menu ${sections.join(' | ')}`);
    return [
      ...expect(title.includes('Scorecard KPI CRO'), `landed on "${title}"`),
      ...expect(JSON.stringify(sections) === JSON.stringify(['KPI CRO']), `menu ${sections.join(' | ')}`),
    ];
  });
  // The action's default filter: quarters. An officer's are theirs; the Head of Marketing's all.
  const quarters: unknown[] = [['x_kind', '=', 'quarter']];
  if (officer) quarters.push(['x_officer_id', '=', kpi.officer.id]);
  const admin = await Session.open(check.env, ODOO_USER as string, ODOO_PASSWORD as string);
  const expected = await admin.call<number>('x_h23_kpi_score', 'search_count', [quarters]);
  await screen(`Scorecard KPI: ${officer ? 'own cards only' : 'every card'}`, async () => {
    await open(urlOf(kpi.actions.scores), '.o_list_view');
    const rows = await visible(page.locator('.o_data_row')).count();
    const names = new Set(await texts(page.locator('.o_data_row td[name="x_officer_id"]')));
    const shown = await facets(page);
    see(`${rows} rows, officers ${[...names].join(', ') || '-'}, facets ${shown.join(', ')}`);
    await shoot('kpi-list', wide);
    return [
      ...expect(rows === expected, `${rows} cards listed, ${expected} expected`),
      ...expect(shown.includes('Kuartal'), `facets: ${shown.join(', ')}`),
      ...(officer
        ? expect(names.size === 1 && names.has(kpi.officer.name), `officers listed: ${[...names].join(', ')}`)
        : expect(
            names.has(kpi.officer.name) && names.has(kpi.otherOfficer.name),
            `officers listed: ${[...names].join(', ')}`,
          )),
    ];
  });
  await screen('Scorecard KPI: pivot of Total Skor by officer and period', async () => {
    await open(urlOf(kpi.actions.scores), '.o_list_view');
    await clickTo(page, visible(page.locator('.o_switch_view.o_pivot')), '.o_pivot_view');
    const measures = await pivotMeasures(page);
    const heads = await texts(page.locator('.o_pivot table tbody th'));
    see(`measures ${measures.join(', ')}; rows ${heads.join(', ')}`);
    await shoot('kpi-pivot', wide);
    return [
      ...expect(JSON.stringify(measures).includes('Total Skor'), `pivot measures: ${measures.join(', ')}`),
      ...expect(!measures.some((m) => m.includes('%')), `a percentage summed: ${measures.join(', ')}`),
      ...expect(heads.includes(kpi.officer.name), `rows: ${heads.join(', ')}`),
      ...expect(heads.includes(kpi.otherOfficer.name) !== officer, `rows: ${heads.join(', ')}`),
    ];
  });
  await screen('Scorecard KPI: graph of Total Skor per period', async () => {
    await open(urlOf(kpi.actions.scores), '.o_list_view');
    await clickTo(page, visible(page.locator('.o_switch_view.o_graph')), '.o_graph_view');
    // Chart.js draws after the view is shown: slower on a busy machine.
    const canvas = visible(page.locator('.o_graph_view canvas'));
    await canvas
      .first()
      .waitFor({ timeout: 5000 })
      .catch(() => {});
    const drawn = await canvas.count();
    const measure = (await texts(page.locator('.o_graph_view .o_graph_renderer'))).join(' ');
    see(`${drawn} chart(s)`);
    await shoot('kpi-graph', { width: 1440, height: 900 });
    return [
      ...expect(drawn === 1, `${drawn} charts drawn`),
      ...expect(!/tidak ada data/i.test(measure), 'the graph shows no data'),
    ];
  });
  await screen(`Scorecard KPI: form of ${KPI.quarter} with its KPI table and samples`, async () => {
    await open(urlOf(kpi.actions.scores, kpi.quarterCardId), '.o_form_view');
    const title = (await texts(page.locator('.oe_title'))).join(' ');
    const kpiRows = page.locator('.o_h23_kpi_table tbody tr');
    const labels = (await texts(kpiRows.locator('td:first-child'))).map((t) => t.slice(0, 5));
    const cells = await visible(kpiRows.locator('.o_field_widget')).count();
    const stage = (await texts(page.locator('.o_statusbar_status .o_arrow_button_current'))).join(' ');
    const tab = visible(page.locator('.o_notebook .nav-link')).filter({ hasText: 'Sampel Audit' });
    if ((await tab.count()) > 0) await tab.first().click();
    const sampleRows = page.locator('.o_field_widget[name="x_sample_ids"] .o_data_row');
    await visible(sampleRows)
      .first()
      .waitFor({ timeout: 5000 })
      .catch(() => {});
    const samples = await visible(sampleRows).count();
    see(`"${title}", ${stage}, KPI rows ${labels.join(' ')} (${cells} figures), ${samples} samples`);
    await shoot('kpi-form', tall);
    return [
      ...expect(title.includes(KPI.quarter) && title.includes(kpi.officer.name), `title "${title}"`),
      ...expect(JSON.stringify(labels) === JSON.stringify(KPI_ROWS), `KPI rows: ${labels.join(', ')}`),
      ...expect(
        cells === KPI_ROWS.length * 4,
        `${cells} figures in the KPI table, ${KPI_ROWS.length * 4} expected`,
      ),
      ...expect(stage === 'Menunggu Validasi', `status bar at "${stage}"`),
      ...expect((await tab.count()) === 1, 'no "Sampel Audit" tab'),
      ...expect(
        samples === kpi.quarterSamples && samples > 0,
        `${samples} samples, ${kpi.quarterSamples} drawn`,
      ),
    ];
  });
  if (officer) return;

  type Sample = { id: number; x_validation: string; x_representative: boolean; x_note: string | false };
  const readSample = async (id: number) =>
    (
      await user.call<Sample[]>('x_h23_kpi_sample', 'read', [
        [id],
        ['x_validation', 'x_representative', 'x_note'],
      ])
    )[0];
  // The list's order is the model's: the same as a search without order.
  const pending = await user.call<Array<{ id: number; x_score_id: [number, string] }>>(
    'x_h23_kpi_sample',
    'search_read',
    [[['x_validation', '=', 'pending']]],
    { fields: ['x_score_id'] },
  );
  const first = pending.findIndex((sample) => sample.x_score_id[0] === kpi.quarterCardId);
  const rows = visible(page.locator('.o_list_view .o_data_row'));
  const editing = page.locator('.o_list_view .o_data_row.o_selected_row');
  const edit = async (index: number) => {
    await rows.nth(index).locator('td[name="x_validation"]').click();
    await editing.waitFor({ timeout: STEP_TIMEOUT_MS });
  };
  // 17 edits a selection in a <select>; 19 in its SelectMenu, whose items open in a popover.
  const choose = async (label: string) => {
    const field = editing.locator('.o_field_widget[name="x_validation"]');
    if ((await field.locator('select').count()) > 0)
      return void (await field.locator('select').selectOption({ label }));
    await field.locator('input, .o_select_menu_toggler').first().click();
    await visible(page.locator('.o_select_menu_item')).filter({ hasText: label }).first().click();
  };
  const note = editing.locator('[name="x_note"] textarea');
  const save = async () => {
    await visible(page.locator('.o_list_button_save')).first().click();
    await page.waitForTimeout(800);
  };
  await screen('Validasi Sampel: the pending samples in an editable list', async () => {
    await open(urlOf(kpi.actions.samples), '.o_list_view');
    const shown = await facets(page);
    const listed = await rows.count();
    const heads = await texts(page.locator('.o_list_view thead th[data-name]'));
    see(`${listed} rows, facets ${shown.join(', ')}; columns ${heads.join(', ')}`);
    await shoot('kpi-samples', wide);
    return [
      ...expect(listed === pending.length, `${listed} rows, ${pending.length} pending`),
      ...expect(shown.includes('Belum Divalidasi'), `facets: ${shown.join(', ')}`),
      ...expect(
        ['Validasi', 'Representatif', 'Catatan Validasi'].every((h) => heads.includes(h)),
        `columns ${heads.join(', ')}`,
      ),
      ...expect(first >= 0 && first + 1 < pending.length, `fewer than two samples of ${KPI.quarter}`),
    ];
  });
  const approved = pending[first];
  const rejected = pending[first + 1];
  if (!approved || !rejected) return;
  await screen('Validasi Sampel: Disetujui and Representatif, with a note, saved', async () => {
    await edit(first);
    await choose('Disetujui');
    await editing.locator('[name="x_representative"] input[type="checkbox"]').check();
    await note.fill('Jawaban sesuai standar perusahaan.');
    await save();
    await editing.waitFor({ state: 'detached', timeout: 5000 }).catch(() => {});
    const saved = await readSample(approved.id);
    see(`saved ${JSON.stringify(saved)}`);
    return expect(
      saved?.x_validation === 'approved' &&
        saved.x_representative &&
        saved.x_note === 'Jawaban sesuai standar perusahaan.',
      `saved as ${JSON.stringify(saved)}`,
    );
  });
  await screen('Validasi Sampel: Ditolak needs a Catatan', async () => {
    await edit(first + 1);
    await choose('Ditolak');
    await note.fill('');
    await save();
    const invalid = await editing.locator('.o_field_invalid, .o_invalid_cell, td.o_invalid_cell').count();
    const invalidNote = await editing
      .locator('[name="x_note"].o_field_invalid, td.o_invalid_cell[name="x_note"]')
      .count();
    const notices = await texts(page.locator('.o_notification'));
    const before = await readSample(rejected.id);
    await shoot('kpi-samples-rejected-without-note', wide);
    await note.fill('Balasan tidak menjawab pertanyaan pelanggan.');
    await save();
    await editing.waitFor({ state: 'detached', timeout: 5000 }).catch(() => {});
    const after = await readSample(rejected.id);
    const decorated = await rows.nth(first + 1).evaluate((row) => row.className);
    see(
      `without a note: ${invalid} invalid field(s) (Catatan ${invalidNote}), notice "${notices.join(' | ')}", stored ${before?.x_validation}; with one: ${after?.x_validation}; row ${decorated}`,
    );
    await shoot('kpi-samples-saved', wide);
    return [
      ...expect(invalidNote > 0, 'Catatan not marked as required when Ditolak'),
      ...expect(before?.x_validation === 'pending', `saved without a note as ${before?.x_validation}`),
      ...expect(
        after?.x_validation === 'rejected' && after.x_note === 'Balasan tidak menjawab pertanyaan pelanggan.',
        `saved with a note as ${JSON.stringify(after)}`,
      ),
      ...expect(decorated.includes('text-danger'), `the rejected row reads "${decorated}"`),
    ];
  });
}

/** An amount as the pivot shows it in id_ID (`Rp 245.500.000,00`). */
const parseAmount = (text: string): number => parseShown(text.replace(/[^\d.,-]/g, ''));

/** An ISO date in a strftime format of res.lang (`%d/%m/%Y`), as a user types it. */
function typedDate(iso: string, format: string): string {
  const [year, month, day] = iso.split('-');
  const typed = format.replace('%Y', String(year)).replace('%m', String(month)).replace('%d', String(day));
  if (typed.includes('%')) throw new Error(`date format ${format} not supported by the check`);
  return typed;
}

/**
 * A salesperson's leads screens in Odoo's CRM app (issue 17, SOP Manajemen Hubungan Pelanggan):
 * the past clients, the won deal's BAST page filled through the form and the project alert gone
 * after the leads job, the incomplete lead's alert, and the lost-reason pivot's figures.
 */
async function checkLeadScreens(
  { page }: Tab,
  leads: LeadsScenario,
  user: Session,
  { screen, open, see, expect, shoot, urlOf }: Steps,
) {
  const tall = { width: 1440, height: 1900 };
  const clean = (texts: string[]) => texts.map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
  const texts = async (locator: Locator) => clean(await visible(locator).allInnerTexts());
  const alerts = () => texts(page.locator('.o_form_sheet .alert'));
  const field = (name: string) => page.locator(`.o_form_view .o_field_widget[name="${name}"]`);
  type Lead = {
    x_h23_project_missing: string | false;
    x_h23_missing: string | false;
    x_h23_contract_value: number;
    x_h23_products: string | false;
    x_h23_completion_date: string | false;
    x_h23_project_recorded: string | false;
    partner_id: [number, string] | false;
  };
  const readLead = async (id: number) =>
    (
      await user.call<Lead[]>('crm.lead', 'read', [
        [id],
        [
          'x_h23_project_missing',
          'x_h23_missing',
          'x_h23_contract_value',
          'x_h23_products',
          'x_h23_completion_date',
          'x_h23_project_recorded',
          'partner_id',
        ],
      ])
    )[0] as Lead;
  const clientStatus = async (partnerId: number) =>
    (
      await user.call<Array<{ x_h23_client_status: string | false }>>('res.partner', 'read', [
        [partnerId],
        ['x_h23_client_status'],
      ])
    )[0]?.x_h23_client_status;
  /** The salesperson's activities asking for the project data on the deal: open ones, done ones. */
  const projectActivities = async (leadId: number) => {
    const domain = [
      ['res_model', '=', 'crm.lead'],
      ['res_id', '=', leadId],
      ['summary', 'like', 'Lengkapi data proyek'],
    ];
    const kwargs = { fields: ['active'], context: { active_test: false } };
    const rows = await user.call<Array<{ active: boolean }>>(
      'mail.activity',
      'search_read',
      [domain],
      kwargs,
    );
    return { open: rows.filter((r) => r.active).length, done: rows.filter((r) => !r.active).length };
  };
  const [openDeal, doneDeal] = [await readLead(leads.openDealId), await readLead(leads.doneDealId)];
  const openCustomer = openDeal.partner_id ? openDeal.partner_id[1] : '';
  const doneCustomer = doneDeal.partner_id ? doneDeal.partner_id[1] : '';
  const openHandover = async () => {
    await open(urlOf(leads.actions.handovers, leads.openDealId), '.o_form_view');
    const tab = visible(page.locator('.o_notebook .nav-link')).filter({ hasText: 'Serah Terima (BAST)' });
    const found = (await tab.count()) === 1;
    if (found) await tab.first().click();
    return found;
  };

  await screen('Mantan Klien: the handed-over customer listed, the open deal’s not yet', async () => {
    await open(urlOf(leads.actions.pastClients), '.o_list_view');
    const rows = await texts(page.locator('.o_data_row'));
    const listed = (name: string) => rows.some((row) => row.includes(name));
    see(`${rows.length} row(s): ${rows.join(' | ')}`);
    await shoot('past-clients', { width: 1440, height: 900 });
    return [
      ...expect(Boolean(doneCustomer) && listed(doneCustomer), `"${doneCustomer}" not listed`),
      ...expect(
        Boolean(openCustomer) && !listed(openCustomer),
        `"${openCustomer}" listed before its handover`,
      ),
    ];
  });
  await screen('Mantan Klien: the customer’s form reads Status Klien B2B: Mantan Klien', async () => {
    await open(urlOf(leads.actions.pastClients), '.o_list_view');
    const row = visible(page.locator('.o_data_row')).filter({ hasText: doneCustomer });
    await clickTo(page, row.locator('.o_data_cell'), '.o_form_view');
    const labels = await texts(page.locator('.o_form_label').filter({ hasText: 'Status Klien B2B' }));
    const status = (await texts(field('x_h23_client_status'))).join(' ');
    see(`${labels.join(' ')}: ${status}`);
    await shoot('past-client-form', tall);
    return [
      ...expect(labels.length === 1, `label "Status Klien B2B" shown ${labels.length} time(s)`),
      ...expect(status === 'Mantan Klien', `status shown as "${status}"`),
    ];
  });
  await screen('Proyek Serah Terima (BAST): both handed-over deals listed', async () => {
    await open(urlOf(leads.actions.handovers), '.o_list_view');
    const rows = await texts(page.locator('.o_data_row'));
    const heads = await texts(page.locator('.o_list_view thead th[data-name]'));
    see(`${rows.length} row(s); columns ${heads.join(', ')}`);
    return [
      ...expect(
        [LEADS.open.deal, LEADS.done.deal].every((deal) => rows.some((row) => row.includes(deal))),
        `rows: ${rows.join(' | ')}`,
      ),
      ...expect(heads.includes('Data Proyek Belum Lengkap'), `columns ${heads.join(', ')}`),
    ];
  });
  await screen('BAST: the won deal asks for its project data on an editable Serah Terima page', async () => {
    const tab = await openHandover();
    const shown = await alerts();
    const asked = openDeal.x_h23_project_missing || '';
    const activities = await projectActivities(leads.openDealId);
    const editable: string[] = [];
    for (const name of ['x_h23_contract_value', 'x_h23_products', 'x_h23_completion_date']) {
      const input = field(name).locator('input, textarea').first();
      if ((await input.count()) > 0 && (await input.isEditable())) editable.push(name);
    }
    const bridgeInputs = await field('x_h23_project_recorded').locator('input').count();
    see(`alerts ${shown.join(' | ')}; ${activities.open} open activity; editable ${editable.join(', ')}`);
    await shoot('lead-bast-asked', tall);
    return [
      ...expect(tab, 'no "Serah Terima (BAST)" tab'),
      ...expect(
        shown.some(
          (t) => t.startsWith('Data proyek (BAST) belum lengkap') && Boolean(asked) && t.includes(asked),
        ),
        `alerts: ${shown.join(' | ') || 'none'} (stored "${asked}")`,
      ),
      ...expect(
        !shown.some((t) => t.startsWith('Data prospek belum lengkap')),
        `alerts: ${shown.join(' | ')}`,
      ),
      ...expect(activities.open === 1, `${activities.open} open activities asking for the project`),
      ...expect(editable.length === 3, `editable: ${editable.join(', ') || 'none'}`),
      ...expect(bridgeInputs === 0, 'the bridge’s "Tercatat sebagai Mantan Klien" is editable'),
    ];
  });
  const { project } = LEADS;
  await screen('BAST: the salesperson enters the project data and saves', async () => {
    if (!(await openHandover())) return ['no "Serah Terima (BAST)" tab'];
    await field('x_h23_contract_value').locator('input').fill(String(project.contract));
    await field('x_h23_products').locator('textarea').fill(project.products);
    const date = field('x_h23_completion_date').locator('input');
    await date.fill(typedDate(project.completion, leads.dateFormat));
    await date.press('Enter');
    // Out of the date field (its picker closes), then save.
    await visible(page.locator('.o_notebook .nav-link'))
      .filter({ hasText: 'Serah Terima (BAST)' })
      .first()
      .click();
    await visible(page.locator('.o_form_button_save')).first().click();
    await visible(page.locator('.o_form_button_save'))
      .first()
      .waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS })
      .catch(() => {});
    await page.waitForTimeout(600);
    const saved = await readLead(leads.openDealId);
    const values = {
      contract: saved.x_h23_contract_value,
      products: saved.x_h23_products,
      completion: saved.x_h23_completion_date,
    };
    see(`saved ${JSON.stringify(values)}`);
    return expect(JSON.stringify(values) === JSON.stringify(project), `saved as ${JSON.stringify(values)}`);
  });
  await screen('BAST: after the leads job the alert is gone and the customer is a Mantan Klien', async () => {
    const report = await leads.runJob();
    await openHandover();
    const shown = await alerts();
    const stored = await readLead(leads.openDealId);
    const recorded = (await texts(field('x_h23_project_recorded'))).join(' ');
    const activities = await projectActivities(leads.openDealId);
    const status = openDeal.partner_id ? await clientStatus(openDeal.partner_id[0]) : undefined;
    see(
      `job: ${report.projectsCompleted} completed, ${report.projectsRecorded} recorded; alerts ${shown.join(' | ') || 'none'}; recorded "${recorded}"; activities ${JSON.stringify(activities)}; ${openCustomer}: ${status}`,
    );
    await shoot('lead-bast-recorded', tall);
    return [
      ...expect(!shown.some((t) => t.startsWith('Data proyek (BAST)')), `alerts: ${shown.join(' | ')}`),
      ...expect(stored.x_h23_project_missing === false, `stored "${stored.x_h23_project_missing}"`),
      ...expect(stored.x_h23_project_recorded === LEADS.runDay, `recorded ${stored.x_h23_project_recorded}`),
      ...expect(recorded.length > 0, '"Tercatat sebagai Mantan Klien" shows nothing'),
      ...expect(activities.open === 0 && activities.done >= 1, `activities ${JSON.stringify(activities)}`),
      ...expect(status === 'past_client', `${openCustomer} is "${status}"`),
    ];
  });
  await screen('Prospek: the lead with missing data says what is missing', async () => {
    await open(urlOf(leads.actions.pipeline, leads.incompleteLeadId), '.o_form_view');
    const shown = await alerts();
    const stored = (await readLead(leads.incompleteLeadId)).x_h23_missing || '';
    see(`alerts ${shown.join(' | ') || 'none'}`);
    await shoot('lead-incomplete', tall);
    return [
      ...expect(
        shown.some((t) => t === `Data prospek belum lengkap: ${stored}`) && stored.includes('no. HP'),
        `alerts: ${shown.join(' | ') || 'none'} (stored "${stored}")`,
      ),
      ...expect(!shown.some((t) => t.startsWith('Data proyek')), `alerts: ${shown.join(' | ')}`),
    ];
  });
  await screen('Prospek: Odoo’s Won button puts a deal of the team in its stage Menang', async () => {
    await open(urlOf(leads.actions.pipeline, leads.toWinLeadId), '.o_form_view');
    await visible(page.locator('.o_form_statusbar button[name="action_set_won_rainbowman"]')).first().click();
    type Stage = { stage_id: [number, string]; probability: number };
    const read = async () =>
      (await user.call<Stage[]>('crm.lead', 'read', [[leads.toWinLeadId], ['stage_id', 'probability']]))[0];
    let won = await read();
    for (let n = 0; n < 20 && won?.probability !== 100; n++) {
      await page.waitForTimeout(500);
      won = await read();
    }
    see(`stage ${won?.stage_id[1]}, probability ${won?.probability}`);
    return [
      ...expect(won?.probability === 100, `probability ${won?.probability} after the Won button`),
      ...expect(
        won?.stage_id[0] === leads.wonStageId,
        `won into "${won?.stage_id[1]}" (id ${won?.stage_id[0]}), not the team's Menang (id ${leads.wonStageId}): the bridge's LD-4 does not see the deal`,
      ),
    ];
  });
  await screen('Analisis Alasan Kalah: pivot of lost revenue by reason and quarter, as seeded', async () => {
    await open(urlOf(leads.actions.lost), '.o_pivot_view');
    const rows: Array<{ head: string; cells: number[] }> = [];
    for (const row of await visible(page.locator('.o_pivot table tbody tr')).all()) {
      const head = (await row.locator('th').first().innerText()).replace(/\s+/g, ' ').trim();
      rows.push({ head, cells: (await row.locator('td').allInnerTexts()).map(parseAmount) });
    }
    const [total, ...reasons] = rows;
    const byReason = new Map(reasons.map((r) => [r.head, r.cells.at(-1)]));
    const expected = leads.lostByReason;
    const sum = [...expected.values()].reduce((a, b) => a + b, 0);
    const measures = await pivotMeasures(page);
    const shownRows = rows.map((r) => `${r.head} ${r.cells.join('/')}`).join('; ');
    see(`measures ${measures.join(', ')}; ${shownRows}`);
    await shoot('lost-pivot', { width: 1440, height: 900 });
    return [
      ...expect(
        JSON.stringify([...byReason.keys()].sort()) === JSON.stringify([...expected.keys()].sort()),
        `reason rows ${[...byReason.keys()].join(', ')}, seeded ${[...expected.keys()].join(', ')}`,
      ),
      ...[...expected].flatMap(([reason, value]) =>
        expect(byReason.get(reason) === value, `${reason}: ${byReason.get(reason)}, seeded ${value}`),
      ),
      ...expect(total?.cells.at(-1) === sum, `total ${total?.cells.at(-1)}, seeded ${sum}`),
      ...expect(
        JSON.stringify(total?.cells.slice(0, -1)) === JSON.stringify(leads.lostByQuarter),
        `quarters ${total?.cells.slice(0, -1).join(', ')}, seeded ${leads.lostByQuarter.join(', ')}`,
      ),
    ];
  });
}

function printTable(rows: Row[]): void {
  const width = (key: keyof Row) => Math.max(key.length, ...rows.map((r) => r[key].length));
  const [w1, w2, w3] = [width('role'), width('menu'), width('step')];
  const line = (r: Row) => `${r.role.padEnd(w1)}  ${r.menu.padEnd(w2)}  ${r.step.padEnd(w3)}  ${r.result}`;
  console.log(line({ role: 'role', menu: 'menu', step: 'view', result: 'result' }));
  console.log('-'.repeat(w1 + w2 + w3 + 14));
  for (const row of rows) console.log(line(row));
}

const { ODOO_URL, ODOO_DB, ODOO_USER, ODOO_PASSWORD } = process.env;

async function main(): Promise<number> {
  if (!ODOO_URL || !ODOO_DB || !ODOO_USER || !ODOO_PASSWORD) {
    console.log('SKIP test/browser/menus.ts: set ODOO_URL, ODOO_DB, ODOO_USER, ODOO_PASSWORD (admin).');
    return 0;
  }
  if (!existsSync(CHROMIUM)) {
    console.log(`SKIP test/browser/menus.ts: ${CHROMIUM} is not installed.`);
    return 0;
  }
  const env: Env = { url: ODOO_URL.replace(/\/+$/, ''), db: ODOO_DB };
  const { server_serie } = await rpc<{ server_serie: string }>(env.url, 'common', 'version', []);
  const admin = await Session.open(env, ODOO_USER, ODOO_PASSWORD);
  await ensureLanguage(admin);
  for (const role of ROLES) await ensureRoleUser(admin, role);
  const rootId = await xmlidToId(admin, ROOT_MENU);
  const domain = ['&', ['model', '=', 'ir.actions.act_window'], ['module', '=', 'h23_crm']];
  const ownActions = await admin.call<Array<{ res_id: number }>>('ir.model.data', 'search_read', [domain]);
  const actionIds = ownActions.map((r) => r.res_id);
  // The module declares its leads screens only where Odoo's CRM is installed.
  const crmRoot = await xmlidToIdOrNull(admin, CRM_ROOT_MENU);
  const crm =
    crmRoot && (await xmlidToIdOrNull(admin, LEAD_ACTIONS.handovers))
      ? { rootId: crmRoot, actions: new Set(actionIds) }
      : undefined;
  if (crm) await ensureRoleUser(admin, SALESPERSON);
  const roles: Role[] = crm ? [...ROLES, SALESPERSON] : [...ROLES];
  let scenario: Scenario | undefined;
  if (process.argv.includes('--seed')) {
    // First: the generic seed below only fills the models this leaves empty.
    scenario = await prepareScenario(admin, { ...env, user: ODOO_USER, password: ODOO_PASSWORD }, crm);
    const actions = await admin.call<Array<{ res_model: string }>>('ir.actions.act_window', 'read', [
      actionIds,
    ]);
    await seed(admin, [...new Set(actions.map((a) => a.res_model))]);
  }
  const version = Number.parseInt(server_serie, 10);
  const check: Check = { env, version, rootId, rows: [], warnings: new Set(), crm, scenario };
  if (!crm)
    check.rows.push({
      role: SALESPERSON,
      menu: '(role)',
      step: 'setup',
      result: "skipped: Odoo's CRM is not installed (no leads screens)",
    });

  console.log(`Odoo ${server_serie} · ${env.url} · db ${env.db} · lang ${LANG}\n`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: BROWSER_ARGS,
  });
  try {
    for (const role of roles)
      await checkRole(browser, admin, check, role).catch((error: unknown) =>
        check.rows.push({ role, menu: '(role)', step: 'setup', result: `ERROR ${String(error)}` }),
      );
  } finally {
    await browser.close();
  }
  printTable(check.rows);
  if (check.warnings.size > 0) console.log(`\nWarnings (labels that look English or unexpected):`);
  for (const warning of check.warnings) console.log(`  ${warning}`);
  const errors = check.rows.filter((r) => r.result.startsWith('ERROR')).length;
  console.log(`\n${check.rows.length} steps, ${errors} error(s), ${check.warnings.size} warning(s).`);
  return errors > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`menus.ts stopped: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
