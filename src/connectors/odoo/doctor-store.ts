import { RECORD_FIELDS, USERS } from '../../module/odoo-models.js';
import type { OdooClient } from './client.js';
import {
  type ApiKeySummary,
  countModuleRecords,
  missingStandardRights,
  readApiKeys,
  readCurrentUser,
  type UserSummary,
} from './identity.js';
import { type LanguageState, readLanguage } from './language.js';
import { automationAddonState } from './webhook-rule-store.js';

/** What `doctor` asks a database it is logged in to, over Odoo. */
export class OdooDoctorStore {
  constructor(private readonly client: OdooClient) {}

  /** The language of the bridge's context (`odoo.lang`), if any. */
  get workLanguage(): string | undefined {
    return this.client.language;
  }

  currentUser(): Promise<UserSummary> {
    return readCurrentUser(this.client);
  }

  /** One cheap call (a count of the user's own record), for the round trip's time. */
  async roundTrip(): Promise<void> {
    await this.client.searchCount(USERS.model, [[RECORD_FIELDS.id, '=', this.client.uid]]);
  }

  apiKeys(): Promise<ApiKeySummary[]> {
    return readApiKeys(this.client);
  }

  missingRights(): Promise<string[]> {
    return missingStandardRights(this.client);
  }

  moduleRecords(namespace: string): Promise<number> {
    return countModuleRecords(this.client, namespace);
  }

  language(code: string): Promise<LanguageState> {
    return readLanguage(this.client, code);
  }

  /** State of Odoo's Automation Rules addon (`installed`, `uninstalled`, …, `absent`). */
  automationAddon(): Promise<string> {
    return automationAddonState(this.client);
  }
}
