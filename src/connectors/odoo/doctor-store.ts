import { INVOICING_ADDON, RECORD_FIELDS, SALES_ADDON, USERS } from '../../module/odoo-models.js';
import { GROUPS } from '../../module/security.js';
import type { OdooClient } from './client.js';
import { resolveXmlids } from './external-ids.js';
import {
  type ApiKeySummary,
  countModuleRecords,
  missingStandardRights,
  readApiKeys,
  readCurrentUser,
  type UserSummary,
} from './identity.js';
import { type LanguageState, readLanguage } from './language.js';
import { OdooSurveyStore } from './survey-store.js';
import { groupMembersDomain } from './users.js';
import { automationAddonState, installedAddons } from './webhook-rule-store.js';

export interface KpiReadiness {
  officers: number;
  headsOfMarketing: number;
  /** Invoicing (account) and Sales (sale), as far as installed. */
  salesAddons: string[];
}

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

  async surveyReadiness(): Promise<'ready' | 'no_addon' | 'not_installed'> {
    return (await new OdooSurveyStore(this.client).availability()).state;
  }

  async kpiReadiness(): Promise<KpiReadiness> {
    const groups = await resolveXmlids(this.client, [
      GROUPS.customerRelationsOfficer,
      GROUPS.headOfMarketing,
    ]);
    const members = async (xmlid: string): Promise<number> => {
      const group = groups.get(xmlid);
      if (!group) return 0;
      return this.client.searchCount(USERS.model, groupMembersDomain(this.client, group.id));
    };
    const addons = await installedAddons(this.client, [INVOICING_ADDON, SALES_ADDON]);
    return {
      officers: await members(GROUPS.customerRelationsOfficer),
      headsOfMarketing: await members(GROUPS.headOfMarketing),
      salesAddons: [INVOICING_ADDON, SALES_ADDON].filter((addon) => addons.has(addon)),
    };
  }
}
