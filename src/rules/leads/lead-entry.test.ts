import { describe, expect, it } from 'vitest';
import { duplicatesHtml, type LeadFacts, missingData, planLeads } from './lead-entry.js';

const complete: LeadFacts = {
  id: 1,
  name: 'Pengadaan 20 unit PCX',
  contactName: 'Budi Santoso',
  partnerId: null,
  phone: '0812 3456 7890',
  email: 'budi@pt-maju.co.id',
  sourceId: 3,
  description: '<p>20 unit untuk kurir</p>',
  salespersonId: 7,
  stage: 'new',
  quotationDate: null,
  touchedOn: '2026-11-28',
  missing: null,
  duplicates: null,
  incompleteActivity: false,
  staleActivity: false,
};
const plan = (lead: Partial<LeadFacts>, today = '2026-12-01') =>
  planLeads([{ ...complete, ...lead }], new Map(), today, { staleDays: 7 }).map((a) => a.action);

describe('missingData: the SOP minimum of a lead (LD-1)', () => {
  it.each<[string, Partial<LeadFacts>, string[]]>([
    ['complete', {}, []],
    ['a linked customer stands for the client name', { contactName: null, partnerId: 4 }, []],
    ['no client name', { contactName: ' ' }, ['nama klien']],
    ['no phone', { phone: null }, ['no. HP']],
    ['a phone that is no number', { phone: '12' }, ['no. HP yang valid']],
    ['a malformed e-mail', { email: 'budi@' }, ['e-mail yang valid']],
    ['no source', { sourceId: null }, ['sumber prospek']],
    ['needs only as empty HTML', { description: '<p><br></p>' }, ['kebutuhan awal']],
    [
      'everything',
      { contactName: null, phone: null, email: null, sourceId: null, description: null },
      ['nama klien', 'no. HP', 'e-mail', 'sumber prospek', 'kebutuhan awal'],
    ],
  ])('%s', (_, lead, missing) => {
    expect(missingData({ ...complete, ...lead })).toEqual(missing);
  });
});

describe('planLeads', () => {
  it.each<[string, Partial<LeadFacts>, string, string[]]>([
    ['a complete lead touched recently: nothing', {}, '2026-12-01', []],
    [
      'incomplete: shown on the lead and asked once',
      { email: null },
      '2026-12-01',
      ['set_missing', 'ask_complete'],
    ],
    [
      'incomplete, already asked and shown: nothing',
      { email: null, missing: 'e-mail', incompleteActivity: true },
      '2026-12-01',
      [],
    ],
    [
      'completed since: cleared and the activity done',
      { missing: 'e-mail', incompleteActivity: true },
      '2026-12-01',
      ['set_missing', 'completed'],
    ],
    ['won and incomplete: shown, not asked', { stage: 'won', email: null }, '2026-12-01', ['set_missing']],
    ['moved to Penawaran Terkirim: stamped once', { stage: 'quotation' }, '2026-12-01', ['stamp_quotation']],
    ['already stamped', { stage: 'quotation', quotationDate: '2026-11-30' }, '2026-12-01', []],
    ['untouched for 7 days: reminded', { touchedOn: '2026-11-24' }, '2026-12-01', ['remind_stale']],
    ['untouched for 6 days: not yet', { touchedOn: '2026-11-25' }, '2026-12-01', []],
    ['a reminder open: not again', { touchedOn: '2026-11-01', staleActivity: true }, '2026-12-01', []],
    ['won: never stale', { stage: 'won', touchedOn: '2026-01-01' }, '2026-12-01', []],
  ])('%s', (_, lead, today, actions) => {
    expect(plan(lead, today)).toEqual(actions);
  });

  it('says a possible duplicate with links, and clears it once gone', () => {
    const matches = new Map([
      [
        1,
        {
          partners: [{ id: 9, name: 'Budi & Co', by: 'phone' as const }],
          leads: [{ id: 2, name: 'PCX <lama>', by: 'email' as const }],
        },
      ],
    ]);
    const [action] = planLeads([complete], matches, '2026-12-01', { staleDays: 7 });
    expect(action).toEqual({
      action: 'set_duplicates',
      leadId: 1,
      html: '<ul><li>Pelanggan <a href="/web#model=res.partner&amp;id=9">Budi &amp; Co</a> (no. HP sama)</li><li>Prospek terbuka <a href="/web#model=crm.lead&amp;id=2">PCX &lt;lama&gt;</a> (e-mail sama)</li></ul>',
    });
    expect(plan({ duplicates: '<ul>…</ul>' })).toEqual(['set_duplicates']);
    expect(duplicatesHtml({ partners: [], leads: [] })).toBeNull();
  });
});
