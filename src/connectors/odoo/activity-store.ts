import { type ModelSpec, modelXmlid } from '../../module/model-spec.js';
import { ACTIVITY } from '../../module/odoo-models.js';
import { groupWrites } from './batching.js';
import type { ItemOutcome, OdooClient } from './client.js';
import { resolveXmlids } from './external-ids.js';
import { decodeRecord, encodeValues, fieldNames } from './schema-codec.js';

/**
 * The activities (`mail.activity`) of one of the module's models: the one
 * place that reads and writes them. Activity types are named by external ID
 * (`ACTIVITY_TYPES`); the model's `ir.model` id and the types' ids are
 * resolved together in one `ir.model.data` read, once per store.
 *
 * - `open(resIds, { types, done })`: the open activities of these records
 *   (of these types; `done: true` counts the ones marked done too).
 * - `create(rows)`: new activities, without the "assigned to you" mail.
 * - `markDone(rows)`: `action_feedback` with each row's feedback, one call per
 *   distinct feedback.
 * - `reassign(rows)`: hands activities to other users, one write per user.
 * - `modelId()`: the model's `ir.model` id (calendar events link by it too).
 */

export interface StoredActivity {
  id: number;
  resId: number;
  /** External ID of its type, when it is one of the store's types. */
  type: string | null;
  userId: number | null;
  summary: string;
}

export interface NewActivity {
  resId: number;
  /** External ID of the type: one of the store's types. */
  type: string;
  /** None: Odoo gives it to the creator (17/18) or leaves it unassigned (19). */
  userId: number | null;
  summary: string;
  /** HTML. */
  note: string;
  deadline: string;
}

/**
 * `mail_activity_quick_update` keeps Odoo from mailing the assignee on create
 * and on a change of user (mail.activity create/write call `action_notify`
 * without it; addons/mail/models/mail_activity.py, 17–19). The admins work
 * from their to-do list, and Odoo 17/18 refuse the activity outright when the
 * sender (the bridge user) has no e-mail address.
 */
const QUICK_UPDATE = { mail_activity_quick_update: true } as const;

const READ = ['resId', 'type', 'user', 'summary'] as const;

export class ActivityStore {
  private ids: { model: number; types: Map<string, number> } | null = null;

  constructor(
    private readonly client: OdooClient,
    private readonly schema: Pick<ModelSpec, 'model'>,
    /** External IDs of the activity types the store works with. */
    private readonly types: readonly string[],
    /** The external ID of the model's `ir.model` record: the module's own, or an Odoo model's (`crm.model_crm_lead`). */
    private readonly modelRef = modelXmlid(schema.model),
  ) {}

  private async refs(): Promise<{ model: number; types: Map<string, number> }> {
    if (!this.ids) {
      const modelRef = this.modelRef;
      const found = await resolveXmlids(this.client, [modelRef, ...this.types]);
      const idOf = (xmlid: string): number => {
        const record = found.get(xmlid);
        if (!record) throw new Error(`${xmlid} is missing: run h23-bridge install`);
        return record.id;
      };
      this.ids = {
        model: idOf(modelRef),
        types: new Map(this.types.map((xmlid) => [xmlid, idOf(xmlid)])),
      };
    }
    return this.ids;
  }

  async modelId(): Promise<number> {
    return (await this.refs()).model;
  }

  private async typeIds(types: readonly string[]): Promise<number[]> {
    const known = (await this.refs()).types;
    return types.map((xmlid) => {
      const id = known.get(xmlid);
      if (id === undefined) throw new Error(`${xmlid} is not one of this activity store's types`);
      return id;
    });
  }

  async open(
    resIds: readonly number[],
    options: { types?: readonly string[]; done?: boolean } = {},
  ): Promise<StoredActivity[]> {
    if (resIds.length === 0) return [];
    const domain: unknown[] = [
      [ACTIVITY.f.resModel, '=', this.schema.model],
      [ACTIVITY.f.resId, 'in', [...resIds]],
    ];
    if (options.types) domain.push([ACTIVITY.f.type, 'in', await this.typeIds(options.types)]);
    const { types } = await this.refs();
    const typeOf = new Map([...types].map(([xmlid, id]) => [id, xmlid]));
    const records = await this.client.searchRead(
      ACTIVITY.model,
      domain,
      fieldNames(ACTIVITY, READ),
      options.done ? { context: { active_test: false } } : {},
    );
    return records.map((record) => {
      const activity = decodeRecord(ACTIVITY, READ, record);
      return {
        id: activity.id,
        resId: activity.resId,
        type: activity.type === null ? null : (typeOf.get(activity.type) ?? null),
        userId: activity.user,
        summary: activity.summary ?? '',
      };
    });
  }

  /** Outcomes in input order: an id, or the error Odoo refused the row with. */
  async create(rows: readonly NewActivity[], options: { chunkSize?: number } = {}): Promise<ItemOutcome[]> {
    if (rows.length === 0) return [];
    const model = await this.modelId();
    const typeIds = await this.typeIds(rows.map((row) => row.type));
    return this.client.create(
      ACTIVITY.model,
      rows.map((row, index) =>
        encodeValues(ACTIVITY, {
          resModelId: model,
          resId: row.resId,
          type: typeIds[index] ?? null,
          summary: row.summary,
          note: row.note,
          deadline: row.deadline,
          ...(row.userId ? { user: row.userId } : {}),
        }),
      ),
      { ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}), context: QUICK_UPDATE },
    );
  }

  /** Marks activities done with a feedback each (Odoo posts it in the record's chatter). */
  async markDone(rows: ReadonlyArray<{ id: number; feedback: string }>): Promise<void> {
    for (const { ids, values: feedback } of groupWrites(
      rows.map((row) => ({ id: row.id, values: row.feedback })),
    )) {
      await this.client.call(ACTIVITY.model, 'action_feedback', [ids], { feedback });
    }
  }

  /** A refusal throws: what is not handed over is found again by the next run. */
  async reassign(rows: ReadonlyArray<{ id: number; userId: number }>): Promise<void> {
    for (const group of groupWrites(rows.map((row) => ({ id: row.id, values: row.userId })))) {
      await this.client.call(
        ACTIVITY.model,
        'write',
        [group.ids, encodeValues(ACTIVITY, { user: group.values })],
        {},
        { context: QUICK_UPDATE },
      );
    }
  }
}
