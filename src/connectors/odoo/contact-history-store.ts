import type { FieldSpec } from '../../module/model-spec.js';
import { FOLLOWUP, WA_MESSAGE } from '../../module/models.js';
import { LOG_ACCESS, PARTNER } from '../../module/odoo-models.js';
import type {
  FollowUpContact,
  HistoryNote,
  OutgoingMessage,
} from '../../rules/customer-care/contact-history.js';
import { instantOfOptionalOdooDatetime as instant } from '../../rules/local-time.js';
import type { OdooClient } from './client.js';
import { KeyedNotes } from './keyed-notes.js';
import { OdooWatermarkStore, type Watermark } from './lease-store.js';
import { decodeRecord, fieldNames, withFields } from './schema-codec.js';

/** What the contact-history job reads (changes since its watermark) and writes (keyed notes). */
export interface ContactHistoryStore {
  watermark(): Promise<Watermark | null>;
  saveWatermark(watermark: Watermark): Promise<void>;
  /** Follow-ups of a customer changed since `writeDate` (all without one), page by page. */
  followUps(since: string | null): AsyncIterable<Array<FollowUpContact & { writeDate: string }>>;
  /** Outgoing WhatsApp messages changed since `writeDate`, page by page. */
  sentMessages(since: string | null): AsyncIterable<Array<OutgoingMessage & { writeDate: string }>>;
  post(notes: readonly HistoryNote[]): Promise<number>;
}

export const HISTORY_WATERMARK = 'contact_history';

const FOLLOWUP_READ = withFields(FOLLOWUP, LOG_ACCESS);
const FOLLOWUP_KEYS = [
  'name',
  'partnerId',
  'kpb',
  'stage',
  'channel',
  'result',
  'feedback',
  'bookingAt',
  'bookingKind',
  'doneDate',
  'writeDate',
] as const;
const MESSAGE_READ = withFields(WA_MESSAGE, LOG_ACCESS);
const MESSAGE_KEYS = ['partnerId', 'followUpId', 'body', 'sentAt', 'writeDate'] as const;

function labelOf(field: FieldSpec, value: string | null): string | null {
  if (value === null) return null;
  return field.selection?.find(([key]) => key === value)?.[1] ?? value;
}

export class OdooContactHistoryStore implements ContactHistoryStore {
  private readonly watermarks: OdooWatermarkStore;
  private readonly notes: KeyedNotes;

  constructor(private readonly client: OdooClient) {
    this.watermarks = new OdooWatermarkStore(client);
    this.notes = new KeyedNotes(client);
  }

  watermark(): Promise<Watermark | null> {
    return this.watermarks.readWatermark(HISTORY_WATERMARK);
  }

  saveWatermark(watermark: Watermark): Promise<void> {
    return this.watermarks.writeWatermark(HISTORY_WATERMARK, watermark);
  }

  async *followUps(since: string | null): AsyncGenerator<Array<FollowUpContact & { writeDate: string }>> {
    const domain: unknown[] = [
      [FOLLOWUP.f.partnerId, '!=', false],
      '|',
      '|',
      [FOLLOWUP.f.result, '!=', false],
      [FOLLOWUP.f.bookingAt, '!=', false],
      [FOLLOWUP.f.doneDate, '!=', false],
    ];
    if (since) domain.push([LOG_ACCESS.writeDate.name, '>=', since]);
    for await (const page of this.client.searchPages(
      FOLLOWUP.model,
      domain,
      fieldNames(FOLLOWUP_READ, FOLLOWUP_KEYS),
      {
        pageSize: 1000,
      },
    )) {
      yield page.map((record) => {
        const f = decodeRecord(FOLLOWUP_READ, FOLLOWUP_KEYS, record);
        return {
          id: f.id,
          partnerId: f.partnerId,
          reference: f.name ?? '',
          kpb: String(f.kpb ?? ''),
          stageLabel: labelOf(FOLLOWUP.fields.stage, f.stage) ?? '',
          channelLabel: labelOf(FOLLOWUP.fields.channel, f.channel) ?? '',
          result: f.result,
          resultLabel: labelOf(FOLLOWUP.fields.result, f.result),
          feedback: f.feedback,
          bookingAt: instant(f.bookingAt),
          bookingKindLabel: labelOf(FOLLOWUP.fields.bookingKind, f.bookingKind),
          doneDate: f.doneDate,
          changedAt: instant(f.writeDate),
          writeDate: f.writeDate ?? '',
        };
      });
    }
  }

  async *sentMessages(since: string | null): AsyncGenerator<Array<OutgoingMessage & { writeDate: string }>> {
    const domain: unknown[] = [
      [WA_MESSAGE.f.direction, '=', 'out'],
      [WA_MESSAGE.f.sentAt, '!=', false],
      [WA_MESSAGE.f.partnerId, '!=', false],
    ];
    if (since) domain.push([LOG_ACCESS.writeDate.name, '>=', since]);
    for await (const page of this.client.searchPages(
      WA_MESSAGE.model,
      domain,
      fieldNames(MESSAGE_READ, MESSAGE_KEYS),
      {
        pageSize: 1000,
      },
    )) {
      const followUpIds = [
        ...new Set(page.map((r) => decodeRecord(MESSAGE_READ, ['followUpId'], r).followUpId)),
      ].filter((id): id is number => id !== null);
      const names = new Map(
        followUpIds.length === 0
          ? []
          : (await this.client.read(FOLLOWUP.model, followUpIds, fieldNames(FOLLOWUP, ['name']))).map((r) => [
              r.id,
              decodeRecord(FOLLOWUP, ['name'], r).name,
            ]),
      );
      yield page.map((record) => {
        const m = decodeRecord(MESSAGE_READ, MESSAGE_KEYS, record);
        return {
          id: m.id,
          partnerId: m.partnerId,
          followUpReference: m.followUpId === null ? null : (names.get(m.followUpId) ?? null),
          body: m.body,
          sentAt: instant(m.sentAt),
          writeDate: m.writeDate ?? '',
        };
      });
    }
  }

  post(notes: readonly HistoryNote[]): Promise<number> {
    return this.notes.post(
      notes.map((note) => ({
        key: note.key,
        model: PARTNER.model,
        resId: note.partnerId,
        body: note.body,
        ...(note.at === null ? {} : { at: note.at }),
      })),
    );
  }
}
