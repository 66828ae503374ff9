/**
 * npm run bench:wor -- [--wors 10000] [--customers 2000] [--seed 7]
 *
 * WOR reconciliation at scale against the live Odoo named by ODOO_* (a
 * throw-away database: the bench deletes every WOR and the WOR watermark).
 * Customers with messy phone formats and name spellings visit the workshop
 * many times, with their own units (half of them in the CDB already) and
 * sometimes a family member bringing the motorcycle. The bench checks that no
 * person became two partners, then prints WORs per second and Odoo calls per
 * WOR, beside Odoo's own bulk path measured in the same run: creating the same
 * WORs with `create` in batches of 1,000.
 */
import { parseArgs } from 'node:util';
import { configSchema } from '../config/schema.js';
import { OdooClient } from '../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../src/connectors/odoo/from-config.js';
import { reconcileWors } from '../src/jobs/reconcile-wors.js';
import { createLogger, silentLogger } from '../src/logging/logger.js';
import { liveOdoo } from '../test/live/live-env.js';
import { measure } from './measure.js';

const { values } = parseArgs({
  options: {
    wors: { type: 'string', default: '10000' },
    customers: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '7' },
  },
});
const worCount = Number(values.wors);
const customerCount = Number(values.customers);

let state = Number(values.seed) >>> 0 || 1;
/** Deterministic: the same seed gives the same customers and visits. */
function random(): number {
  state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 2 ** 32;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const FIRST = [
  'Muhammad',
  'Ahmad',
  'Budi',
  'Siti',
  'Dewi',
  'Agus',
  'Rizky',
  'Sri',
  'Eko',
  'Nur',
  'Yusuf',
  'Dedi',
  'Rina',
  'Hendra',
  'Fitri',
  'Joko',
  'Wahyu',
  'Indah',
  'Bayu',
  'Putri',
  'Andi',
  'Lestari',
  'Fajar',
  'Ayu',
  'Hadi',
];
const LAST = [
  'Santoso',
  'Wijaya',
  'Saputra',
  'Hidayat',
  'Kurniawan',
  'Setiawan',
  'Pratama',
  'Wulandari',
  'Nugroho',
  'Susanto',
  'Gunawan',
  'Rahmawati',
  'Firmansyah',
  'Permana',
  'Hakim',
  'Maulana',
  'Syahputra',
  'Purnomo',
  'Siregar',
  'Nasution',
  'Harahap',
  'Sihombing',
  'Hutapea',
  'Lubis',
  'Simanjuntak',
];
const MIDDLE = ['Adi', 'Eka', 'Dwi', 'Tri', 'Putra', 'Indra', 'Surya', 'Ari', 'Rahmat', 'Budi'];

interface Customer {
  name: string;
  digits: string;
  engines: string[];
  family: { name: string; digits: string } | null;
}

const PHONE_SHAPES: ReadonlyArray<(digits: string) => string> = [
  (d) => `0${d}`,
  (d) => `+62 ${d.slice(0, 3)}-${d.slice(3, 7)}-${d.slice(7)}`,
  (d) => `62${d}`,
  (d) => `0${d.slice(0, 3)} ${d.slice(3, 7)} ${d.slice(7)}`,
  (d) => `(0${d.slice(0, 3)}) ${d.slice(3)}`,
  (d) => `0${d.slice(0, 3)}.${d.slice(3, 7)}.${d.slice(7)}`,
  (d) => d,
];

/** How a service advisor may write a name: case, titles, y/i, doubled letters, one typo, an initial. */
function messyName(name: string): string {
  const words = name.split(' ');
  const roll = random();
  if (roll < 0.2) return name.toUpperCase();
  if (roll < 0.3) return `${pick(['Bpk.', 'Bapak', 'Ibu', 'Sdr.', 'H.'])} ${name}`;
  if (roll < 0.4) return name.replace(/y/g, 'i').replace(/mm/g, 'm');
  if (roll < 0.5 && (words[1]?.length ?? 0) >= 5) {
    const word = words[1] as string;
    const at = 1 + Math.floor(random() * (word.length - 2));
    words[1] = word.slice(0, at) + word.slice(at + 1);
    return words.join(' ');
  }
  if (roll < 0.55 && words.length >= 2) return `${words[0]?.[0]}. ${words.slice(1).join(' ')}`;
  if (roll < 0.6) return name.toLowerCase();
  return name;
}

function customers(): Customer[] {
  const used = new Set<string>();
  const list: Customer[] = [];
  let serial = 0;
  while (list.length < customerCount) {
    const name = `${pick(FIRST)} ${pick(MIDDLE)} ${pick(LAST)}`;
    if (used.has(name)) continue;
    used.add(name);
    serial += 1;
    const digits = `81${String(1_000_000 + serial * 7).padStart(8, '0')}`;
    const engines = Array.from(
      { length: random() < 0.15 ? 2 : 1 },
      (_, index) =>
        `BW${String(serial).padStart(5, '0')}E${index}${String(serial * 3 + index).padStart(5, '0')}`,
    );
    const family =
      random() < 0.25
        ? {
            name: `${pick(FIRST)} ${pick(LAST)}`,
            digits: `85${String(5_000_000 + serial * 7).padStart(8, '0')}`,
          }
        : null;
    if (family && used.has(family.name)) continue;
    if (family) used.add(family.name);
    list.push({ name, digits, engines, family });
  }
  return list;
}

async function main(): Promise<void> {
  const live = liveOdoo();
  if ('skip' in live) throw new Error(live.skip);
  // LOG_LEVEL=debug prints one line per Odoo call (model, method, ms) on stderr: where the time goes.
  const logger = process.env.LOG_LEVEL ? createLogger({ level: process.env.LOG_LEVEL }) : silentLogger();
  const client = await OdooClient.connect(connectionFromConfig({ ...live.config, maxInFlight: 4 }), logger);
  const people = customers();

  // A throw-away database: this bench's WORs only, no watermark, no partners or units of an earlier run.
  process.stdout.write('cleaning earlier runs…\n');
  await client.unlink('x_h23_wor', await client.call<number[]>('x_h23_wor', 'search', [[]]), {
    chunkSize: 5000,
  });
  await client.unlink(
    'x_h23_bridge_state',
    await client.call<number[]>('x_h23_bridge_state', 'search', [[['x_name', '=like', 'wor_%']]]),
  );
  await client.unlink(
    'x_h23_unit',
    await client.call<number[]>('x_h23_unit', 'search', [[['x_engine_number', '=like', 'BW%']]]),
    { chunkSize: 5000 },
  );
  // Partners of an earlier run (they hold this run's phones): archived, their phone and key cleared.
  const benchPhones = [
    ...new Set(people.flatMap((c) => [`+62${c.digits}`, ...(c.family ? [`+62${c.family.digits}`] : [])])),
  ];
  const earlier = await client.call<number[]>('res.partner', 'search', [[['phone', 'in', benchPhones]]], {
    context: { active_test: false },
  });
  if (earlier.length)
    await client.call('res.partner', 'write', [earlier, { active: false, phone: false, x_h23_key: false }]);

  // Half the units come from the CDB: unit and owner already in Odoo, as the CDB import leaves them.
  const inCdb = people.filter(() => random() < 0.5);
  const inCdbSet = new Set(inCdb);
  const owners = await client.create(
    'res.partner',
    inCdb.map((c) => ({
      name: c.name,
      phone: `+62${c.digits}`,
      x_h23_key: `+62${c.digits}|${c.name.toLowerCase()}`,
    })),
    { chunkSize: 1000, context: { tracking_disable: true } },
  );
  const ownerIdOf = new Map(inCdb.map((c, index) => [c, owners[index]?.id as number]));
  await client.create(
    'x_h23_unit',
    inCdb.flatMap((c) =>
      c.engines.slice(0, 1).map((engine) => ({
        x_engine_number: engine,
        x_partner_id: ownerIdOf.get(c),
        x_cdb_owner_key: `+62${c.digits}|${c.name.toLowerCase()}`,
        x_purchase_date: '2025-03-01',
      })),
    ),
    { chunkSize: 1000, context: { tracking_disable: true } },
  );

  // 10,000 visits: the owner (messily written) most of the time, a family member otherwise.
  const wors = Array.from({ length: worCount }, (_, index) => {
    const customer = people[index % people.length] as Customer;
    const engine = pick(customer.engines);
    const carrier = customer.family && random() < 0.3 ? customer.family : customer;
    // "No HP not written": only for a unit Odoo knows, the one case a phoneless WOR can be matched (by its unit's owner).
    const noPhone =
      carrier === customer && inCdbSet.has(customer) && engine === customer.engines[0] && random() < 0.05;
    return {
      carrier,
      values: {
        x_name: `BENCH-${index + 1}`,
        x_visit_date: '2026-11-20',
        x_engine_number: random() < 0.3 ? engine.toLowerCase().replace('e', '-e') : engine,
        x_carrier_name: messyName(carrier.name),
        x_carrier_phone: noPhone ? false : pick(PHONE_SHAPES)(carrier.digits),
        x_source: 'tablet',
      },
    };
  });
  // Shuffled: a customer's visits are spread over the whole run, across batches.
  for (let i = wors.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [wors[i], wors[j]] = [wors[j] as (typeof wors)[number], wors[i] as (typeof wors)[number]];
  }

  process.stdout.write(`${people.length} customers (${inCdb.length} in the CDB), ${wors.length} WORs\n`);
  const bulk = await measure(client, 'Odoo bulk create of the WORs', async () => {
    const outcomes = await client.create(
      'x_h23_wor',
      wors.map((visit) => visit.values),
      { chunkSize: 1000, context: { tracking_disable: true } },
    );
    return outcomes.filter((outcome) => outcome.id !== undefined).length;
  });
  const config = configSchema.shape.wor.parse({});
  let report: Awaited<ReturnType<typeof reconcileWors>> | undefined;
  const reconcile = await measure(client, 'h23-bridge reconcile', async () => {
    report = await reconcileWors(client, logger, { config });
    return report.read;
  });
  const rerun = await measure(client, 'h23-bridge reconcile, again', async () => {
    const again = await reconcileWors(client, logger, { config });
    if (again.peopleCreated || again.unitsCreated || again.matched.owner || again.review) {
      throw new Error(`the re-run wrote again: ${JSON.stringify(again)}`);
    }
    return again.read;
  });

  // No duplicates: every bench phone is held by exactly one partner.
  const partners = await client.searchRead('res.partner', [['phone', 'in', benchPhones]], ['phone'], {
    context: { active_test: true },
  });
  const holders = new Map<string, number>();
  for (const partner of partners)
    holders.set(String(partner.phone), (holders.get(String(partner.phone)) ?? 0) + 1);
  const doubled = [...holders].filter(([, count]) => count > 1);
  // New people: customers not in the CDB and family members, each counted once however often they came.
  const carriers = new Set(wors.map((visit) => visit.carrier));
  const newPeople = [...carriers].filter((person) => !inCdbSet.has(person as Customer)).length;

  const r = report as NonNullable<typeof report>;
  process.stdout.write(
    [
      '',
      `partners: ${partners.length} hold the ${holders.size} phones of the ${carriers.size} people who came (${inCdb.length} in the CDB before); doubled phones: ${doubled.length}; partners created ${r.peopleCreated} for ${newPeople} new people`,
      `reconciled: ${r.matched.owner} carrier = owner, ${r.matched.carrier} carrier is family, ${r.matched.created} new unit, ${r.review} to review; ${r.peopleCreated} partners and ${r.unitsCreated} units created, ${r.errors.length} refused`,
      `reconcile: ${Math.round(reconcile.perSecond)} WORs/s, ${(reconcile.calls / worCount).toFixed(3)} Odoo calls per WOR; ${(reconcile.seconds / bulk.seconds).toFixed(2)}× the time of Odoo's bulk create of the same WORs (${Math.round(bulk.perSecond)} WORs/s, ${(bulk.calls / worCount).toFixed(3)} calls per WOR)`,
      `re-run: ${rerun.seconds.toFixed(2)} s, ${rerun.calls} calls, nothing written`,
      '',
    ].join('\n'),
  );
  for (const error of r.errors.slice(0, 5))
    process.stdout.write(`refused: ${error.model} ${error.record}: ${error.message}\n`);
  if (doubled.length > 0) {
    process.stdout.write(
      `DUPLICATES: ${doubled
        .slice(0, 10)
        .map(([phone, count]) => `${phone}×${count}`)
        .join(', ')}\n`,
    );
    process.exitCode = 1;
  }
}

await main();
