import type { FollowUpClosing } from '../../src/connectors/odoo/followup-store.js';
import type {
  NewReminder,
  ReminderActivity,
  ReminderCandidate,
  ReminderStore,
  StoredReminderRecord,
} from '../../src/connectors/odoo/reminder-store.js';
import { type WorkCalendar, workCalendar } from '../../src/rules/followup/calendar.js';
import { type KillSwitch, spendWrite } from './kill-switch.js';

interface MemoryActivity {
  followUpId: number;
  userId: number | null;
  summary: string;
  done: boolean;
  feedback: string | null;
}

/**
 * The reminders' side of one Odoo in memory: customers (as the segments left them), their
 * reminders and activities, one branch with two admins. `killSwitch` counts records written.
 */
export class MemoryReminderStore implements ReminderStore {
  readonly candidates: ReminderCandidate[] = [];
  readonly reminders: Array<StoredReminderRecord & { doneDate: string | null; feedback: string | null }> = [];
  readonly activities: MemoryActivity[] = [];
  admins = [7, 8];
  pageSize = 2;
  private nextId = 1;

  constructor(private readonly killSwitch?: KillSwitch) {}

  async branches() {
    return [{ id: 3, name: 'AHASS Satu', dealerCode: 'A1', crmAdminIds: this.admins, calendarId: null }];
  }

  async calendar(): Promise<WorkCalendar> {
    return workCalendar();
  }

  async openLoad(): Promise<Map<number, number>> {
    const load = new Map<number, number>();
    for (const reminder of this.reminders) {
      if ((reminder.state === 'todo' || reminder.state === 'contacted') && reminder.adminId)
        load.set(reminder.adminId, (load.get(reminder.adminId) ?? 0) + 1);
    }
    return load;
  }

  async *customers(): AsyncGenerator<ReminderCandidate[]> {
    for (let start = 0; start < this.candidates.length; start += this.pageSize)
      yield this.candidates.slice(start, start + this.pageSize).map((customer) => ({ ...customer }));
  }

  async remindersOf(partnerIds: readonly number[]): Promise<StoredReminderRecord[]> {
    return this.reminders
      .filter((reminder) => partnerIds.includes(reminder.partnerId))
      .map(({ doneDate: _d, feedback: _f, ...reminder }) => ({ ...reminder }));
  }

  async createReminders(rows: readonly NewReminder[]) {
    return rows.map((row, index) => {
      spendWrite(this.killSwitch);
      const id = this.nextId++;
      this.reminders.push({
        id,
        partnerId: row.partnerId,
        unitId: row.unitId,
        stage: row.stage,
        state: 'todo',
        result: null,
        dueDate: row.dueDate,
        lastService: row.lastService,
        adminId: row.adminId,
        doneDate: null,
        feedback: null,
      });
      return { index, id };
    });
  }

  async withActivity(followUpIds: readonly number[]): Promise<Set<number>> {
    return new Set(
      this.activities.filter((a) => followUpIds.includes(a.followUpId)).map((a) => a.followUpId),
    );
  }

  async createActivities(rows: readonly ReminderActivity[]): Promise<number> {
    for (const row of rows) {
      spendWrite(this.killSwitch);
      this.activities.push({
        followUpId: row.followUpId,
        userId: row.userId,
        summary: row.summary,
        done: false,
        feedback: null,
      });
    }
    return rows.length;
  }

  async close(rows: readonly FollowUpClosing[]): Promise<void> {
    for (const row of rows) {
      // The activities first, then the follow-up, as in Odoo's store.
      for (const activity of this.activities) {
        if (activity.followUpId !== row.followUpId || activity.done) continue;
        spendWrite(this.killSwitch);
        activity.done = true;
        activity.feedback = row.feedback;
      }
      const reminder = this.reminders.find((candidate) => candidate.id === row.followUpId);
      if (!reminder) continue;
      spendWrite(this.killSwitch);
      reminder.state = row.state === 'contacted' ? 'contacted' : row.state;
      reminder.doneDate = row.doneDate ?? reminder.doneDate;
      reminder.feedback = row.feedback;
    }
  }

  async phones(partnerIds: readonly number[]) {
    return new Map(partnerIds.map((id) => [id, { phone: `0812000${String(id).padStart(5, '0')}` }]));
  }

  /** The end state without ids, for comparing runs. */
  snapshot() {
    const keyOf = new Map(this.reminders.map((r) => [r.id, `${r.partnerId}:${r.stage}:${r.dueDate}`]));
    return {
      reminders: this.reminders
        .map(({ id: _id, adminId: _a, ...rest }) => rest)
        .sort((a, b) => `${a.partnerId}${a.dueDate}`.localeCompare(`${b.partnerId}${b.dueDate}`)),
      activities: this.activities
        .map((activity) => ({ ...activity, followUpId: keyOf.get(activity.followUpId), userId: null }))
        .sort((a, b) => String(a.followUpId).localeCompare(String(b.followUpId))),
    };
  }
}
