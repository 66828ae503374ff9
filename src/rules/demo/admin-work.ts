import { addDays } from '../day-count.js';
import type { FollowUpResult } from '../followup/schedule.js';
import { odooDatetimeOfLocal } from '../local-time.js';

/** What a CRM admin records on a follow-up in the demo, as they would in Odoo's form. */
export interface DemoResult {
  followUpId: number;
  result: FollowUpResult;
  offer?: 'weekend' | 'home_service' | 'promo';
  offerAccepted?: boolean;
  /** UTC, Odoo's `YYYY-MM-DD HH:MM:SS`. */
  bookingAt?: string;
  bookingKind?: 'workshop' | 'weekend' | 'home_service';
  feedback: string;
}

/** Bookings are made for 09:00, the dealer's time. */
const BOOKING_HOUR = 9;

type Recorded = Omit<DemoResult, 'followUpId' | 'bookingAt'> & { bookingInDays?: number };

/** What is recorded on the n-th of every ten due follow-ups (by id); the others are not reached yet. */
const OF_TEN: Readonly<Record<number, Recorded>> = {
  0: {
    result: 'booked',
    bookingInDays: 2,
    bookingKind: 'workshop',
    feedback: 'Bersedia servis KPB, datang pagi.',
  },
  1: { result: 'refused_time', feedback: 'Sibuk kerja Senin–Jumat.' },
  2: { result: 'no_response', feedback: 'Pesan WA terkirim, belum dibalas.' },
  3: {
    result: 'refused_distance',
    offer: 'home_service',
    offerAccepted: true,
    bookingInDays: 3,
    bookingKind: 'home_service',
    feedback: 'Rumah jauh dari bengkel; setuju home service.',
  },
  6: { result: 'booked', bookingInDays: 1, bookingKind: 'workshop', feedback: 'Booking besok pagi.' },
  7: { result: 'unreachable', feedback: 'Nomor tidak aktif.' },
};

/**
 * A day's work of the CRM admins, the same for the same follow-ups: of every ten due,
 * three booked (one by a home-service offer after a refusal), one refused for lack of time
 * with no offer yet (the bridge then asks for the weekend offer the SOP requires), one with
 * no response, one unreachable, four not reached yet.
 */
export function demoAdminWork(
  followUps: ReadonlyArray<{ id: number }>,
  today: string,
  timeZone: string,
): DemoResult[] {
  return [...followUps]
    .sort((a, b) => a.id - b.id)
    .flatMap((followUp, index): DemoResult[] => {
      const recorded = OF_TEN[index % 10];
      if (!recorded) return [];
      const { bookingInDays, ...rest } = recorded;
      return [
        {
          followUpId: followUp.id,
          ...rest,
          ...(bookingInDays === undefined
            ? {}
            : { bookingAt: odooDatetimeOfLocal(addDays(today, bookingInDays), BOOKING_HOUR, timeZone) }),
        },
      ];
    });
}
