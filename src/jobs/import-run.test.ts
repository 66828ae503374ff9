import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.js';
import { FakeTransport } from '../../test/support/fake-transport.js';
import { MemoryImportBatches } from '../../test/support/memory-import-batches.js';
import { MemoryRecords, memoryStores } from '../../test/support/memory-stores.js';
import { OdooClient } from '../connectors/odoo/client.js';
import { OdooError } from '../connectors/odoo/errors.js';
import { silentLogger } from '../logging/logger.js';
import { daemonJobs, jobsAfterImport } from './daemon.js';
import { DefaultBranchError } from './default-branch.js';
import type { ImportSummary } from './import-pipeline.js';
import {
  type BatchOutcome,
  failureMessage,
  type ImportRunStores,
  importFileWith,
  processPendingBatches,
  runPendingBatches,
} from './import-run.js';
import { type SampleFiles, writeSample } from './sample.js';

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

const TODAY = '2026-11-23';
const T0 = new Date('2026-11-23T03:00:00Z');
const minutesAfter = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
/** Small chunks, so that a run makes many write calls (the config's minimum is for Odoo). */
const SMALL = { ...CONFIG.import, chunkSize: 16 };
const HTML = Buffer.from(
  '<!DOCTYPE html><html><body><table><tr><td>No Mesin</td></tr></table></body></html>',
);

/** One "database": the batches and the records they import into, sharing one kill switch. */
function database(killSwitch = { writesLeft: Number.POSITIVE_INFINITY }) {
  const report = memoryStores(killSwitch);
  const batches = new MemoryImportBatches(killSwitch);
  const wors = new MemoryRecords(killSwitch);
  const stores: ImportRunStores = {
    batches,
    report,
    praWo: { wors, branchesByDealerCode: () => report.units.branchesByDealerCode() },
  };
  const writes = () =>
    batches.writeCalls + report.units.writeCalls + report.owners.writeCalls + wors.writeCalls;
  return { stores, batches, report, killSwitch, writes };
}

/** Units by engine, their owner named by key (ids depend on the order records were made in). */
function unitsOf(db: ReturnType<typeof database>): Record<string, Record<string, unknown>> {
  const ownerKey = new Map([...db.report.owners.rows].map(([key, owner]) => [owner.id, key]));
  return Object.fromEntries(
    [...db.report.units.rows].map(([engine, unit]) => [
      engine,
      { ...unit.values, partnerId: ownerKey.get(unit.values.partnerId as number) ?? null },
    ]),
  );
}

