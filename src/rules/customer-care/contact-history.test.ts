import { describe, expect, it } from 'vitest';
import { type FollowUpContact, followUpContactNotes, outgoingMessageNotes } from './contact-history.js';

const followUp = (values: Partial<FollowUpContact> = {}): FollowUpContact => ({
  id: 9,
  partnerId: 501,
  reference: 'KPB 1 FU2 - JM31E001',
  kpb: '1',
  stageLabel: 'FU2',
  channelLabel: 'Telepon',
  result: null,
  resultLabel: null,
  feedback: null,
  bookingAt: null,
  bookingKindLabel: null,
  doneDate: null,
  changedAt: null,
  ...values,
});

describe('followUpContactNotes', () => {
  it.each([
    ['nothing happened yet: no line', followUp(), []],
    [
      'no customer: no line',
      followUp({ partnerId: null, result: 'booked', resultLabel: 'Bersedia booking' }),
      [],
    ],
    [
      'a result with the customer’s words, escaped',
      followUp({
        result: 'refused_time',
        resultLabel: 'Menolak: tidak ada waktu',
        feedback: ' Sibuk <kerja> ',
      }),
      [
        {
          key: 'h23-followup-9-result-refused_time:partner',
          partnerId: 501,
          body: '<p>Follow up KPB 1 FU2 (Telepon): Menolak: tidak ada waktu. Tanggapan: Sibuk &lt;kerja&gt;</p>',
          at: null,
        },
      ],
    ],
    [
      'a booking and the done service',
      followUp({
        result: 'booked',
        resultLabel: 'Bersedia booking',
        bookingAt: Date.parse('2026-03-09T02:00:00Z'),
        bookingKindLabel: 'Servis di bengkel',
        doneDate: '2026-03-09',
      }),
      [
        {
          key: 'h23-followup-9-result-booked:partner',
          partnerId: 501,
          body: '<p>Follow up KPB 1 FU2 (Telepon): Bersedia booking.</p>',
          at: null,
        },
        {
          key: `h23-followup-9-booking-${Date.parse('2026-03-09T02:00:00Z')}:partner`,
          partnerId: 501,
          body: '<p>Booking servis KPB 1 (Servis di bengkel): 9 Maret 2026 09.00 WIB.</p>',
          at: null,
        },
        {
          key: 'h23-followup-9-done-2026-03-09:partner',
          partnerId: 501,
          body: '<p>Servis KPB 1 selesai pada 9 Maret 2026.</p>',
          at: null,
        },
      ],
    ],
  ])('%s', (_case, input, notes) => {
    expect(followUpContactNotes(input, 'Asia/Jakarta')).toEqual(notes);
  });

  it('a changed result or booking is a new line; the same one keeps its key', () => {
    const first = followUpContactNotes(
      followUp({ result: 'no_response', resultLabel: 'Tidak merespons' }),
      'Asia/Jakarta',
    );
    const later = followUpContactNotes(
      followUp({ result: 'booked', resultLabel: 'Bersedia booking' }),
      'Asia/Jakarta',
    );
    expect(first[0]?.key).not.toBe(later[0]?.key);
    expect(
      followUpContactNotes(followUp({ result: 'booked', resultLabel: 'x' }), 'Asia/Jakarta')[0]?.key,
    ).toBe(later[0]?.key);
  });
});

describe('outgoingMessageNotes', () => {
  it.each([
    ['not sent yet', { sentAt: null }, []],
    [
      'sent: when, for what, what it said',
      { sentAt: Date.parse('2026-03-02T01:15:00Z') },
      [
        {
          key: 'h23-wa-3-sent:partner',
          partnerId: 501,
          body: '<p>WhatsApp terkirim (KPB 1 FU1 - JM31E001) pada 2 Maret 2026 08.15 WIB: “Halo Budi”</p>',
          at: Date.parse('2026-03-02T01:15:00Z'),
        },
      ],
    ],
  ])('%s', (_case, values: { sentAt: number | null }, notes) => {
    expect(
      outgoingMessageNotes(
        {
          id: 3,
          partnerId: 501,
          followUpReference: 'KPB 1 FU1 - JM31E001',
          body: 'Halo Budi',
          ...values,
        },
        'Asia/Jakarta',
      ),
    ).toEqual(notes);
  });
});
