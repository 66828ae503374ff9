import { FOLLOWUP, UNIT } from '../../module/models.js';
import { PARTNER } from '../../module/odoo-models.js';
import type { WorkCalendar } from '../../rules/followup/calendar.js';
import type { ReminderCustomer, ReminderStage, StoredReminder } from '../../rules/followup/reminders.js';
import type { FollowUpResult, FollowUpState } from '../../rules/followup/schedule.js';
import type { Segment } from '../../rules/loyalty/segments.js';
import { chunk } from './batching.js';
import type { OdooClient } from './client.js';
import { type Branch, type FollowUpClosing, FollowUpStore } from './followup-store.js';
import { consentFields, optedOut } from './partner-consent.js';
import { decodeRecord, fieldNames } from './schema-codec.js';

/** A reminder as stored, with its admin (whose activity it gets). */
export interface StoredReminderRecord extends StoredReminder {
  adminId: number | null;
}

/** A customer the reminders look at, with what the activity text needs. */
export interface ReminderCandidate extends ReminderCustomer {
  name: string | null;
  optedOut: boolean;
}

export interface NewReminder {
  unitId: number;
  partnerId: number;
  branchId: number | null;
  stage: ReminderStage;
  dueDate: string;
  lastService: string;
  adminId: number | null;
}

export interface ReminderActivity {
  followUpId: number;
  stage: ReminderStage;
  userId: number | null;
  dueDate: string;
  summary: string;
  note: string;
}

/** What the reminder job reads and writes (memory in tests: test/support/memory-reminder-store.ts). */
export interface ReminderStore {
  branches(): Promise<Branch[]>;
  calendar(
    calendarId: number | null,
    from: string,
    to: string,
    options: { timeZone: string; worksCutiBersama: boolean },
  ): Promise<WorkCalendar>;
  openLoad(): Promise<Map<number, number>>;
  /** Customers Aktif, Loyal or Berisiko, with their units and whether a KPB follow-up is open, page by page. */
  customers(): AsyncIterable<ReminderCandidate[]>;
  /** The reminders and win-backs of these customers, any state. */
  remindersOf(partnerIds: readonly number[]): Promise<StoredReminderRecord[]>;
  createReminders(
    rows: readonly NewReminder[],
  ): Promise<Array<{ index: number; id?: number; error?: string }>>;
  /** Reminders among these that already have their activity (open or done). */
  withActivity(followUpIds: readonly number[]): Promise<Set<number>>;
  createActivities(rows: readonly ReminderActivity[]): Promise<number>;
  close(rows: readonly FollowUpClosing[]): Promise<void>;
  /** The customers' numbers, for the activity. */
  phones(partnerIds: readonly number[]): Promise<Map<number, { phone: string | null }>>;
}

const STAGES: readonly ReminderStage[] = ['service', 'winback'];
const CANDIDATE_SEGMENTS: readonly Segment[] = ['loyal', 'active', 'at_risk'];
const UNIT_READ = [
  'engineNumber',
  'modelName',
  'partnerId',
  'branch',
  'purchaseDate',
  'kpb1Date',
  'kpb2Date',
  'kpb3Date',
  'kpb4Date',
  'lastKm',
] as const;
const REMINDER_READ = [
  'partnerId',
  'unitId',
  'stage',
  'state',
  'result',
  'dueDate',
  'lastService',
  'adminId',
] as const;
const OPEN_STATES = ['todo', 'contacted', 'booked'];

/**
 * The reminders after KPB 4 in Odoo: the customers the nightly segments put in Aktif, Loyal or
 * Berisiko, their units, and their follow-ups of stage `service` or `winback` (the KPB schedule
 * reads only follow-ups with a KPB). The unit's odometer is the one its latest A2 row recorded,
 * read as of its latest KPB date.
 */
export class OdooReminderStore implements ReminderStore {
  private readonly followUps: FollowUpStore;

  constructor(private readonly client: OdooClient) {
    this.followUps = new FollowUpStore(client);
  }

  branches(): Promise<Branch[]> {
    return this.followUps.branches();
  }

  calendar(
    calendarId: number | null,
    from: string,
    to: string,
    options: { timeZone: string; worksCutiBersama: boolean },
  ): Promise<WorkCalendar> {
    return this.followUps.calendar(calendarId, from, to, options);
  }

  openLoad(): Promise<Map<number, number>> {
    return this.followUps.openLoad();
  }

