import type { Config } from '../../config/schema.js';
import type { OdooClient } from '../connectors/odoo/client.js';
import { LeaseStore } from '../connectors/odoo/lease-store.js';
import { LEASE_KEY, leaseHolderName } from '../jobs/daemon.js';
import type { Logger } from '../logging/logger.js';
import { EXIT } from './exit-codes.js';
import { CliExit } from './runtime.js';

/**
 * Runs a command's work under the daemon's lease, so it never runs beside the daemon doing the
 * same job. A lease left by a run that was killed lapses within one lease length: it waits that
 * long, then refuses with `refusal` (who holds it is appended).
 */
export async function underDaemonLease<T>(
  client: OdooClient,
  config: Pick<Config, 'daemon'>,
  logger: Logger,
  refusal: (holder: string) => string,
  work: () => Promise<T>,
): Promise<T> {
  const lease = new LeaseStore(client, LEASE_KEY);
  const me = leaseHolderName();
  const ttlMs = config.daemon.leaseSeconds * 1000;
  const deadline = Date.now() + ttlMs + 5000;
  let held = await lease.acquire(me, ttlMs);
  if (!held.held) logger.warn({ holder: held.holder }, 'the lease is held: waiting for it to lapse');
  while (!held.held && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    held = await lease.acquire(me, ttlMs);
  }
  if (!held.held) throw new CliExit(EXIT.odoo, refusal(held.holder ?? ''));
  return work().finally(() => lease.release(me).catch(() => undefined));
}

/**
 * A job as a command runs it: a dry run on the store that writes nothing (reads only: no
 * lease), else the real run under the daemon's lease.
 */
export function dryRunOrUnderLease<S, T>(
  options: {
    dryRun: boolean;
    store: S;
    dryRunStore: (store: S) => S;
    client: OdooClient;
    config: Pick<Config, 'daemon'>;
    logger: Logger;
    refusal: (holder: string) => string;
  },
  run: (store: S) => Promise<T>,
): Promise<T> {
  const { dryRun, store, dryRunStore, client, config, logger, refusal } = options;
  if (dryRun) return run(dryRunStore(store));
  return underDaemonLease(client, config, logger, refusal, () => run(store));
}
