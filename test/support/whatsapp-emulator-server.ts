/**
 * The Cloud API emulator as a process of its own, for benchmarks (its CPU is then not the
 * bridge's): `node --import tsx test/support/whatsapp-emulator-server.ts <token> <templates JSON>`.
 * Prints its URL on the first line; `GET /__sent` answers the messages it accepted.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type EmulatedTemplate, WhatsAppEmulator } from './whatsapp-emulator.js';

const [token = 'token', templates = '[]'] = process.argv.slice(2);
const emulator = new WhatsAppEmulator({
  token,
  appSecret: 'unused',
  templates: JSON.parse(templates) as EmulatedTemplate[],
});
const url = await emulator.start();
const control = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(emulator.sent));
});
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
process.stdout.write(`${url} http://127.0.0.1:${(control.address() as AddressInfo).port}/__sent\n`);
