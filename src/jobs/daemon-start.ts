import { OdooClient, type OdooConnection } from '../connectors/odoo/client.js';
import { isOdooError } from '../connectors/odoo/errors.js';
import { isAdministrator } from '../connectors/odoo/identity.js';
import { readModuleData } from '../connectors/odoo/module-store.js';
import type { Logger } from '../logging/logger.js';
import { buildModule, MODULE_NAMESPACE } from '../module/index.js';
import { ensureWorkLanguage, installModule, moduleAddons } from './module-install.js';

const FIRST_WAIT_MS = 2000;
const LONGEST_WAIT_MS = 60_000;

/**
 * Connects, waiting for an Odoo that is not up yet (the bridge started at boot before
 * it, or Odoo restarting): network failures and timeouts are retried with a log line,
 * doubling the wait up to a minute, until `stopped()` says so. Anything else (a wrong
 * key, a wrong database) fails at once: waiting would not mend it.
 */
export async function connectWhenUp(
  connection: OdooConnection,
  logger: Logger,
  stopped: () => boolean = () => false,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  connect: (connection: OdooConnection, logger: Logger) => Promise<OdooClient> = OdooClient.connect,
): Promise<OdooClient> {
  let waitMs = FIRST_WAIT_MS;
  for (;;) {
    try {
      return await connect(connection, logger);
    } catch (error) {
      const transient = isOdooError(error) && (error.code === 'network' || error.code === 'timeout');
      if (!transient || stopped()) throw error;
      logger.warn(
        { url: connection.url, err: error.message, retryInSeconds: waitMs / 1000 },
        'Odoo is not reachable yet: waiting for it',
      );
      await sleep(waitMs);
      waitMs = Math.min(waitMs * 2, LONGEST_WAIT_MS);
    }
  }
}

export type ExtensionState = 'current' | 'installed' | 'upgraded' | 'missing' | 'outdated';

/**
 * The extension as this bridge declares it. With an administrator's key it is installed
 * or upgraded here and now (what `h23-bridge install` does), so a first run needs no other
 * step; with the bridge user's (which may not read Odoo's models and views), `missing`
 * when it is not there at all, for the caller to explain.
 */
export async function ensureExtension(client: OdooClient, logger: Logger): Promise<ExtensionState> {
  if (!(await isAdministrator(client))) {
    // The bridge user may read external IDs, not models and views: none of the module's means
    // no extension; a record this version declares and the database lacks, an older one (the
    // bridge was upgraded alone).
    const present = new Set(
      (await readModuleData(client, MODULE_NAMESPACE)).map((row) => `${MODULE_NAMESPACE}.${row.name}`),
    );
    if (present.size === 0) return 'missing';
    const declared = buildModule(client.dialect, await moduleAddons(client));
    return declared.some((record) => !present.has(record.xmlid)) ? 'outdated' : 'current';
  }
  const status = await installModule(client, logger, { dryRun: true });
  if (status.counts.create + status.counts.update + status.obsolete.length === 0) {
    await ensureWorkLanguage(client, logger);
    return 'current';
  }
  const fresh = status.counts.create === status.declared;
  logger.info(
    { create: status.counts.create, update: status.counts.update, remove: status.obsolete.length },
    fresh ? 'installing the h23_crm extension' : 'upgrading the h23_crm extension',
  );
  const report = await installModule(client, logger, { dryRun: false });
  const failed = report.changes.find((change) => change.action === 'failed');
  if (report.stoppedAt || failed) {
    throw new Error(
      `the h23_crm extension could not be ${fresh ? 'installed' : 'upgraded'} (stopped at ${report.stoppedAt ?? '?'}): ${failed?.xmlid ?? ''} ${failed?.error ?? ''}`.trim(),
    );
  }
  return fresh ? 'installed' : 'upgraded';
}
