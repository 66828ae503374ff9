import { describe, expect, it } from 'vitest';
import type { OdooClient, OdooConnection } from '../connectors/odoo/client.js';
import { OdooError } from '../connectors/odoo/errors.js';
import { createLogger } from '../logging/logger.js';
import { connectWhenUp } from './daemon-start.js';

const connection = { url: 'http://127.0.0.1:8069', db: 'dealer' } as OdooConnection;

function recordingLogger() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'warn', destination: { write: (line: string) => lines.push(line) } });
  return { logger, lines };
}

describe('connectWhenUp: the daemon started before Odoo', () => {
  it('waits for Odoo with a log line per attempt, doubling the wait, then connects', async () => {
    const { logger, lines } = recordingLogger();
    const waits: number[] = [];
    let attempts = 0;
    const client = {} as OdooClient;
    const connected = await connectWhenUp(
      connection,
      logger,
      () => false,
      async (ms) => {
        waits.push(ms);
      },
      async () => {
        attempts += 1;
        if (attempts <= 3)
          throw new OdooError({ code: 'network', message: 'connect ECONNREFUSED 127.0.0.1:8069' });
        return client;
      },
    );
    expect(connected).toBe(client);
    expect(waits).toEqual([2000, 4000, 8000]);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('Odoo is not reachable yet: waiting for it');
  });

  it('fails at once on what waiting cannot mend (a refused key), and when stopped', async () => {
    const { logger } = recordingLogger();
    const refuse = async () => {
      throw new OdooError({ code: 'auth', message: 'Access Denied' });
    };
    await expect(
      connectWhenUp(
        connection,
        logger,
        () => false,
        async () => {},
        refuse,
      ),
    ).rejects.toMatchObject({
      code: 'auth',
    });
    const down = async () => {
      throw new OdooError({ code: 'network', message: 'ECONNREFUSED' });
    };
    await expect(
      connectWhenUp(
        connection,
        logger,
        () => true,
        async () => {},
        down,
      ),
    ).rejects.toMatchObject({
      code: 'network',
    });
  });
});
