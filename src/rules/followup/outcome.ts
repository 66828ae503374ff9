import type { ReminderStage } from './reminders.js';
import type { FollowUpResult, FollowUpState, Kpb, Stage } from './schedule.js';

/**
 * What the SOP makes of a contact's recorded result (SOP Follow Up CRM H23,
 * FU-3): a booking becomes a calendar event; a refusal needs the offer the SOP
 * requires for its reason before the follow-up can rest; a result that
 * contradicts itself goes back to the admin. Pure; every action carries a
 * stable key, so the job that applies them never makes one twice.
 */

export type Offer = 'weekend' | 'home_service' | 'promo' | 'none';
export type BookingKind = 'workshop' | 'weekend' | 'home_service';

export interface RecordedOutcome {
  followUpId: number;
  /** Null for a reminder after KPB 4. */
  kpb: Kpb | null;
  stage: Stage | ReminderStage;
  state: FollowUpState;
  result: FollowUpResult | null;
  offer: Offer | null;
  offerAccepted: boolean;
  /** UTC `YYYY-MM-DD HH:MM:SS`, as Odoo stores it. */
  bookingAt: string | null;
  bookingKind: BookingKind | null;
  eventId: number | null;
  /** A reminder whose customer has come to the workshop since: it ends with the nightly reminders. */
  servicedSince?: boolean;
}

export type OutcomeAction =
  | { action: 'book'; key: string; followUpId: number; at: string; kind: BookingKind }
  | { action: 'require_offer'; key: string; followUpId: number; offer: Exclude<Offer, 'none'>; note: string }
  | { action: 'require_fix'; key: string; followUpId: number; problem: OutcomeProblem; note: string }
  | { action: 'set_state'; key: string; followUpId: number; state: FollowUpState }
  /** The contact the follow-up's FU activity asked for has been made: the customer booked. */
  | { action: 'finish_contact'; key: string; followUpId: number; feedback: string };

/** What the done FU activity says, in its chatter. */
export const BOOKED_FEEDBACK = 'Pelanggan bersedia booking: jadwal servis tercatat di Booking Servis.';

export type OutcomeProblem =
  | 'booked_without_date'
  | 'accepted_without_date'
  | 'offer_accepted_without_offer'
  | 'no_show';

/** The offer the SOP requires for each reason of refusal. */
export const REQUIRED_OFFER: Readonly<Partial<Record<FollowUpResult, Exclude<Offer, 'none'>>>> = {
  refused_time: 'weekend',
  refused_distance: 'home_service',
  refused_disappointed: 'promo',
  refused_other_dealer: 'promo',
};

const OFFER_NOTES: Readonly<Record<Exclude<Offer, 'none'>, string>> = {
  weekend:
    'Pelanggan menolak karena tidak ada waktu. Sesuai SOP, pastikan Senin–Jumat memang tidak bisa, lalu tawarkan booking akhir pekan (Sabtu/Minggu) dan catat hasilnya di follow up ini.',
  home_service:
    'Pelanggan menolak karena bengkel terlalu jauh. Sesuai SOP, tawarkan booking home service dan catat hasilnya di follow up ini.',
  promo:
    'Pelanggan kecewa atau memilih dealer lain. Sesuai SOP, tawarkan booking promo dan catat hasilnya di follow up ini.',
};

const PROBLEM_NOTES: Readonly<Record<OutcomeProblem, string>> = {
  booked_without_date:
    'Hasil "Bersedia booking" tetapi Jadwal Booking kosong. Isi tanggal dan jam booking yang disepakati.',
  accepted_without_date:
    'Penawaran diterima tetapi Jadwal Booking kosong. Isi tanggal dan jam booking yang disepakati.',
  offer_accepted_without_offer:
    '"Penawaran Diterima" dicentang tetapi penawaran yang diberikan tidak diisi. Pilih penawarannya.',
  no_show:
    'Jadwal booking sudah lewat tetapi servisnya belum tercatat selesai. Hubungi pelanggan untuk menjadwalkan ulang, lalu perbarui Jadwal Booking.',
};

const BOOKING_FOR_OFFER: Readonly<Record<Exclude<Offer, 'none'>, BookingKind>> = {
  weekend: 'weekend',
  home_service: 'home_service',
  promo: 'workshop',
};

/**
 * `today` is the dealer's date: a booking whose day has passed while the
 * follow-up is still booked (the KPB not recorded done) is a no-show.
 */
