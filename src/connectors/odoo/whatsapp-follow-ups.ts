import type { Logger } from '../../logging/logger.js';
import { ACTIVITY_TYPES } from '../../module/activity-types.js';
import { FOLLOWUP } from '../../module/models.js';
import { MESSAGE, ODOO_XMLIDS, PARTNER, SERVER_ACTION } from '../../module/odoo-models.js';
import { PARTNER_BLACKLIST_ACTION } from '../../module/views.js';
import { localDate } from '../../rules/local-time.js';
import type { FirstContactChange, FollowUpEffect } from '../../rules/whatsapp/records.js';
import {
  FIRST_CONTACT_FEEDBACK,
  OPTED_OUT_FEEDBACK,
  REPLY_ACTIVITY_SUMMARY,
  replyActivityNote,
} from '../../rules/whatsapp/reply-text.js';
import { ActivityStore } from './activity-store.js';
import type { OdooClient } from './client.js';
import { resolveXmlids } from './external-ids.js';
import { decodeRecord, encodeValues, fieldNames } from './schema-codec.js';
import { utcText } from './whatsapp-messages.js';

/**
 * What WhatsApp changes on follow-ups and partners: "WA gagal", the contact
 * date, a reply answered (state, chatter, activities), FU1's activity done, and
 * a customer's opt-out. Field writes set only what is still unset, and chatter
 * lines are keyed by Message-Id, so applying an effect twice changes nothing.
 */
export class WhatsAppFollowUps {
  private readonly activities: ActivityStore;
  private subtype: number | null | undefined;

  constructor(
    private readonly client: OdooClient,
    /** The dealer's IANA zone: a reply's day is the dealer's day. */
    private readonly timeZone: string,
    private readonly logger?: Logger,
  ) {
    this.activities = new ActivityStore(client, FOLLOWUP, [
      ACTIVITY_TYPES.kpbFu1,
      ACTIVITY_TYPES.kpbFu2,
      ACTIVITY_TYPES.kpbFu3,
    ]);
  }

  /** Follow-ups still open and without a result, among these. */
  private async openWithoutResult(ids: readonly number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const f = FOLLOWUP.f;
    const records = await this.client.searchRead(
      FOLLOWUP.model,
      [
        ['id', 'in', [...new Set(ids)]],
        [f.result, '=', false],
        [f.state, 'in', ['todo', 'contacted']],
      ],
      ['id'],
    );
    return new Set(records.map((record) => record.id));
  }

  /**
   * "WA gagal" (FU1's activity done: FU2 by phone follows) or the customer's opt-out (every open
   * activity of the follow-up done, then the follow-up closed: nobody is asked to call them).
   * Activities first: a run stopped between finds the follow-up still open and ends it then.
   */
  async changeFirstContacts(changes: readonly FirstContactChange[]): Promise<void> {
    const open = await this.openWithoutResult(changes.map((change) => change.followUpId));
    const wanted = changes.filter((change) => open.has(change.followUpId));
    const failed = wanted
      .filter((change) => change.change === 'wa_failed')
      .map((change) => change.followUpId);
    const optedOut = wanted
      .filter((change) => change.change === 'opted_out')
      .map((change) => change.followUpId);
    await this.finishFirstContacts(failed, FIRST_CONTACT_FEEDBACK.failed);
    await this.closeForConsent(optedOut);
    await this.client.write(
      FOLLOWUP.model,
      wanted.flatMap((change) =>
        change.change === 'wa_failed'
          ? [
              {
                id: change.followUpId,
                values: encodeValues(FOLLOWUP, { result: 'wa_failed', feedback: change.reason }),
              },
            ]
          : [],
      ),
    );
  }

  /** Follow-ups of a customer who asked not to be contacted: their activities done, then closed. */
  private async closeForConsent(followUpIds: readonly number[]): Promise<void> {
    if (followUpIds.length === 0) return;
    const open = await this.activities.open(followUpIds);
    await this.activities.markDone(
      open.map((activity) => ({ id: activity.id, feedback: OPTED_OUT_FEEDBACK })),
    );
    await this.client.write(
      FOLLOWUP.model,
      followUpIds.map((id) => ({
        id,
        values: encodeValues(FOLLOWUP, { state: 'closed', feedback: OPTED_OUT_FEEDBACK }),
      })),
    );
  }

