import { describe, expect, it } from 'vitest';
import { webhookEvents } from './webhook-events.js';

/** A body in the shape of Meta's messages webhook reference, with two statuses and a reply. */
function body(value: Record<string, unknown>): unknown {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '6281100000000', phone_number_id: '106540352242922' },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

describe('webhookEvents', () => {
  it('reads statuses with their callback data and errors', () => {
    const { events, problems } = webhookEvents(
      body({
        statuses: [
          {
            id: 'wamid.A',
            status: 'delivered',
            timestamp: '1764567000',
            recipient_id: '6281234567890',
            biz_opaque_callback_data: 'h23:fu1:42',
          },
          {
            id: 'wamid.B',
            status: 'failed',
            timestamp: '1764567001',
            recipient_id: '6281299999999',
            errors: [
              { code: 131026, title: 'Message undeliverable', error_data: { details: 'not on WhatsApp' } },
            ],
          },
        ],
      }),
    );
    expect(problems).toEqual([]);
    expect(events).toEqual([
      {
        kind: 'status',
        phoneNumberId: '106540352242922',
        wamid: 'wamid.A',
        status: 'delivered',
        timestamp: 1764567000,
        recipientId: '6281234567890',
        callbackData: 'h23:fu1:42',
        errors: [],
      },
      expect.objectContaining({
        wamid: 'wamid.B',
        status: 'failed',
        errors: [{ code: 131026, title: 'Message undeliverable', details: 'not on WhatsApp' }],
      }),
    ]);
  });

  it('reads a quick-reply button and a typed reply with the message they answer', () => {
    const { events } = webhookEvents(
      body({
        contacts: [{ profile: { name: 'Budi' }, wa_id: '6281234567890' }],
        messages: [
          {
            from: '6281234567890',
            id: 'wamid.IN1',
            timestamp: '1764567100',
            type: 'button',
            context: { from: '6281100000000', id: 'wamid.A' },
            button: { payload: 'BOOKING', text: 'Booking' },
          },
          {
            from: '6281234567890',
            id: 'wamid.IN2',
            timestamp: '1764567200',
            type: 'text',
            text: { body: 'Berhenti' },
          },
        ],
      }),
    );
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'inbound',
        wamid: 'wamid.IN1',
        text: 'Booking',
        buttonPayload: 'BOOKING',
        replyTo: 'wamid.A',
        profileName: 'Budi',
      }),
      expect.objectContaining({
        kind: 'inbound',
        wamid: 'wamid.IN2',
        text: 'Berhenti',
        buttonPayload: null,
        replyTo: null,
      }),
    ]);
  });

  it('reports what is malformed, by path, and keeps the rest', () => {
    const { events, problems } = webhookEvents(
      body({
        statuses: [
          { id: 'wamid.A', status: 'exploded', timestamp: '1764567000' },
          { status: 'read', timestamp: 'yesterday' },
          { id: 'wamid.C', status: 'read', timestamp: 1764567300 },
        ],
      }),
    );
    expect(events.map((event) => event.wamid)).toEqual(['wamid.C']);
    expect(problems).toEqual([
      { path: 'entry[0].changes[0].value.statuses[0].status', problem: 'unknown status "exploded"' },
      { path: 'entry[0].changes[0].value.statuses[1].id', problem: 'missing' },
      { path: 'entry[0].changes[0].value.statuses[1].timestamp', problem: 'missing or not Unix seconds' },
    ]);
  });

  it.each([
    ['a list', []],
    ['another object', { object: 'page', entry: [] }],
    ['null', null],
  ])('refuses %s as not a WhatsApp notification', (_name, value) => {
    expect(webhookEvents(value)).toEqual({
      events: [],
      problems: [{ path: 'object', problem: 'not a WhatsApp Business Account notification' }],
    });
  });

  it('ignores changes of other fields (template status updates)', () => {
    const value = body({});
    (value as { entry: [{ changes: [{ field: string }] }] }).entry[0].changes[0].field =
      'message_template_status_update';
    expect(webhookEvents(value)).toEqual({ events: [], problems: [] });
  });
});
