import { describe, expect, it } from 'vitest';
import { OdooError } from './errors.js';
import { OdooLink } from './link-state.js';

describe('OdooLink', () => {
  const at = (seconds: number) => Date.UTC(2026, 10, 23, 1, 0, seconds);

  it('is reachable before any call, with nothing to report', () => {
    expect(new OdooLink(() => at(0)).report()).toEqual({
      reachable: true,
      downSince: null,
      lastError: null,
      lastOutage: null,
      outages: 0,
      lastSuccess: null,
    });
  });

  it('reports an outage from its first failure and, once a call gets through, how long it lasted', () => {
    let now = at(0);
    const link = new OdooLink(() => now);
    link.answered();
    now = at(10);
    link.failed(
      new OdooError({ code: 'network', message: 'refused', model: 'x_h23_unit', method: 'create' }),
    );
    now = at(14);
    link.failed(new OdooError({ code: 'server', message: 'HTTP 502' }));
    expect(link.report()).toMatchObject({
      reachable: false,
      downSince: new Date(at(10)).toISOString(),
      lastError: { at: new Date(at(14)).toISOString(), code: 'server', location: null, message: 'HTTP 502' },
      outages: 1,
      lastSuccess: new Date(at(0)).toISOString(),
    });
    now = at(21);
    link.answered();
    expect(link.report()).toMatchObject({
      reachable: true,
      downSince: null,
      lastOutage: { from: new Date(at(10)).toISOString(), to: new Date(at(21)).toISOString(), seconds: 11 },
      outages: 1,
      lastSuccess: new Date(at(21)).toISOString(),
    });
    now = at(30);
    link.failed(new OdooError({ code: 'timeout', message: 'slow', model: 'x_h23_unit', method: 'read' }));
    expect(link.report()).toMatchObject({
      reachable: false,
      outages: 2,
      lastError: { location: 'x_h23_unit.read' },
    });
  });
});
