import { describe, expect, it } from 'vitest';
import {
  clientStatusChanges,
  formatRecontacts,
  missingProjectData,
  parseRecontacts,
  planPastClients,
  recontactMonthsOf,
  recontactSummary,
  type WonDealFacts,
} from './past-clients.js';

const POLICY = { recontactMonths: [12, 24] };

function deal(over: Partial<WonDealFacts> = {}): WonDealFacts {
  return {
    id: 1,
    partnerId: 50,
    salespersonId: 7,
    bastDate: '2026-01-10',
    completionDate: '2026-01-10',
    contractValue: 250_000_000,
    products: '10 unit PCX',
    projectMissing: null,
    projectRecorded: '2026-01-10',
    recontacts: [],
    projectActivity: false,
    recontactActivities: [],
    ...over,
  };
}

describe('missingProjectData', () => {
  it.each([
    ['complete', {}, []],
    ['no customer', { partnerId: null }, ['pelanggan']],
    ['no value', { contractValue: null }, ['nilai kontrak akhir']],
    ['a zero value', { contractValue: 0 }, ['nilai kontrak akhir']],
    ['blank products', { products: '  ' }, ['produk terpasang']],
    ['no completion date', { completionDate: null }, ['tanggal proyek selesai']],
    [
      'nothing but the BAST',
      { contractValue: null, products: null, completionDate: null },
      ['nilai kontrak akhir', 'produk terpasang', 'tanggal proyek selesai'],
    ],
  ] as Array<[string, Partial<WonDealFacts>, string[]]>)('%s', (_name, over, expected) => {
    expect(missingProjectData(deal(over))).toEqual(expected);
  });
});

describe('planPastClients', () => {
  it.each([
    ['a won deal without BAST: nothing yet', { bastDate: null, projectRecorded: null }, '2026-02-01', []],
    [
      'BAST signed, data missing: stored and asked once',
      { products: null, projectRecorded: null },
      '2026-01-10',
      [
        { action: 'set_project_missing', leadId: 1, missing: 'produk terpasang' },
        { action: 'ask_project', leadId: 1, userId: 7, missing: 'produk terpasang' },
      ],
    ],
    [
      'asked already: not again',
      { products: null, projectRecorded: null, projectMissing: 'produk terpasang', projectActivity: true },
      '2026-01-11',
      [],
    ],
    [
      'completed: the activity closes, the project is recorded',
      { projectRecorded: null, projectMissing: 'produk terpasang', projectActivity: true },
      '2026-01-12',
      [
        { action: 'set_project_missing', leadId: 1, missing: null },
        { action: 'project_complete', leadId: 1 },
        { action: 'record_project', leadId: 1, date: '2026-01-12' },
      ],
    ],
    ['recorded, a day before 12 months: nothing', {}, '2027-01-09', []],
    [
      'exactly 12 months: the first re-contact',
      {},
      '2027-01-10',
      [
        {
          action: 'recontact',
          leadId: 1,
          userId: 7,
          months: 12,
          completionDate: '2026-01-10',
          create: true,
        },
        { action: 'mark_recontacts', leadId: 1, months: [12] },
      ],
    ],
    ['12 made: nothing before 24', { recontacts: [12] }, '2027-06-01', []],
    [
      'the activity exists but the mark is lost (a kill): only the mark',
      { recontactActivities: [12] },
      '2027-01-11',
      [
        {
          action: 'recontact',
          leadId: 1,
          userId: 7,
          months: 12,
          completionDate: '2026-01-10',
          create: false,
        },
        { action: 'mark_recontacts', leadId: 1, months: [12] },
      ],
    ],
    [
      'first seen 30 months after completion: one call, for 24; both marked',
      { projectRecorded: '2028-07-10' },
      '2028-07-10',
      [
        {
          action: 'recontact',
          leadId: 1,
          userId: 7,
          months: 24,
          completionDate: '2026-01-10',
          create: true,
        },
        { action: 'mark_recontacts', leadId: 1, months: [12, 24] },
      ],
    ],
    ['both made: never again', { recontacts: [12, 24] }, '2030-01-01', []],
    [
      'completion on 31 January: 12 months is the last day of the next January',
      { completionDate: '2026-01-31', bastDate: '2026-01-31' },
      '2027-01-31',
      [
        {
          action: 'recontact',
          leadId: 1,
          userId: 7,
          months: 12,
          completionDate: '2026-01-31',
          create: true,
        },
        { action: 'mark_recontacts', leadId: 1, months: [12] },
      ],
    ],
  ] as Array<[string, Partial<WonDealFacts>, string, unknown[]]>)('%s', (_name, over, today, expected) => {
    expect(planPastClients([deal(over)], today, POLICY)).toEqual(expected);
  });

  it('follows the months a dealer sets, in order, whatever order they are written', () => {
    const actions = planPastClients([deal({ recontacts: [6] })], '2027-01-10', {
      recontactMonths: [24, 6, 12],
    });
    expect(actions.at(-1)).toEqual({ action: 'mark_recontacts', leadId: 1, months: [6, 12] });
  });
});

describe('clientStatusChanges', () => {
  it.each([
    ['a complete project: Mantan Klien', [deal()], [], [{ partnerId: 50, status: 'past_client' }]],
    ['not handed over: Klien', [deal({ bastDate: null })], [], [{ partnerId: 50, status: 'client' }]],
    ['handed over, data missing: still Klien', [deal({ products: null })], [[50, 'client']], []],
    [
      'a past client with a new deal in progress: Klien',
      [deal(), deal({ id: 2, bastDate: null })],
      [[50, 'past_client']],
      [{ partnerId: 50, status: 'client' }],
    ],
    ['unchanged: nothing', [deal()], [[50, 'past_client']], []],
    ['no won deal left: Klien cleared', [], [[50, 'client']], [{ partnerId: 50, status: null }]],
    ['no won deal left: Mantan Klien kept', [], [[50, 'past_client']], []],
    ['a deal without customer: no one to mark', [deal({ partnerId: null })], [], []],
  ] as Array<
    [string, WonDealFacts[], Array<[number, 'client' | 'past_client']>, unknown[]]
  >)('%s', (_name, deals, current, expected) => {
    expect(clientStatusChanges(deals, new Map(current))).toEqual(expected);
  });
});

describe('the re-contact marks and summaries', () => {
  it.each([
    ['12, 24', [12, 24]],
    ['12', [12]],
    ['', []],
    ['12, x, 0, 24.5', [12]],
  ] as Array<[string, number[]]>)('parses %j', (text, months) => {
    expect(parseRecontacts(text)).toEqual(months);
  });

  it('round-trips the marks and finds the months again in the summary', () => {
    expect(parseRecontacts(formatRecontacts([12, 24]))).toEqual([12, 24]);
    expect(recontactMonthsOf(recontactSummary(24))).toBe(24);
    expect(recontactMonthsOf('Lengkapi data proyek: produk terpasang')).toBeNull();
  });
});