export function decideOutcome(outcome: RecordedOutcome, today?: string): OutcomeAction[] {
  const { followUpId, result } = outcome;
  const key = (what: string) => `followup${followUpId}_${what}`;
  const fix = (problem: OutcomeProblem): OutcomeAction[] => [
    { action: 'require_fix', key: key(problem), followUpId, problem, note: PROBLEM_NOTES[problem] },
  ];
  // Once booked, the FU call or WhatsApp is done; asked on every run, so a run killed between the
  // event and this still ends the activity (an activity already done is not found again).
  const finishContact: OutcomeAction = {
    action: 'finish_contact',
    key: key('contact_done'),
    followUpId,
    feedback: BOOKED_FEEDBACK,
  };
  const book = (kind: BookingKind): OutcomeAction[] => {
    if (!outcome.bookingAt) return [];
    const actions: OutcomeAction[] = [];
    if (outcome.eventId === null) {
      actions.push({
        action: 'book',
        key: key('event'),
        followUpId,
        at: outcome.bookingAt,
        kind: outcome.bookingKind ?? kind,
      });
    }
    if (outcome.state !== 'booked' && outcome.state !== 'done') {
      actions.push({ action: 'set_state', key: key('booked'), followUpId, state: 'booked' });
    }
    actions.push(finishContact);
    return actions;
  };
  const contacted = (): OutcomeAction[] =>
    outcome.state === 'todo'
      ? [{ action: 'set_state', key: key('contacted'), followUpId, state: 'contacted' }]
      : [];

  if (result === null || outcome.state === 'done' || outcome.state === 'closed') return [];
  if (outcome.servicedSince && outcome.state === 'booked') return [finishContact];
  if (
    outcome.state === 'booked' &&
    outcome.eventId !== null &&
    outcome.bookingAt &&
    today &&
    outcome.bookingAt.slice(0, 10) < today
  ) {
    return [...fix('no_show'), finishContact];
  }
  if (outcome.offerAccepted && (outcome.offer === null || outcome.offer === 'none'))
    return fix('offer_accepted_without_offer');
  if (result === 'booked') return outcome.bookingAt ? book('workshop') : fix('booked_without_date');

  const required = REQUIRED_OFFER[result];
  if (required) {
    if (outcome.offer !== required) {
      return [
        ...contacted(),
        {
          action: 'require_offer',
          key: key(`offer_${required}`),
          followUpId,
          offer: required,
          note: OFFER_NOTES[required],
        },
      ];
    }
    if (outcome.offerAccepted)
      return outcome.bookingAt ? book(BOOKING_FOR_OFFER[required]) : fix('accepted_without_date');
    return contacted();
  }
  return contacted();
}

const OFFER_SUMMARY: Readonly<Record<Exclude<Offer, 'none'>, string>> = {
  weekend: 'Tawarkan booking akhir pekan (SOP)',
  home_service: 'Tawarkan home service (SOP)',
  promo: 'Tawarkan booking promo (SOP)',
};

const PROBLEM_SUMMARY: Readonly<Record<OutcomeProblem, string>> = {
  booked_without_date: 'Lengkapi jadwal booking',
  accepted_without_date: 'Lengkapi jadwal booking dari penawaran',
  offer_accepted_without_offer: 'Pilih penawaran yang diterima',
  no_show: 'Pelanggan tidak datang: jadwalkan ulang',
};

/** The one-line summary of the activity an offer or fix action asks for: also how an open one is recognised. */
export function sopActivitySummary(
  action: Extract<OutcomeAction, { action: 'require_offer' | 'require_fix' }>,
): string {
  return action.action === 'require_offer' ? OFFER_SUMMARY[action.offer] : PROBLEM_SUMMARY[action.problem];
}

const KIND_LABEL: Readonly<Record<BookingKind, string>> = {
  workshop: 'di bengkel',
  weekend: 'akhir pekan',
  home_service: 'home service',
};

/** The calendar event's title (who and which unit, as the calendar shows it) and description, in Bahasa Indonesia. */
export function bookingText(
  kpb: Kpb | null,
  kind: BookingKind,
  customer: string | null,
  unit: string | null,
): { name: string; description: string } {
  const service = kpb === null ? 'Servis Berkala' : `KPB ${kpb}`;
  const origin = kpb === null ? 'pengingat servis' : 'follow up KPB';
  return {
    name: `Booking ${service} (${KIND_LABEL[kind]}) - ${customer ?? 'pelanggan'}${unit ? ` (${unit})` : ''}`,
    description: `${kpb === null ? service : `Servis ${service}`} ${KIND_LABEL[kind]}${unit ? ` untuk unit ${unit}` : ''}. Dibuat dari ${origin} oleh h23-bridge.`,
  };
}
