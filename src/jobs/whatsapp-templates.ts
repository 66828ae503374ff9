import type { RemoteTemplate } from '../connectors/whatsapp/cloud-api.js';
import type { Logger } from '../logging/logger.js';
import {
  type LocalTemplate,
  planTemplateSync,
  type TemplateSyncPlan,
} from '../rules/whatsapp/template-sync.js';

/**
 * `h23-bridge whatsapp templates sync`: the templates' review state, category
 * and text from Meta into Odoo, where the PIC maps their parameters and picks
 * the FU1 one. Only an APPROVED template is ever sent; a re-run changes nothing.
 */

export interface TemplateStore {
  templates(): Promise<LocalTemplate[]>;
  apply(plan: TemplateSyncPlan, syncedAt: string): Promise<void>;
}

export interface TemplateSource {
  listTemplates(): Promise<RemoteTemplate[]>;
}

export interface TemplateSyncResult {
  updated: number;
  created: number;
  unchanged: number;
  approved: string[];
  notUsable: Array<{ name: string; language: string; status: string }>;
}

export async function syncTemplates(
  source: TemplateSource,
  store: TemplateStore,
  now: string,
  logger: Logger,
): Promise<TemplateSyncResult> {
  const remote = await source.listTemplates();
  const local = await store.templates();
  const plan = planTemplateSync(remote, local);
  await store.apply(plan, now);
  const states = new Map<string, string>();
  for (const template of local) states.set(`${template.name}/${template.language}`, template.status ?? '');
  for (const update of plan.update) {
    const template = local.find((item) => item.id === update.id);
    if (template) states.set(`${template.name}/${template.language}`, update.values.status);
  }
  for (const created of plan.create) states.set(`${created.name}/${created.language}`, created.values.status);
  const result: TemplateSyncResult = {
    updated: plan.update.length,
    created: plan.create.length,
    unchanged: plan.unchanged,
    approved: [...states].filter(([, status]) => status === 'APPROVED').map(([key]) => key),
    notUsable: [...states]
      .filter(([, status]) => status !== 'APPROVED')
      .map(([key, status]) => {
        const [name = '', language = ''] = key.split('/');
        return { name, language, status };
      }),
  };
  logger.info(
    { updated: result.updated, created: result.created, unchanged: result.unchanged },
    'WhatsApp templates synced',
  );
  return result;
}
