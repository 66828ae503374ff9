import { addDays } from '../followup/calendar.js';
import type { FollowUpResult } from '../followup/schedule.js';

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

/** 09:00 in Jakarta (UTC+7, no daylight saving) on a date, as Odoo stores datetimes. */
function nineInJakarta(date: string): string {
  return `${date} 02:00:00`;
}

/**
 * A day's work of the CRM admins, the same for the same follow-ups: of every ten due,
 * three booked (one by a home-service offer after a refusal), one refused for lack of time
 * with no offer yet (the bridge then asks for the weekend offer the SOP requires), one with
 * no response, one unreachable, four not reached yet.
 */
export function demoAdminWork(followUps: ReadonlyArray<{ id: number }>, today: string): DemoResult[] {
  return [...followUps]
    .sort((a, b) => a.id - b.id)
    .flatMap((followUp, index): DemoResult[] => {
      const followUpId = followUp.id;
      switch (index % 10) {
        case 0:
          return [
            {
              followUpId,
              result: 'booked',
              bookingAt: nineInJakarta(addDays(today, 2)),
              bookingKind: 'workshop',
              feedback: 'Bersedia servis KPB, datang pagi.',
            },
          ];
        case 1:
          return [{ followUpId, result: 'refused_time', feedback: 'Sibuk kerja Senin–Jumat.' }];
        case 2:
          return [{ followUpId, result: 'no_response', feedback: 'Pesan WA terkirim, belum dibalas.' }];
        case 3:
          return [
            {
              followUpId,
              result: 'refused_distance',
              offer: 'home_service',
              offerAccepted: true,
              bookingAt: nineInJakarta(addDays(today, 3)),
              bookingKind: 'home_service',
              feedback: 'Rumah jauh dari bengkel; setuju home service.',
            },
          ];
        case 6:
          return [
            {
              followUpId,
              result: 'booked',
              bookingAt: nineInJakarta(addDays(today, 1)),
              bookingKind: 'workshop',
              feedback: 'Booking besok pagi.',
            },
          ];
        case 7:
          return [{ followUpId, result: 'unreachable', feedback: 'Nomor tidak aktif.' }];
        default:
          return [];
      }
    });
}
