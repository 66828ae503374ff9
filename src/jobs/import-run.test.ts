import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.js';
import { FakeTransport } from '../../test/support/fake-transport.js';
import { OdooClient } from '../connectors/odoo/client.js';
import { OdooError } from '../connectors/odoo/errors.js';
import { silentLogger } from '../logging/logger.js';
import { daemonJobs, jobsAfterImport } from './daemon.js';
import { DefaultBranchError } from './default-branch.js';
import type { ImportSummary } from './import-pipeline.js';
import { type BatchOutcome, failureMessage, runPendingBatches } from './import-run.js';

const CONFIG = configSchema.parse({ odoo: { url: 'http://odoo.invalid', db: 'test', apiKey: 'k' } });

function clientAnswering(handler: ConstructorParameters<typeof FakeTransport>[0]) {
  const transport = new FakeTransport(handler);
  const client = OdooClient.over(
    transport,
    { uid: 2, version: { version: '19.0', major: 19, minor: 0, edition: 'community' }, db: 'test' },
    { maxInFlight: 1, retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 }, context: {} },
    silentLogger(),
  );
  return { client, transport };
}

describe('the pending-imports poll', () => {
  it('polls every minute by default, and a poll that finds nothing is one search', async () => {
    expect(CONFIG.daemon.importCron).toBe('* * * * *');
    const { client, transport } = clientAnswering(() => []);
    expect(await runPendingBatches(client, silentLogger(), CONFIG.import, '2026-11-23')).toEqual([]);
    expect(transport.calls.map((call) => `${call.model}.${call.method}`)).toEqual([
      'x_h23_import_batch.search_read',
    ]);
    // Never the file itself: that is read per batch, once it is taken.
    expect(transport.calls[0]?.kwargs.fields).not.toContain('x_file');
  });
});

const summary = (applied: number): ImportSummary =>
  ({ kind: 'cdb', counts: { rows: applied + 1, applied } }) as unknown as ImportSummary;
const batch = (state: BatchOutcome['state'], applied?: number): BatchOutcome => ({
  id: 1,
  name: 'CDB cdb.xlsx 23/11/2026',
  state,
  ...(applied === undefined ? {} : { summary: summary(applied) }),
});

describe('jobsAfterImport', () => {
  it.each([
    { name: 'no batch waited', outcomes: [], next: [] },
    { name: 'a batch wrote rows', outcomes: [batch('done', 3)], next: ['schedule'] },
    { name: 'a batch changed nothing (a re-upload)', outcomes: [batch('done', 0)], next: [] },
    { name: 'a batch failed', outcomes: [batch('failed')], next: [] },
    {
      name: 'one failed, the next wrote rows',
      outcomes: [batch('failed'), batch('done', 1)],
      next: ['schedule'],
    },
  ])('$name → $next', ({ outcomes, next }) => {
    expect(jobsAfterImport(outcomes)).toEqual(next);
  });

  it('looks for command-line imports since its last run: one count, after the pending batches', async () => {
    const { client, transport } = clientAnswering((call) => (call.method === 'search_count' ? 1 : []));
    const job = daemonJobs(client, silentLogger(), CONFIG).find((candidate) => candidate.name === 'import');
    expect(await job?.run('2026-11-23')).toEqual({ batches: [], importedElsewhere: 1 });
    const count = transport.calls.find((call) => call.method === 'search_count');
    expect(JSON.stringify(count?.kwargs.domain ?? count?.args)).toMatch(/x_finished_at.*>=/);
  });

  it('is what the daemon’s import job asks for after a run', () => {
    const { client } = clientAnswering(() => []);
    const job = daemonJobs(client, silentLogger(), CONFIG).find((candidate) => candidate.name === 'import');
    expect(job?.next?.({ batches: [batch('done', 2)], importedElsewhere: 0 })).toEqual(['schedule']);
    expect(job?.next?.({ batches: [], importedElsewhere: 0 })).toEqual([]);
    // `h23-bridge import` on the command line records a batch: its units are scheduled too.
    expect(job?.next?.({ batches: [], importedElsewhere: 1 })).toEqual(['schedule']);
    // The job it asks for exists.
    expect(daemonJobs(client, silentLogger(), CONFIG).map((candidate) => candidate.name)).toContain(
      'schedule',
    );
  });
});

describe('failureMessage: what the PIC reads on a failed batch', () => {
  it.each([
    {
      name: 'a default branch no branch carries',
      error: new DefaultBranchError('AHS09', ['AHS01']),
      expected:
        /^Gagal: cabang bawaan .* berkode "AHS09", tetapi tidak ada Cabang dengan Kode Dealer itu\. .*unggah ulang/,
    },
    {
      name: 'an Odoo refusal',
      error: new OdooError({ code: 'validation', message: 'Nilai salah' }),
      expected: /^Gagal: Odoo menolak \(Nilai salah\)\. Impor dapat diulang/,
    },
    { name: 'a bug', error: new Error('boom'), expected: /^Gagal karena kesalahan tak terduga \(boom\)/ },
  ])('$name', ({ error, expected }) => {
    expect(failureMessage(error)).toMatch(expected);
  });
});