  // --- webhook events ---

  async apply(effects: readonly FollowUpEffect[]): Promise<void> {
    const reached = effects.filter((e) => e.effect === 'reached');
    const failed = effects.flatMap((e) => (e.effect === 'wa_failed' ? [e] : []));
    const answered = effects.flatMap((e) => (e.effect === 'answered' ? [e] : []));
    const optedOut = effects.flatMap((e) => (e.effect === 'opted_out' ? [e] : []));

    if (failed.length > 0) {
      await this.changeFirstContacts(
        failed.map((e) => ({ followUpId: e.followUpId, change: 'wa_failed', reason: e.reason })),
      );
    }
    // FU1 reached the phone: its activity ("send the WhatsApp") is done, nobody sends it again by hand.
    if (reached.length > 0) {
      await this.finishFirstContacts(
        reached.map((e) => e.followUpId),
        FIRST_CONTACT_FEEDBACK.reached,
      );
    }
    // The contact date: FU1 reached the phone, or the customer wrote; kept when already set.
    const contacted = [...reached, ...answered].map((e) => ({
      followUpId: e.followUpId,
      day: localDate(new Date(e.at * 1000), this.timeZone),
    }));
    if (contacted.length > 0) {
      const f = FOLLOWUP.f;
      const unset = await this.client.searchRead(
        FOLLOWUP.model,
        [
          ['id', 'in', [...new Set(contacted.map((c) => c.followUpId))]],
          [f.contactedOn, '=', false],
        ],
        ['id'],
      );
      const open = new Set(unset.map((record) => record.id));
      const first = new Map<number, string>();
      for (const { followUpId, day } of contacted)
        if (open.has(followUpId) && !first.has(followUpId)) first.set(followUpId, day);
      await this.client.write(
        FOLLOWUP.model,
        [...first].map(([id, day]) => ({ id, values: encodeValues(FOLLOWUP, { contactedOn: day }) })),
      );
    }
    if (answered.length > 0) await this.answer(answered);
    if (optedOut.length > 0) {
      const partnerIds = [...new Set(optedOut.map((e) => e.partnerId))];
      const f = PARTNER.f;
      const already = await this.client.searchRead(
        PARTNER.model,
        [
          ['id', 'in', partnerIds],
          [f.optOut, '=', true],
        ],
        ['id'],
      );
      const done = new Set(already.map((record) => record.id));
      await this.client.write(
        PARTNER.model,
        optedOut
          .filter((e) => !done.has(e.partnerId))
          .map((e) => ({
            id: e.partnerId,
            values: encodeValues(PARTNER, { optOut: true, optOutAt: utcText(e.at) }),
          })),
      );
      await this.blacklist(partnerIds);
      // Whatever follow-up is open for them ends: no call after a "Berhenti" either.
      const open = await this.client.searchRead(
        FOLLOWUP.model,
        [
          [FOLLOWUP.f.partnerId, 'in', partnerIds],
          [FOLLOWUP.f.state, 'in', ['todo', 'contacted']],
        ],
        ['id'],
      );
      await this.closeForConsent(open.map((record) => record.id));
    }
  }

