import { describe, expect, it } from 'vitest';
import {
  type CustomerNotice,
  NOTICE_SKIP_REASONS,
  type NoticePurpose,
  type NoticeRecipient,
  type NoticeTemplate,
  planNotices,
  whatsAppNumber,
} from './plan.js';

const notice = (over: Partial<CustomerNotice> = {}): CustomerNotice => ({
  key: 'survey:wor1',
  partnerId: 1,
  purpose: 'survey',
  values: { customer_name: 'Budi', link: 'https://odoo.test/survey/start/abc' },
  email: { subject: 'Survei kepuasan', bodyHtml: '<p>Halo Budi</p>' },
  ...over,
});

const recipient = (over: Partial<NoticeRecipient> = {}): NoticeRecipient => ({
  partnerId: 1,
  phone: '0812-3456-7890',
  email: 'budi@example.co.id',
  optedOut: false,
  emailBlacklisted: false,
  ...over,
});

const SURVEY_TEMPLATE: NoticeTemplate = {
  id: 7,
  body: 'Halo {{1}}, bagaimana servis Anda? Isi survei: {{2}}',
  sources: ['customer_name', 'link'],
};

const withTemplate = new Map<NoticePurpose, NoticeTemplate>([['survey', SURVEY_TEMPLATE]]);
const noTemplate = new Map<NoticePurpose, NoticeTemplate>();

describe('planNotices: the channel of each notice', () => {
  it.each([
    ['template and a mobile: WhatsApp', recipient(), withTemplate, 'whatsapp', null],
    ['no template: e-mail', recipient(), noTemplate, 'email', null],
    ['a landline only: e-mail', recipient({ phone: '021 555 1234' }), withTemplate, 'email', null],
    ['no phone: e-mail', recipient({ phone: null }), withTemplate, 'email', null],
    [
      'opted out: nothing, though both channels exist',
      recipient({ optedOut: true }),
      withTemplate,
      null,
      NOTICE_SKIP_REASONS.optedOut,
    ],
    [
      'no template, malformed e-mail',
      recipient({ email: 'budi@' }),
      noTemplate,
      null,
      NOTICE_SKIP_REASONS.noAddress,
    ],
    [
      'no template, blacklisted e-mail',
      recipient({ emailBlacklisted: true }),
      noTemplate,
      null,
      NOTICE_SKIP_REASONS.emailBlacklisted,
    ],
    [
      'template, blacklisted e-mail: WhatsApp still',
      recipient({ emailBlacklisted: true }),
      withTemplate,
      'whatsapp',
      null,
    ],
    [
      'no mobile, blacklisted e-mail, template: nothing',
      recipient({ phone: null, emailBlacklisted: true }),
      withTemplate,
      null,
      NOTICE_SKIP_REASONS.noAddress,
    ],
  ] as const)('%s', (_, who, templates, channel, reason) => {
    const [decision] = planNotices([notice()], new Set(), new Map([[1, who]]), templates);
    expect(decision?.channel).toBe(channel);
    expect(decision && decision.channel === null ? decision.reason : null).toBe(reason);
  });

  it('fills the template from the values and renders what the customer reads', () => {
    const [decision] = planNotices([notice()], new Set(), new Map([[1, recipient()]]), withTemplate);
    expect(decision).toMatchObject({
      channel: 'whatsapp',
      phone: '+6281234567890',
      templateId: 7,
      parameters: ['Budi', 'https://odoo.test/survey/start/abc'],
      body: 'Halo Budi, bagaimana servis Anda? Isi survei: https://odoo.test/survey/start/abc',
    });
  });

  it('says a missing name the way an admin would, never an empty parameter', () => {
    const [decision] = planNotices(
      [notice({ values: { link: 'https://x.test/s' } })],
      new Set(),
      new Map([[1, recipient()]]),
      withTemplate,
    );
    expect(decision && decision.channel === 'whatsapp' ? decision.parameters : null).toEqual([
      'Bapak/Ibu',
      'https://x.test/s',
    ]);
  });

  it('goes once per key: known keys and a key named twice', () => {
    const decisions = planNotices(
      [notice({ key: 'a' }), notice({ key: 'b' }), notice({ key: 'a' }), notice({ key: 'c' })],
      new Set(['b']),
      new Map([[1, recipient()]]),
      noTemplate,
    );
    expect(decisions.map((d) => d.key)).toEqual(['a', 'c']);
  });

  it('records an unknown customer as not sent, with the reason', () => {
    const [decision] = planNotices([notice({ partnerId: 9 })], new Set(), new Map(), withTemplate);
    expect(decision).toMatchObject({ channel: null, reason: NOTICE_SKIP_REASONS.unknownCustomer });
  });
});

describe('WhatsApp numbers', () => {
  it.each([
    ['0812 3456 7890', '+6281234567890'],
    ['+62 812-3456-7890', '+6281234567890'],
    ['(021) 555-1234', null],
    ['12', null],
    [null, null],
  ])('WhatsApp number %j → %j', (text, expected) => {
    expect(whatsAppNumber(text)).toBe(expected);
  });
});
