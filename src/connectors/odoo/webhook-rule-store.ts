import { IMPORT_BATCH, WOR } from '../../module/models.js';
import { xmlid } from '../../module/namespace.js';
import {
  AUTOMATION_ADDON as ADDON,
  AUTOMATION,
  IR_MODEL,
  IR_MODEL_FIELDS,
  MODEL_DATA,
  MODULE,
  RECORD_FIELDS,
  SERVER_ACTION,
} from '../../module/odoo-models.js';
import type { OdooClient } from './client.js';
import type { Dialect } from './dialect.js';
import { OdooError } from './errors.js';
import { resolveXmlids } from './external-ids.js';
import type { KeyedRow } from './keyed-records.js';
import { decodeRecord, encodeValues, fieldNames } from './schema-codec.js';

/**
 * The Odoo side of the webhooks: per daemon job, an automation rule
 * (`base.automation`, trigger "on create and edit") whose one action is a
 * server action of type "Send Webhook Notification" (`ir.actions.server`,
 * state `webhook`) that POSTs to the bridge. One on the WOR model (the WOR
 * reconciliation), one on the import batches (the PIC's uploads).
 *
 * Odoo facts (odoo/addons/base/models/ir_actions.py `_run_action_webhook`, Odoo 17–19):
 * - the POST carries only `Content-Type: application/json`: no custom header can
 *   be set, so the bridge's token travels in the URL (`?token=`);
 * - the body is `{_id, _model, _action}` plus the fields in `webhook_field_ids`;
 * - it is sent after the transaction commits (nothing on rollback), synchronously
 *   in the request that made the change, with a 1 s timeout; failures and
 *   timeouts are only logged by Odoo ("send and forget"), never retried;
 * - Odoo logs "Webhook call to <url>" at INFO level, token included;
 * - base.automation runs its actions once per record: a write to 500 WORs makes 500 POSTs.
 * Automation rules come with the `base_automation` addon; since Odoo 17 its
 * actions point to the rule (`ir.actions.server.base_automation_id`, usage
 * `base_automation`). Both models need Administration / Settings
 * (`base.group_system`, which implies Access Rights for `ir.model.data`).
 * With trigger fields, a create always runs the rule and a write only when one
 * of them changed (addons/base_automation/models/base_automation.py
 * `_check_trigger_fields`).
 */

/** A daemon job that Odoo can ask for, and the rule that asks. */
export interface WebhookHook {
  /** The daemon job, which is also the last segment of the webhook path. */
  job: 'wor' | 'import';
  /** Keyed in the module's namespace; `h23-bridge install` leaves names starting with `webhook_` alone. */
  xmlids: { rule: string; action: string };
  ruleName: string;
  ruleDescription: string;
  actionName: string;
  /**
   * Fields whose change calls the bridge, on top of those the caller names
   * (the configured WOR input fields). Fields the bridge itself writes are
   * never watched, so its own writes send no webhook back.
   */
  watchedFields: readonly string[];
}

const byBridge = (what: string) =>
  `<p>Dibuat oleh <code>h23-bridge webhook install</code>. ${what} Jadwal polling bridge tetap berjalan sebagai cadangan. ` +
  'Hapus dengan <code>h23-bridge webhook remove</code>.</p>';

export const WOR_HOOK: WebhookHook = {
  job: 'wor',
  xmlids: { rule: xmlid('webhook_wor_rule'), action: xmlid('webhook_wor_action') },
  ruleName: 'H23: WOR baru/berubah → h23-bridge (webhook)',
  ruleDescription: byBridge(
    'Saat WOR dibuat atau diubah, Odoo memberi tahu h23-bridge agar pencocokan WOR berjalan segera.',
  ),
  actionName: 'H23: kirim webhook WOR ke h23-bridge',
  // The admin's review decision on `WOR`: the reconciliation applies it on its next run.
  watchedFields: [WOR.f.reviewChoice, WOR.f.reviewPartnerId],
};

/** The batch model, as the module declares it. */
export const IMPORT_BATCH_MODEL = IMPORT_BATCH.model;

export const IMPORT_HOOK: WebhookHook = {
  job: 'import',
  xmlids: { rule: xmlid('webhook_import_rule'), action: xmlid('webhook_import_action') },
  ruleName: 'H23: impor laporan diunggah → h23-bridge (webhook)',
  ruleDescription: byBridge(
    'Saat PIC menyimpan batch impor baru atau mengganti berkasnya, Odoo memberi tahu h23-bridge agar impor berjalan segera.',
  ),
  actionName: 'H23: kirim webhook impor ke h23-bridge',
  // The file is what the PIC uploads; the bridge writes state, counts and reports, never the file.
  // A create always calls, the bridge's own batch for a command-line import too: that run finds
  // nothing to take (the batch is running, without a file) and costs one search. No filter domain:
  // Odoo 19 adds the fields of a rule's domain to its trigger fields (`_compute_trigger_field_ids`),
  // so the bridge's writes of the state would be watched.
  watchedFields: [IMPORT_BATCH.f.file],
};