  /**
   * A reply: the follow-up is contacted, its chatter shows the message, FU1's own activity is done,
   * and its admin gets one activity to answer and book (SOP 4.2.5). Keyed: the chatter line
   * carries the effect's key as its Message-Id, and a follow-up has one open reply activity at
   * most, so a second delivery of the same reply adds nothing.
   */
  private async answer(
    answered: ReadonlyArray<Extract<FollowUpEffect, { effect: 'answered' }>>,
  ): Promise<void> {
    const messageIds = answered.map((e) => `<${e.key}@h23-bridge>`);
    const posted = await this.client.searchRead(
      MESSAGE.model,
      [[MESSAGE.f.messageId, 'in', [...messageIds, ...answered.map((e) => `<${e.key}:partner@h23-bridge>`)]]],
      fieldNames(MESSAGE, ['messageId']),
    );
    const done = new Set(posted.map((record) => String(record[MESSAGE.f.messageId])));
    const todo = answered.filter((_, index) => !done.has(messageIds[index] as string));
    if (todo.length === 0) return;
    const followUpIds = [...new Set(todo.map((e) => e.followUpId))];
    const followUps = new Map(
      (
        await this.client.read(
          FOLLOWUP.model,
          followUpIds,
          fieldNames(FOLLOWUP, ['state', 'adminId', 'partnerId']),
        )
      ).map((record) => [record.id, decodeRecord(FOLLOWUP, ['state', 'adminId', 'partnerId'], record)]),
    );
    await this.client.write(
      FOLLOWUP.model,
      followUpIds
        .filter((id) => followUps.get(id)?.state === 'todo')
        .map((id) => ({ id, values: encodeValues(FOLLOWUP, { state: 'contacted' }) })),
    );
    await this.finishFirstContacts(followUpIds, FIRST_CONTACT_FEEDBACK.answered);
    const open = await this.activities.open(followUpIds, { types: [ACTIVITY_TYPES.kpbFu1] });
    const asked = new Set(open.filter((a) => a.summary === REPLY_ACTIVITY_SUMMARY).map((a) => a.resId));
    const firstOf = new Map<number, (typeof todo)[number]>();
    for (const e of todo)
      if (!asked.has(e.followUpId) && !firstOf.has(e.followUpId)) firstOf.set(e.followUpId, e);
    await this.activities.create(
      [...firstOf.values()].map((e) => ({
        resId: e.followUpId,
        type: ACTIVITY_TYPES.kpbFu1,
        userId: followUps.get(e.followUpId)?.adminId ?? null,
        summary: REPLY_ACTIVITY_SUMMARY,
        note: replyActivityNote(e.text, e.intent, e.key),
        deadline: localDate(new Date(e.at * 1000), this.timeZone),
      })),
    );
    const subtype = await this.noteSubtype();
    // The customer's own chatter too, before the follow-up's (the follow-up's line marks the reply applied).
    const onPartner = todo.flatMap((e) => {
      const partnerId = followUps.get(e.followUpId)?.partnerId;
      const messageId = `<${e.key}:partner@h23-bridge>`;
      return partnerId && !done.has(messageId)
        ? [
            encodeValues(MESSAGE, {
              model: PARTNER.model,
              resId: partnerId,
              body: replyActivityNote(e.text, e.intent, e.key),
              messageType: 'comment',
              subtype,
              messageId,
            }),
          ]
        : [];
    });
    if (onPartner.length > 0) await this.client.create(MESSAGE.model, onPartner);
    await this.client.create(
      MESSAGE.model,
      todo.map((e) =>
        encodeValues(MESSAGE, {
          model: FOLLOWUP.model,
          resId: e.followUpId,
          body: replyActivityNote(e.text, e.intent, e.key),
          messageType: 'comment',
          subtype,
          messageId: `<${e.key}@h23-bridge>`,
        }),
      ),
    );
  }

  /**
   * Odoo's own phone blacklist too, through the module's action (see PARTNER_BLACKLIST_ACTION):
   * adding a number twice changes nothing. Refused (an old module, say), the customer is still
   * opted out by the bridge's own field, so it is said and not fatal.
   */
  private async blacklist(partnerIds: readonly number[]): Promise<void> {
    try {
      const action = (await resolveXmlids(this.client, [PARTNER_BLACKLIST_ACTION])).get(
        PARTNER_BLACKLIST_ACTION,
      );
      if (!action) return;
      await this.client.call(
        SERVER_ACTION.model,
        'run',
        [[action.id]],
        {},
        {
          context: { active_model: PARTNER.model, active_ids: [...partnerIds], active_id: partnerIds[0] },
        },
      );
    } catch (error) {
      this.logger?.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'opt-out not added to Odoo phone blacklist',
      );
    }
  }

  /** FU1's own activity ("send the WhatsApp") is done once WhatsApp settled it; the reply activity stays. */
  async finishFirstContacts(followUpIds: readonly number[], feedback: string): Promise<void> {
    const open = await this.activities.open(followUpIds, { types: [ACTIVITY_TYPES.kpbFu1] });
    await this.activities.markDone(
      open
        .filter((activity) => activity.summary !== REPLY_ACTIVITY_SUMMARY)
        .map((activity) => ({ id: activity.id, feedback })),
    );
  }

  private async noteSubtype(): Promise<number | null> {
    this.subtype ??=
      (await resolveXmlids(this.client, [ODOO_XMLIDS.noteSubtype])).get(ODOO_XMLIDS.noteSubtype)?.id ?? null;
    return this.subtype;
  }
}