  async *customers(pageSize = 2000): AsyncGenerator<ReminderCandidate[]> {
    const keys = ['name', 'segment', 'lastService'] as const;
    const consent = await consentFields(this.client);
    for await (const page of this.client.searchPages(
      PARTNER.model,
      [
        [PARTNER.f.segment, 'in', [...CANDIDATE_SEGMENTS]],
        [PARTNER.f.lastService, '!=', false],
      ],
      [...fieldNames(PARTNER, keys), ...consent],
      { pageSize },
    )) {
      const units = await this.unitsOf(page.map((record) => record.id));
      const kpbOpen = await this.kpbOpenOf(units);
      yield page.map((record) => {
        const partner = decodeRecord(PARTNER, keys, record);
        return {
          partnerId: partner.id,
          name: partner.name,
          segment: partner.segment as Segment | null,
          lastService: partner.lastService,
          units: units.get(partner.id) ?? [],
          kpbOpen: kpbOpen.has(partner.id),
          optedOut: optedOut(record),
        };
      });
    }
  }

  private async unitsOf(
    partnerIds: readonly number[],
  ): Promise<Map<number, ReminderCustomer['units'][number][]>> {
    const found = new Map<number, ReminderCustomer['units'][number][]>();
    const records = await this.client.searchRead(
      UNIT.model,
      [
        [UNIT.f.partnerId, 'in', [...partnerIds]],
        [UNIT.f.purchaseDate, '!=', false],
      ],
      fieldNames(UNIT, UNIT_READ),
      { idsOnly: true },
    );
    for (const record of records) {
      const unit = decodeRecord(UNIT, UNIT_READ, record);
      if (!unit.partnerId || !unit.purchaseDate) continue;
      const kpbDates = [unit.kpb1Date, unit.kpb2Date, unit.kpb3Date, unit.kpb4Date].filter(
        (date): date is string => Boolean(date),
      );
      const list = found.get(unit.partnerId) ?? [];
      list.push({
        unitId: unit.id,
        engineNumber: unit.engineNumber ?? '',
        modelName: unit.modelName,
        branchId: unit.branch,
        purchaseDate: unit.purchaseDate,
        kpb4Date: unit.kpb4Date,
        lastKm: unit.lastKm || null,
        lastKmDate: kpbDates.sort().at(-1) ?? null,
      });
      found.set(unit.partnerId, list);
    }
    return found;
  }

  /** The customers owning these units who have an open KPB follow-up on one of them. */
  private async kpbOpenOf(
    units: ReadonlyMap<number, ReminderCustomer['units'][number][]>,
  ): Promise<Set<number>> {
    const ownerOf = new Map<number, number>();
    for (const [partnerId, list] of units) for (const unit of list) ownerOf.set(unit.unitId, partnerId);
    const open = new Set<number>();
    for (const part of chunk([...ownerOf.keys()], 2000)) {
      const records = await this.client.searchRead(
        FOLLOWUP.model,
        [
          [FOLLOWUP.f.unitId, 'in', part],
          [FOLLOWUP.f.kpb, '!=', false],
          [FOLLOWUP.f.state, 'in', OPEN_STATES],
        ],
        fieldNames(FOLLOWUP, ['unitId']),
        { idsOnly: true },
      );
      for (const record of records) {
        const owner = ownerOf.get(decodeRecord(FOLLOWUP, ['unitId'], record).unitId ?? 0);
        if (owner) open.add(owner);
      }
    }
    return open;
  }

  async remindersOf(partnerIds: readonly number[]): Promise<StoredReminderRecord[]> {
    const found: StoredReminderRecord[] = [];
    for (const part of chunk([...partnerIds], 2000)) {
      const records = await this.client.searchRead(
        FOLLOWUP.model,
        [
          [FOLLOWUP.f.partnerId, 'in', part],
          [FOLLOWUP.f.stage, 'in', [...STAGES]],
        ],
        fieldNames(FOLLOWUP, REMINDER_READ),
        { idsOnly: true },
      );
      for (const record of records) {
        const reminder = decodeRecord(FOLLOWUP, REMINDER_READ, record);
        found.push({
          id: reminder.id,
          partnerId: reminder.partnerId ?? 0,
          unitId: reminder.unitId ?? 0,
          stage: reminder.stage as ReminderStage,
          state: (reminder.state ?? 'todo') as FollowUpState,
          result: reminder.result as FollowUpResult | null,
          dueDate: String(reminder.dueDate),
          lastService: reminder.lastService,
          adminId: reminder.adminId,
        });
      }
    }
    return found;
  }

  createReminders(
    rows: readonly NewReminder[],
  ): Promise<Array<{ index: number; id?: number; error?: string }>> {
    // A reminder is a call (WhatsApp or phone) by the admin.
    return this.followUps.createFollowUps(rows.map((row) => ({ ...row, kpb: null, channel: 'wa_call' })));
  }

  withActivity(followUpIds: readonly number[]): Promise<Set<number>> {
    return this.followUps.withActivity(followUpIds);
  }

  createActivities(rows: readonly ReminderActivity[]): Promise<number> {
    return this.followUps.createActivities(rows);
  }

  close(rows: readonly FollowUpClosing[]): Promise<void> {
    return this.followUps.close(rows);
  }

  phones(partnerIds: readonly number[]): Promise<Map<number, { phone: string | null }>> {
    return this.followUps.partners(partnerIds);
  }
}