/**
 * Whether an external ID name of the module's namespace belongs to a webhook
 * rule, which `h23-bridge webhook` manages apart from the declared module.
 */
export function isWebhookRuleKey(name: string): boolean {
  return name.startsWith('webhook_');
}

export const AUTOMATION_ADDON = ADDON;
export const AUTOMATION_MODEL = AUTOMATION.model;
export const SERVER_ACTION_MODEL = SERVER_ACTION.model;

/** The rule's trigger ("on create and edit") and its action's type (Send Webhook Notification). */
export const RULE_TRIGGER = 'on_create_or_write';
export const WEBHOOK_ACTION_STATE = 'webhook';

/** Fields in the payload: the record id (always sent as `_id` too) and when it changed; no personal data. */
const PAYLOAD_FIELDS: readonly string[] = [RECORD_FIELDS.id, RECORD_FIELDS.writeDate];

/** State of the `base_automation` addon: `installed`, `uninstalled`, `to install`, …, or `absent` from the database. */
export async function automationAddonState(client: OdooClient): Promise<string> {
  const [row] = await client.searchRead(
    MODULE.model,
    [[MODULE.f.name, '=', AUTOMATION_ADDON]],
    fieldNames(MODULE, ['state']),
  );
  return (row && decodeRecord(MODULE, ['state'], row).state) ?? 'absent';
}

/** Which of these addons are installed in the database, in one read. */
export async function installedAddons(client: OdooClient, names: readonly string[]): Promise<Set<string>> {
  const rows = await client.searchRead(
    MODULE.model,
    [
      [MODULE.f.name, 'in', [...names]],
      [MODULE.f.state, '=', 'installed'],
    ],
    fieldNames(MODULE, ['name']),
  );
  return new Set(rows.map((row) => String(decodeRecord(MODULE, ['name'], row).name)));
}

export interface RuleTargets {
  modelId: number;
  /** Watched fields that exist on the model, by name. */
  triggerFields: Map<string, number>;
  payloadFieldIds: number[];
}

/** The watched model's `ir.model` id and the ids of the fields the rule names. */
export async function resolveRuleTargets(
  client: OdooClient,
  hook: WebhookHook,
  model: string,
  inputFields: readonly string[],
): Promise<RuleTargets> {
  const [found] = await client.searchRead(
    IR_MODEL.model,
    [[IR_MODEL.f.model, '=', model]],
    [RECORD_FIELDS.id],
  );
  if (!found) {
    throw new OdooError({
      code: 'missing',
      message:
        hook.job === 'wor'
          ? `Model ${model} (config wor.model) does not exist in this database: run \`npx h23-bridge install\` first, or name the dealer's WOR model`
          : `Model ${model} does not exist in this database: run \`npx h23-bridge install\` first`,
    });
  }
  const watched = [...inputFields, ...hook.watchedFields];
  const wanted = [...new Set([...PAYLOAD_FIELDS, ...watched])];
  const fields = await client.searchRead(
    IR_MODEL_FIELDS.model,
    [
      [IR_MODEL_FIELDS.f.modelId, '=', found.id],
      [IR_MODEL_FIELDS.f.name, 'in', wanted],
    ],
    fieldNames(IR_MODEL_FIELDS, ['name']),
  );
  const byName = new Map(
    fields.map((raw) => {
      const field = decodeRecord(IR_MODEL_FIELDS, ['name'], raw);
      return [field.name ?? '', field.id];
    }),
  );
  const triggerFields = new Map<string, number>();
  for (const name of watched) {
    const id = byName.get(name);
    if (id !== undefined) triggerFields.set(name, id);
  }
  return {
    modelId: found.id,
    triggerFields,
    payloadFieldIds: PAYLOAD_FIELDS.flatMap((name) => byName.get(name) ?? []),
  };
}

/** The automation rule, keyed by its external ID. */
export function ruleRow(hook: WebhookHook, targets: RuleTargets): KeyedRow {
  return {
    xmlid: hook.xmlids.rule,
    values: encodeValues(AUTOMATION, {
      name: hook.ruleName,
      description: hook.ruleDescription,
      model: targets.modelId,
      trigger: RULE_TRIGGER,
      // Empty would watch every field, the bridge's own writes included.
      triggerFields: [...targets.triggerFields.values()].sort((a, b) => a - b),
      active: true,
    }),
  };
}

