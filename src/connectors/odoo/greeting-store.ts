import { COMPANY, PARTNER } from '../../module/odoo-models.js';
import type { GreetingContact } from '../../rules/notices/greetings.js';
import type { OdooClient } from './client.js';
import { dealerName } from './company.js';
import { anyOf } from './domain.js';
import { decodeRecord, fieldNames } from './schema-codec.js';

const PAGE = 2000;

/** What the holiday greetings read: every contact that can be reached, and the dealer's name. */
export interface GreetingStore {
  /** Active contacts outside the company (not users, not the companies' own) with a phone or e-mail, page by page. */
  contacts(): AsyncIterable<GreetingContact[]>;
  dealerName(): Promise<string | null>;
}

export class OdooGreetingStore implements GreetingStore {
  constructor(private readonly client: OdooClient) {}

  async *contacts(): AsyncGenerator<GreetingContact[]> {
    const companies = await this.client.searchRead(COMPANY.model, [], fieldNames(COMPANY, ['partner']));
    const own = companies
      .map((raw) => decodeRecord(COMPANY, ['partner'], raw).partner)
      .filter((id): id is number => id !== null);
    const reachable = [PARTNER.f.email, ...this.client.dialect.partnerPhoneFields];
    const read = ['name'] as const;
    for await (const page of this.client.searchPages(
      PARTNER.model,
      [
        [PARTNER.f.partnerShare, '=', true],
        ['id', 'not in', own],
        ...anyOf(reachable.map((field) => [field, '!=', false])),
      ],
      fieldNames(PARTNER, read),
      { pageSize: PAGE },
    )) {
      yield page.map((raw) => ({ partnerId: raw.id, name: decodeRecord(PARTNER, read, raw).name }));
    }
  }

  dealerName(): Promise<string | null> {
    return dealerName(this.client);
  }
}