describe('import batches the PIC uploads, over memory stores', () => {
  let folder: string;
  let sample: SampleFiles;
  let cdb: Buffer;
  let a2: Buffer;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'h23-batches-'));
    sample = await writeSample({
      units: 40,
      out: folder,
      seed: 5,
      today: TODAY,
      format: 'xlsx',
      dirtyShare: 0.1,
    });
    [cdb, a2] = await Promise.all([readFile(sample.cdb), readFile(sample.a2)]);
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  function uploadAll(db: ReturnType<typeof database>) {
    return [
      db.batches.upload('cdb', 'cdb-november.xlsx', cdb),
      db.batches.upload('wor', 'bukan-laporan.xls', HTML),
      db.batches.upload('a2', 'a2-november.xlsx', a2),
    ];
  }
  const run = (db: ReturnType<typeof database>, now = T0) =>
    processPendingBatches(db.stores, silentLogger(), SMALL, TODAY, { now: () => now });

  it('queued → running → done, oldest first; a file that is no report fails with the reason and the next still runs', async () => {
    const db = database();
    const [first, html, last] = uploadAll(db);
    const statesWhileWriting = new Set<string | null | undefined>();
    const create = db.report.units.create.bind(db.report.units);
    db.report.units.create = async (rows) => {
      if (rows.length > 0) statesWhileWriting.add(db.batches.batches.get(first as number)?.state);
      return create(rows);
    };
    const outcomes = await run(db, T0);
    expect(statesWhileWriting).toEqual(new Set(['running']));
    expect(outcomes.map((outcome) => [outcome.id, outcome.state])).toEqual([
      [first, 'done'],
      [html, 'failed'],
      [last, 'done'],
    ]);
    const done = db.batches.batches.get(first as number);
    expect(done).toMatchObject({ state: 'done', startedAt: T0, finishedAt: T0 });
    expect(done?.rows?.total).toBe(sample.expected.cdbRows);
    expect(done?.rows?.quarantined).toBe(sample.expected.cdbQuarantined);
    expect(done?.report?.fileName).toBe('karantina-cdb-november.csv');
    expect(db.report.units.rows.size).toBe(sample.expected.units);
    expect(db.batches.batches.get(html as number)?.message).toMatch(/^Berkas ini halaman web \(HTML\)/);
    expect(db.batches.batches.get(last as number)?.rows?.total).toBe(sample.expected.a2Rows);
  });

  it('a re-run takes nothing; a re-uploaded file queues its batch again, and its rows are then unchanged', async () => {
    const db = database();
    const [first] = uploadAll(db);
    await run(db);
    const writes = db.writes();
    expect(await run(db, minutesAfter(60))).toEqual([]);
    expect(db.writes()).toBe(writes);
    db.batches.reupload(first as number, cdb);
    const [again] = await run(db, minutesAfter(61));
    expect(again).toMatchObject({ id: first, state: 'done' });
    expect(again?.summary?.counts.applied).toBe(0);
    expect(again?.summary?.counts.unchanged).toBe(sample.expected.cdbRows - sample.expected.cdbQuarantined);
    // Only the batch itself was written: start and finish.
    expect(db.writes()).toBe(writes + 2);
  });

  it('a batch another run took under 30 minutes ago is left to it; one older was cut off and is taken again', async () => {
    const db = database();
    const [first] = uploadAll(db);
    await db.batches.start(first as number, T0);
    expect((await db.batches.pending(minutesAfter(29))).map((batch) => batch.id)).not.toContain(first);
    expect((await db.batches.pending(minutesAfter(31))).map((batch) => batch.id)).toContain(first);
  });

  it('killed at any write, a run after the cut-off time ends as an uninterrupted run', async () => {
    const reference = database();
    uploadAll(reference);
    await run(reference);
    const total = reference.writes();
    const states = (db: ReturnType<typeof database>) =>
      [...db.batches.batches.values()].map((batch) => [batch.state, batch.rows?.total ?? null]);
    expect(total).toBeGreaterThan(8);
    for (let killAt = 0; killAt < total; killAt += 1) {
      const db = database({ writesLeft: killAt });
      uploadAll(db);
      await expect(run(db), `kill at write ${killAt}`).rejects.toThrow('simulated kill');
      db.killSwitch.writesLeft = Number.POSITIVE_INFINITY;
      await run(db, minutesAfter(31));
      expect(states(db), `kill at write ${killAt}`).toEqual(states(reference));
      expect(unitsOf(db), `kill at write ${killAt}`).toEqual(unitsOf(reference));
      expect([...db.report.owners.rows.keys()].sort()).toEqual(
        [...reference.report.owners.rows.keys()].sort(),
      );
    }
  });

  it('a command-line import killed at any write and run again is one batch, done, with the units of one run (issue 18)', async () => {
    const importCdb = (db: ReturnType<typeof database>) =>
      importFileWith(db.stores, silentLogger(), SMALL, {
        path: sample.cdb,
        kind: 'cdb',
        today: TODAY,
        dryRun: false,
        recordBatch: true,
      });
    const reference = database();
    await importCdb(reference);
    const total = reference.writes();
    const batches = (db: ReturnType<typeof database>) =>
      [...db.batches.batches.values()].map((batch) => [
        batch.state,
        batch.fileName,
        batch.rows?.total ?? null,
      ]);
    expect(batches(reference)).toEqual([['done', 'cdb.xlsx', sample.expected.cdbRows]]);
    for (let killAt = 0; killAt < total; killAt += 1) {
      const db = database({ writesLeft: killAt });
      await expect(importCdb(db), `kill at write ${killAt}`).rejects.toThrow('simulated kill');
      db.killSwitch.writesLeft = Number.POSITIVE_INFINITY;
      await importCdb(db);
      expect(batches(db), `kill at write ${killAt}`).toEqual(batches(reference));
      expect(unitsOf(db), `kill at write ${killAt}`).toEqual(unitsOf(reference));
    }
    // A finished import is on record: running it again is another batch.
    await importCdb(reference);
    expect(batches(reference)).toHaveLength(2);
  });

  it.each([
    'cdb-1900.xlsx',
    'cdb-1904.xlsx',
  ])('a LibreOffice-written %s uploaded as a batch imports with every date right', async (file) => {
    const db = database();
    const id = db.batches.upload(
      'cdb',
      file,
      await readFile(join(import.meta.dirname, '../../test/fixtures/libreoffice', file)),
    );
    const [outcome] = await run(db);
    expect(outcome).toMatchObject({ id, state: 'done' });
    expect(outcome?.summary?.counts.quarantined).toBe(0);
    expect(
      Object.entries(unitsOf(db))
        .map(([engine, unit]) => [engine, unit.purchaseDate])
        .sort(),
    ).toEqual([
      ['JBK1E1234567', '2025-08-18'],
      ['JM11E1002003', '2022-03-01'],
      ['KC56E8895266', '2024-02-29'],
    ]);
  });
});
