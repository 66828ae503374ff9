import type { NoticeStore, StoredNotice } from '../connectors/odoo/notice-store.js';
import type { Logger } from '../logging/logger.js';
import { type CustomerNotice, type NoticePurpose, planNotices } from '../rules/notices/plan.js';

export type { CustomerNotice, NoticePurpose, NoticeStore, StoredNotice };

/**
 * Customer notices, for every feature that reaches a customer outside a follow-up (survey
 * invitations, loyalty enrolments, reminders, greetings): each key is recorded once as a
 * notice in Odoo, with its channel decided, before anything is sent; then its WhatsApp is
 * queued in the outbox (the blast sends it at the number's pace and within the messaging limit)
 * or its e-mail in Odoo's mail queue, each looked up by the notice before it is made, so a run
 * killed at any point completes on the next without sending anything twice.
 */

export interface NoticeReport {
  whatsapp: number;
  email: number;
  /** Not sent, by reason (as the admin reads it). */
  skipped: Record<string, number>;
  /** Recorded before (sent or skipped by an earlier run). */
  already: number;
  /** Left pending by a run that stopped, completed now. */
  completed: number;
}

export async function sendNotices(
  store: NoticeStore,
  logger: Logger,
  notices: readonly CustomerNotice[],
  today: string,
): Promise<NoticeReport> {
  const report: NoticeReport = { whatsapp: 0, email: 0, skipped: {}, already: 0, completed: 0 };
  if (notices.length === 0) return report;
  const recorded = await store.recorded(notices.map((notice) => notice.key));
  const fresh = notices.filter((notice) => !recorded.has(notice.key));
  const unfinished = [...recorded.values()].filter((notice) => notice.state === 'pending');
  report.already = recorded.size - unfinished.length;
  report.completed = unfinished.length;

  let made: StoredNotice[] = [];
  if (fresh.length > 0) {
    const purposes = [...new Set(fresh.map((notice) => notice.purpose))];
    const [recipients, templates] = await Promise.all([
      store.recipients([...new Set(fresh.map((notice) => notice.partnerId))]),
      store.templates(purposes),
    ]);
    const decisions = planNotices(fresh, new Set(recorded.keys()), recipients, templates);
    made = await store.record(decisions, today);
    for (const decision of decisions) {
      if (decision.channel === null)
        report.skipped[decision.reason] = (report.skipped[decision.reason] ?? 0) + 1;
    }
  }

  const toSend = [...unfinished, ...made.filter((notice) => notice.state === 'pending')];
  const byWhatsApp = toSend.filter((notice) => notice.channel === 'whatsapp');
  const byEmail = toSend.filter((notice) => notice.channel === 'email');
  if (byWhatsApp.length > 0) await store.queueWhatsApp(byWhatsApp);
  if (byEmail.length > 0) await store.queueEmails(byEmail);
  if (toSend.length > 0)
    await store.markSent(
      toSend.map((notice) => notice.id),
      today,
    );
  report.whatsapp = byWhatsApp.length;
  report.email = byEmail.length;
  logger.info(report, 'customer notices');
  return report;
}
