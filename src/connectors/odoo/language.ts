import type { OdooClient } from './client.js';

export interface LanguageState {
  code: string;
  /** Known to this Odoo (a `res.lang` row, active or not). */
  known: boolean;
  active: boolean;
}

/** Whether `code` is a language this Odoo has, and whether it is loaded (active). */
export async function readLanguage(client: OdooClient, code: string): Promise<LanguageState> {
  const lang = await findLanguage(client, code);
  return { code, known: lang !== undefined, active: lang?.active === true };
}

async function findLanguage(client: OdooClient, code: string) {
  const [lang] = await client.searchRead<{ id: number; active: boolean }>(
    'res.lang',
    [['code', '=', code]],
    ['active'],
    { limit: 1, context: { active_test: false } },
  );
  return lang;
}

/**
 * Loads a language that is known but not active, as Settings → Languages → Add does
 * (`base.language.install` with `lang_install`, the same wizard on Odoo 17–19; it needs
 * an administrator). Odoo then writes its own texts in it: activity feedback, mail
 * subjects. Returns whether it had to load it.
 */
export async function loadLanguage(client: OdooClient, code: string): Promise<boolean> {
  const lang = await findLanguage(client, code);
  if (!lang || lang.active) return false;
  const wizard = await client.createOne('base.language.install', {
    lang_ids: [[6, 0, [lang.id]]],
    overwrite: false,
  });
  await client.call('base.language.install', 'lang_install', [[wizard]]);
  return true;
}
