import { LANG, LANGUAGE_INSTALL } from '../../module/odoo-models.js';
import type { OdooClient } from './client.js';
import { decodeRecord, encodeValues, fieldNames } from './schema-codec.js';

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
  const [lang] = await client.searchRead(
    LANG.model,
    [[LANG.f.code, '=', code]],
    fieldNames(LANG, ['active']),
    {
      limit: 1,
      context: { active_test: false },
    },
  );
  return lang && decodeRecord(LANG, ['active'], lang);
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
  const wizard = await client.createOne(
    LANGUAGE_INSTALL.model,
    encodeValues(LANGUAGE_INSTALL, { langs: [lang.id], overwrite: false }),
  );
  await client.call(LANGUAGE_INSTALL.model, 'lang_install', [[wizard]]);
  return true;
}