/** Its webhook action, keyed by its external ID; `url` carries the token. */
export function actionRow(
  dialect: Dialect,
  hook: WebhookHook,
  targets: RuleTargets,
  ruleId: number,
  url: string,
  exists: boolean,
): KeyedRow {
  // Where Odoo names the action itself, the name is only given to create it (it is required).
  const named = dialect.automationActionNames === 'free' || !exists;
  return {
    xmlid: hook.xmlids.action,
    values: encodeValues(SERVER_ACTION, {
      ...(named ? { name: hook.actionName } : {}),
      model: targets.modelId,
      usage: 'base_automation',
      automation: ruleId,
      state: WEBHOOK_ACTION_STATE,
      webhookUrl: url,
      webhookFields: [...targets.payloadFieldIds].sort((a, b) => a - b),
    }),
  };
}

export interface InstalledRule {
  rule?: {
    id: number;
    active: boolean;
    model: string;
    trigger: string;
    triggerFields: string[];
    /** Server actions the rule runs. */
    actionIds: number[];
  };
  action?: {
    id: number;
    model: string;
    state: string;
    url: string;
    payloadFields: string[];
    ruleId: number | null;
  };
}

const RULE_FIELDS = ['active', 'modelName', 'trigger', 'triggerFields', 'actions'] as const;
const ACTION_FIELDS = ['modelName', 'state', 'webhookUrl', 'webhookFields'] as const;

/** What the database holds under the hook's external IDs (archived rule included). */
export async function readInstalledRule(
  client: OdooClient,
  hook: WebhookHook,
  withAutomation: boolean,
): Promise<InstalledRule> {
  const refs = await resolveXmlids(client, [hook.xmlids.rule, hook.xmlids.action]);
  const installed: InstalledRule = {};
  const ruleRef = refs.get(hook.xmlids.rule);
  const actionRef = refs.get(hook.xmlids.action);
  const context = { active_test: false };
  const [rule] = (
    withAutomation && ruleRef?.model === AUTOMATION_MODEL
      ? await client.read(AUTOMATION_MODEL, [ruleRef.id], fieldNames(AUTOMATION, RULE_FIELDS), { context })
      : []
  ).map((raw) => decodeRecord(AUTOMATION, RULE_FIELDS, raw));
  const actionFields = [...ACTION_FIELDS, ...(withAutomation ? (['automation'] as const) : [])];
  const [action] = (
    actionRef?.model === SERVER_ACTION_MODEL
      ? await client.read(SERVER_ACTION_MODEL, [actionRef.id], fieldNames(SERVER_ACTION, actionFields), {
          context,
        })
      : []
  ).map((raw) => decodeRecord(SERVER_ACTION, [...ACTION_FIELDS, 'automation'], raw));
  const fieldIds = [...(rule?.triggerFields ?? []), ...(action?.webhookFields ?? [])];
  const names = new Map(
    fieldIds.length
      ? (await client.read(IR_MODEL_FIELDS.model, fieldIds, fieldNames(IR_MODEL_FIELDS, ['name']))).map(
          (raw) => {
            const field = decodeRecord(IR_MODEL_FIELDS, ['name'], raw);
            return [field.id, field.name ?? ''];
          },
        )
      : [],
  );
  const named = (ids: readonly number[]) => ids.map((id) => names.get(id) ?? `#${id}`).sort();
  if (rule) {
    installed.rule = {
      id: rule.id,
      active: rule.active,
      model: rule.modelName ?? '',
      trigger: rule.trigger ?? '',
      triggerFields: named(rule.triggerFields),
      actionIds: rule.actions,
    };
  }
  if (action) {
    installed.action = {
      id: action.id,
      model: action.modelName ?? '',
      state: action.state ?? '',
      url: action.webhookUrl ?? '',
      payloadFields: named(action.webhookFields),
      ruleId: action.automation,
    };
  }
  return installed;
}

/**
 * Removes the rule and its action (the action first, though the rule takes it
 * along), then any external ID left. Returns how many records went.
 */
export async function removeInstalledRule(
  client: OdooClient,
  hook: WebhookHook,
  installed: InstalledRule,
): Promise<number> {
  let removed = 0;
  if (installed.action) removed += await client.unlink(SERVER_ACTION_MODEL, [installed.action.id]);
  if (installed.rule) removed += await client.unlink(AUTOMATION_MODEL, [installed.rule.id]);
  const names = [hook.xmlids.rule, hook.xmlids.action].map((full) => full.slice(full.indexOf('.') + 1));
  const keys = await client.searchRead(
    MODEL_DATA.model,
    [
      [MODEL_DATA.f.module, '=', hook.xmlids.rule.split('.')[0]],
      [MODEL_DATA.f.name, 'in', names],
    ],
    [RECORD_FIELDS.id],
  );
  if (keys.length)
    await client.unlink(
      MODEL_DATA.model,
      keys.map((key) => key.id),
    );
  return removed;
}
