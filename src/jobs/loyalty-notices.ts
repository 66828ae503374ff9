import type { LoyaltyNoticeFacts, MemberChannel } from '../connectors/odoo/loyalty-store.js';
import type { Logger } from '../logging/logger.js';
import { tierNoticeText } from '../rules/loyalty/tier-notice.js';
import { type CustomerNotice, type NoticeStore, sendNotices } from './customer-notices.js';
import type { LoyaltyAnnouncer } from './loyalty.js';

/**
 * The loyalty job's announcements as customer notices (purpose `loyalty`, keyed
 * `loyalty:<partner>:<tier>`): by the dealer's approved WhatsApp template for loyalty (its
 * parameters: the customer's name, the tier) or by e-mail, never to an opted-out customer; one
 * per key, ever, however often it is handed. Answers, per key recorded, the channel it went by
 * (`none`: recorded as not sent, e.g. opted out or no address); a key not recorded is left out,
 * and the loyalty job hands it again on its next run.
 */
export function noticeAnnouncer(
  notices: NoticeStore,
  facts: LoyaltyNoticeFacts,
  logger: Logger,
  today: string,
): LoyaltyAnnouncer {
  return async (announcements) => {
    const channels = new Map<string, MemberChannel>();
    if (announcements.length === 0) return channels;
    const [names, dealerName] = await Promise.all([
      facts.customerNames([...new Set(announcements.map((item) => item.partnerId))]),
      facts.dealerName(),
    ]);
    const list: CustomerNotice[] = announcements.map((item) => {
      const text = tierNoticeText({
        kind: item.kind,
        tier: item.tier,
        enrolledOn: item.enrolledOn,
        customerName: names.get(item.partnerId) ?? null,
        dealerName,
      });
      return {
        key: item.key,
        partnerId: item.partnerId,
        purpose: 'loyalty',
        values: { customer_name: text.values.customerName || null, tier: text.values.tier },
        email: { subject: text.subject, bodyHtml: text.bodyHtml },
      };
    });
    await sendNotices(notices, logger, list, today);
    const recorded = await notices.recorded(list.map((notice) => notice.key));
    for (const notice of list) {
      const stored = recorded.get(notice.key);
      if (!stored) continue;
      if (stored.state === 'skipped') channels.set(notice.key, 'none');
      else if (stored.channel) channels.set(notice.key, stored.channel);
    }
    return channels;
  };
}
