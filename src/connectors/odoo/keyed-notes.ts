import { MESSAGE, ODOO_XMLIDS } from '../../module/odoo-models.js';
import { odooDatetimeOfInstant } from '../../rules/local-time.js';
import { chunk } from './batching.js';
import type { OdooClient } from './client.js';
import { throwFirstRefusal } from './client.js';
import { resolveXmlids } from './external-ids.js';
import { encodeValues, fieldNames } from './schema-codec.js';

/** A chatter note the bridge writes once: its key becomes the message's Message-Id. */
export interface KeyedNote {
  key: string;
  model: string;
  resId: number;
  /** HTML. */
  body: string;
  /** When it happened (UTC epoch ms): the line's date on the chatter, which orders by it. */
  at?: number;
}

export function noteMessageId(key: string): string {
  return `<${key}@h23-bridge>`;
}

/**
 * Internal notes on records' chatter (a customer's, a complaint's), keyed: the Message-Id
 * carries the note's key, so a re-run, or a run killed between two notes, posts each once.
 * Notes are created as `mail.message` rows (the bridge user may write the records), without
 * notifying followers, in the order given.
 */
export class KeyedNotes {
  private subtype: number | null | undefined;

  constructor(private readonly client: OdooClient) {}

  /** The keys among these that are already posted. */
  async posted(keys: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const part of chunk([...new Set(keys)], 1000)) {
      const rows = await this.client.searchRead(
        MESSAGE.model,
        [[MESSAGE.f.messageId, 'in', part.map(noteMessageId)]],
        fieldNames(MESSAGE, ['messageId']),
      );
      for (const row of rows) found.add(String(row[MESSAGE.f.messageId]).slice(1, -'@h23-bridge>'.length));
    }
    return found;
  }

  /** Posts the notes not posted yet; returns how many it posted. */
  async post(notes: readonly KeyedNote[]): Promise<number> {
    if (notes.length === 0) return 0;
    const done = await this.posted(notes.map((note) => note.key));
    const seen = new Set(done);
    const todo = notes.filter((note) => !seen.has(note.key) && seen.add(note.key) !== undefined);
    if (todo.length === 0) return 0;
    const subtype = await this.noteSubtype();
    const outcomes = await this.client.create(
      MESSAGE.model,
      todo.map((note) =>
        encodeValues(MESSAGE, {
          model: note.model,
          resId: note.resId,
          body: note.body,
          messageType: 'comment',
          subtype,
          messageId: noteMessageId(note.key),
          ...(note.at === undefined ? {} : { date: odooDatetimeOfInstant(note.at) }),
        }),
      ),
    );
    throwFirstRefusal(outcomes);
    return todo.length;
  }

  private async noteSubtype(): Promise<number | null> {
    if (this.subtype === undefined)
      this.subtype =
        (await resolveXmlids(this.client, [ODOO_XMLIDS.noteSubtype])).get(ODOO_XMLIDS.noteSubtype)?.id ??
        null;
    return this.subtype;
  }
}
