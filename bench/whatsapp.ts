/**
 * npm run bench:whatsapp -- [--messages 10000]
 *
 * The FU1 blast and its webhooks at scale, against the live Odoo named by ODOO_* (a throw-away
 * database: the bench closes every open FU1 there) and the Cloud API emulator on this machine.
 * N follow-ups with a customer each are made due today; the blast sends them (at the emulator's
 * pace, not Meta's 80 per second, so the time measured is the bridge's and Odoo's), then every
 * message's statuses (sent, delivered, read) come back in webhook bodies of 100. Prints the
 * bridge's CPU per message and Odoo calls per 1,000 messages for both, beside Odoo's own bulk
 * path measured in the same run: creating N message records with `create` in batches of 1,000.
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import nock from 'nock';
import { OdooClient } from '../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../src/connectors/odoo/from-config.js';
import { OdooWhatsAppEvents } from '../src/connectors/odoo/whatsapp-event-store.js';
import { OdooWhatsAppOutbox } from '../src/connectors/odoo/whatsapp-outbox-store.js';
import { installModule } from '../src/jobs/module-install.js';
import { runBlast, SYSTEM_CLOCK } from '../src/jobs/whatsapp-blast.js';
import { BLAST_CHUNK } from '../src/jobs/whatsapp-daemon.js';
import { applyWhatsAppEvents } from '../src/jobs/whatsapp-events.js';
import { silentLogger } from '../src/logging/logger.js';
import { webhookEvents } from '../src/rules/whatsapp/webhook-events.js';
import { liveOdoo } from '../test/live/live-env.js';
import { cloudApiFor, WhatsAppEmulator } from '../test/support/whatsapp-emulator.js';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '10000' } } });
const count = Number(values.messages);
const live = liveOdoo();
if ('skip' in live) {
  process.stderr.write(`${live.skip}\n`);
  process.exit(2);
}
nock.enableNetConnect();
const logger = silentLogger();
const TODAY = new Date().toISOString().slice(0, 10);
const tag = `${Date.now() % 1_000_000}`;
const admin = await OdooClient.connect(connectionFromConfig(live.config), logger);
await installModule(admin, logger, { dryRun: false });

// The emulator runs in a process of its own: its CPU is not counted as the bridge's.
const templates = [
  {
    name: `bench_${tag}`,
    language: 'id',
    status: 'APPROVED',
    category: 'UTILITY',
    body: 'Halo {{1}}, KPB {{2}} motor {{3}}.',
  },
];
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    'test/support/whatsapp-emulator-server.ts',
    'bench-token-0000000000',
    JSON.stringify(templates),
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const [emulatorUrl, sentUrl] = (
  await new Promise<string>((resolve) =>
    child.stdout.once('data', (data: Buffer) => resolve(data.toString())),
  )
)
  .trim()
  .split(' ') as [string, string];
// Builds the webhook bodies (statuses in Meta's shape) only: it sends nothing.
const emulator = new WhatsAppEmulator({ token: 'unused', appSecret: 'unused' });
const api = cloudApiFor({ ...emulator, url: emulatorUrl }, 'bench-token-0000000000');

// The dealer's data: one template, N customers, units and due FU1s, made with Odoo's bulk create.
const open = await admin.call<number[]>('x_h23_followup', 'search', [
  [
    ['x_stage', '=', 'fu1'],
    ['x_state', '=', 'todo'],
  ],
]);
if (open.length) await admin.call('x_h23_followup', 'write', [open, { x_state: 'closed' }]);
const fu1 = await admin.call<number[]>('x_h23_wa_template', 'search', [[['x_purpose', '=', 'fu1']]]);
if (fu1.length) await admin.call('x_h23_wa_template', 'write', [fu1, { x_purpose: false }]);
await admin.create('x_h23_wa_template', [
  {
    x_name: `bench_${tag}`,
    x_language: 'id',
    x_purpose: 'fu1',
    x_status: 'APPROVED',
    x_body: 'Halo {{1}}, KPB {{2}} motor {{3}}.',
    x_param_1: 'customer_name',
    x_param_2: 'kpb',
    x_param_3: 'unit_model',
  },
]);
const mobile = admin.dialect.partnerMobileField;
const partners = await admin.create(
  'res.partner',
  Array.from({ length: count }, (_, index) => ({
    name: `Bench ${tag} ${index}`,
    [mobile]: `+62812${String(index).padStart(8, '0')}`,
  })),
  { chunkSize: 1000 },
);
const units = await admin.create(
  'x_h23_unit',
  partners.map((partner, index) => ({
    x_engine_number: `BENCH${tag}${index}`,
    x_model_name: 'BeAT',
    x_partner_id: partner.id,
  })),
  { chunkSize: 1000 },
);
await admin.create(
  'x_h23_followup',
  units.map((unit, index) => ({
    x_unit_id: unit.id,
    x_partner_id: partners[index]?.id,
    x_kpb: '1',
    x_stage: 'fu1',
    x_channel: 'wa_blast',
    x_due_date: TODAY,
  })),
  { chunkSize: 1000 },
);

// The bridge as the daemon runs it, with the technical user's connection.
const bridge = await OdooClient.connect(connectionFromConfig(live.config), logger);
const outbox = new OdooWhatsAppOutbox(bridge, 'Asia/Jakarta');
const cpu = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

let calls = bridge.calls;
let cpuAt = cpu();
let started = performance.now();
const blast = await runBlast(
  outbox,
  api,
  { messagesPerSecond: 100_000, messagingLimit: null, marketingEndpoint: true, chunkSize: BLAST_CHUNK },
  SYSTEM_CLOCK,
  logger,
  TODAY,
);
const blastSeconds = (performance.now() - started) / 1000;
const blastCalls = bridge.calls - calls;
const blastCpu = cpu() - cpuAt;
if (blast.sent !== count) throw new Error(`sent ${blast.sent} of ${count}`);

const events = new OdooWhatsAppEvents(bridge, 'Asia/Jakarta');
const now = Math.floor(Date.now() / 1000);
const sent = (await (await fetch(sentUrl)).json()) as typeof emulator.sent;
const statuses = sent.flatMap((message) => emulator.statusesFor(message, now));
calls = bridge.calls;
cpuAt = cpu();
started = performance.now();
// What the spool hands the events job after a busy minute: many bodies at once.
for (let start = 0; start < statuses.length; start += 3000) {
  const bodies = [];
  for (let at = start; at < Math.min(start + 3000, statuses.length); at += 100)
    bodies.push(emulator.payload({ statuses: statuses.slice(at, at + 100) }));
  await applyWhatsAppEvents(
    events,
    bodies.flatMap((body) => webhookEvents(body).events),
    logger,
  );
}
const eventSeconds = (performance.now() - started) / 1000;
const eventCalls = bridge.calls - calls;
const eventCpu = cpu() - cpuAt;

// Odoo's own bulk path: the same number of message records, created in batches of 1,000.
started = performance.now();
await admin.create(
  'x_h23_wa_message',
  Array.from({ length: count }, (_, index) => ({
    x_name: `bench:${tag}:${index}`,
    x_direction: 'out',
    x_phone: `+62812${index}`,
    x_state: 'sent',
  })),
  { chunkSize: 1000 },
);
const bulkSeconds = (performance.now() - started) / 1000;
child.kill();

const per1000 = (value: number) => ((value * 1000) / count).toFixed(1);
process.stdout.write(
  [
    `Odoo ${admin.version.version} (${bridge.protocol}), ${count} FU1 messages through the Cloud API emulator`,
    `  blast     ${blastSeconds.toFixed(1)} s wall, ${(blastCpu / count).toFixed(3)} ms bridge CPU per message, ${per1000(blastCalls)} Odoo calls per 1,000 messages`,
    `  webhooks  ${statuses.length} statuses in ${eventSeconds.toFixed(1)} s wall, ${(eventCpu / count).toFixed(3)} ms bridge CPU per message, ${per1000(eventCalls)} Odoo calls per 1,000 messages`,
    `  Odoo bulk create of ${count} message records: ${bulkSeconds.toFixed(1)} s; blast / bulk = ${(blastSeconds / bulkSeconds).toFixed(2)}`,
    '',
  ].join('\n'),
);
