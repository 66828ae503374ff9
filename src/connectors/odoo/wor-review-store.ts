import { ACTIVITY_TYPES } from '../../module/activity-types.js';
import { modelXmlid } from '../../module/model-spec.js';
import { BRANCH, WOR } from '../../module/models.js';
import { ACTIVITY } from '../../module/odoo-models.js';
import type { RecordUpdate } from './batching.js';
import type { OdooClient } from './client.js';
import { resolveXmlids } from './external-ids.js';
import { type WriteError, writeGrouped } from './grouped-writes.js';
import { decodeRecord, encodeValues, fieldNames } from './schema-codec.js';

/**
 * The review activities of WORs that need a human, one open activity per WOR,
 * given to the workshop admins of the WOR's branch.
 */

export interface WorReview {
  worId: number;
  branchId: number | null;
  /** The activity's note (HTML evidence), kept current on an open activity. */
  evidence: string | null;
}

export interface WorReviewStore {
  /** One open review activity per WOR: created once, its note kept current. Returns how many were created. */
  openReviews(reviews: readonly WorReview[], errors: WriteError[]): Promise<number>;
  /** Marks the WORs' open review activities done. Returns how many. */
  closeReviews(worIds: readonly number[]): Promise<number>;
}

const REVIEW_SUMMARY = 'Tinjau WOR: pilih Keputusan Admin';
const REVIEW_FEEDBACK = 'Keputusan admin diterapkan oleh h23-bridge.';

export class OdooWorReviewStore implements WorReviewStore {
  private worModelId: number | null = null;
  private reviewTypeId: number | null = null;
  private workshopAdmins: Map<number, number[]> | null = null;

  constructor(private readonly client: OdooClient) {}

  private async reviewRefs(): Promise<{ model: number; type: number }> {
    if (this.worModelId === null || this.reviewTypeId === null) {
      const found = await resolveXmlids(this.client, [modelXmlid(WOR.model), ACTIVITY_TYPES.worReview]);
      const model = found.get(modelXmlid(WOR.model))?.id;
      const type = found.get(ACTIVITY_TYPES.worReview)?.id;
      if (!model || !type)
        throw new Error('The WOR model or its review activity type is missing: run h23-bridge install');
      this.worModelId = model;
      this.reviewTypeId = type;
    }
    return { model: this.worModelId, type: this.reviewTypeId };
  }

  private async openActivities(worIds: readonly number[]) {
    if (worIds.length === 0) return [];
    const { type } = await this.reviewRefs();
    const records = await this.client.searchRead(
      ACTIVITY.model,
      [
        [ACTIVITY.f.resModel, '=', WOR.model],
        [ACTIVITY.f.resId, 'in', [...worIds]],
        [ACTIVITY.f.type, '=', type],
      ],
      fieldNames(ACTIVITY, ['resId', 'note']),
    );
    return records.map((record) => decodeRecord(ACTIVITY, ['resId', 'note'], record));
  }

  /** Workshop admins of each branch, in id order: reviews are shared among them by WOR id. */
  private async adminsByBranch(): Promise<Map<number, number[]>> {
    if (!this.workshopAdmins) {
      const keys = ['workshopAdminIds', 'picCrmId', 'headId'] as const;
      const branches = await this.client.searchRead(BRANCH.model, [], fieldNames(BRANCH, keys), {
        idsOnly: true,
        context: { active_test: false },
      });
      this.workshopAdmins = new Map(
        branches.map((record) => {
          const branch = decodeRecord(BRANCH, keys, record);
          const admins = branch.workshopAdminIds.slice().sort((a, b) => a - b);
          const fallback = [branch.picCrmId, branch.headId].filter((id): id is number => id !== null);
          return [branch.id, admins.length > 0 ? admins : fallback.slice(0, 1)];
        }),
      );
    }
    return this.workshopAdmins;
  }

  async openReviews(reviews: readonly WorReview[], errors: WriteError[]): Promise<number> {
    if (reviews.length === 0) return 0;
    const existing = await this.openActivities(reviews.map((review) => review.worId));
    const byWor = new Map(existing.map((activity) => [activity.resId, activity]));
    const admins = await this.adminsByBranch();
    const { model, type } = await this.reviewRefs();
    const creates: Record<string, unknown>[] = [];
    const noteUpdates: RecordUpdate[] = [];
    for (const review of reviews) {
      const activity = byWor.get(review.worId);
      if (activity) {
        if (activity.note !== review.evidence)
          noteUpdates.push({ id: activity.id, values: encodeValues(ACTIVITY, { note: review.evidence }) });
        continue;
      }
      const pool = review.branchId ? (admins.get(review.branchId) ?? []) : [];
      const userId = pool.length > 0 ? pool[review.worId % pool.length] : undefined;
      creates.push(
        encodeValues(ACTIVITY, {
          resModelId: model,
          resId: review.worId,
          type,
          summary: REVIEW_SUMMARY,
          note: review.evidence,
          ...(userId ? { user: userId } : {}),
        }),
      );
    }
    await writeGrouped(this.client, ACTIVITY.model, noteUpdates, errors);
    if (creates.length === 0) return 0;
    const created = await this.client.create(ACTIVITY.model, creates, {
      chunkSize: 500,
      context: { mail_activity_quick_update: true },
    });
    return created.filter((outcome) => outcome.id !== undefined).length;
  }

  async closeReviews(worIds: readonly number[]): Promise<number> {
    const activities = await this.openActivities(worIds);
    if (activities.length === 0) return 0;
    await this.client.call(ACTIVITY.model, 'action_feedback', [activities.map((activity) => activity.id)], {
      feedback: REVIEW_FEEDBACK,
    });
    return activities.length;
  }
}
