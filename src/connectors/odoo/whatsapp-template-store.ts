import { WA_TEMPLATE } from '../../module/models.js';
import type { ParameterSource } from '../../rules/whatsapp/message-text.js';
import type { FirstContactTemplate } from '../../rules/whatsapp/records.js';
import type { LocalTemplate, TemplateSyncPlan, TemplateValues } from '../../rules/whatsapp/template-sync.js';
import type { OdooClient } from './client.js';
import { throwFirstRefusal } from './client.js';
import { decodeRecord, encodeValues, fieldNames } from './schema-codec.js';

const KEYS = ['name', 'language', 'status', 'category', 'body'] as const;
const PARAMETER_KEYS = ['param1', 'param2', 'param3', 'param4', 'param5', 'param6'] as const;

/**
 * The templates the bridge sends, by purpose: active, chosen for that purpose, and APPROVED by
 * Meta; the oldest when the PIC chose two. A purpose without one is absent.
 */
export async function approvedTemplates(
  client: OdooClient,
  purposes: readonly string[],
): Promise<Map<string, FirstContactTemplate>> {
  const keys = ['name', 'language', 'category', 'body', 'purpose', ...PARAMETER_KEYS] as const;
  const f = WA_TEMPLATE.f;
  const records = await client.searchRead(
    WA_TEMPLATE.model,
    [
      [f.active, '=', true],
      [f.purpose, 'in', [...purposes]],
      [f.status, '=', 'APPROVED'],
    ],
    fieldNames(WA_TEMPLATE, keys),
    { order: 'id' },
  );
  const found = new Map<string, FirstContactTemplate>();
  for (const record of records) {
    const template = decodeRecord(WA_TEMPLATE, keys, record);
    if (!template.purpose || found.has(template.purpose)) continue;
    const sources: ParameterSource[] = [];
    for (const key of PARAMETER_KEYS) {
      const source = template[key];
      if (!source) break;
      sources.push(source as ParameterSource);
    }
    found.set(template.purpose, {
      id: template.id,
      name: template.name ?? '',
      language: template.language ?? 'id',
      category: template.category === 'marketing' ? 'marketing' : 'utility',
      body: template.body ?? '',
      sources,
    });
  }
  return found;
}

/** The template the FU1 blast sends; null when there is none. */
export async function approvedFirstContactTemplate(client: OdooClient): Promise<FirstContactTemplate | null> {
  return (await approvedTemplates(client, ['fu1'])).get('fu1') ?? null;
}

function values(template: TemplateValues, syncedAt: string) {
  return encodeValues(WA_TEMPLATE, {
    status: template.status,
    ...(template.category ? { category: template.category } : {}),
    ...(template.body !== undefined ? { body: template.body } : {}),
    syncedAt,
  });
}

/** The dealer's WhatsApp templates in Odoo (archived ones too: their state is kept current). */
export class OdooTemplateStore {
  constructor(private readonly client: OdooClient) {}

  async templates(): Promise<LocalTemplate[]> {
    const records = await this.client.searchRead(WA_TEMPLATE.model, [], fieldNames(WA_TEMPLATE, KEYS), {
      context: { active_test: false },
      order: 'id',
    });
    return records.map((record) => {
      const template = decodeRecord(WA_TEMPLATE, KEYS, record);
      return { ...template, name: template.name ?? '', language: template.language ?? '' };
    });
  }

  async apply(plan: TemplateSyncPlan, syncedAt: string): Promise<void> {
    await this.client.write(
      WA_TEMPLATE.model,
      plan.update.map((update) => ({ id: update.id, values: values(update.values, syncedAt) })),
    );
    if (plan.create.length === 0) return;
    const outcomes = await this.client.create(
      WA_TEMPLATE.model,
      plan.create.map((template) => ({
        ...encodeValues(WA_TEMPLATE, { name: template.name, language: template.language }),
        ...values(template.values, syncedAt),
      })),
    );
    throwFirstRefusal(outcomes);
  }
}
