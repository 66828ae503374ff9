import type { OdooError } from './errors.js';

/** What `/healthz` tells of the way to Odoo: whether calls get through, and the last outage. */
export interface OdooLinkReport {
  /** False from a call's transient failure (refused, reset, deadline, 5xx) until a call gets through. */
  reachable: boolean;
  /** When the current outage began (the first failed call), or null while Odoo answers. */
  downSince: string | null;
  lastError: { at: string; code: string; location: string | null; message: string } | null;
  /** The last outage that ended: from its first failure to the first call that got through again. */
  lastOutage: { from: string; to: string; seconds: number } | null;
  /** Outages since the process started. */
  outages: number;
  lastSuccess: string | null;
}

/**
 * The state of the way to Odoo, seen from the calls: every attempt reports how it went, so an
 * outage (Odoo restarting, a proxy answering 502) is visible while the client rides it out.
 * Only failures of the connection count: Odoo refusing a call for its data is an answer.
 */
export class OdooLink {
  private downSinceMs: number | null = null;
  private lastErrorSeen: OdooLinkReport['lastError'] = null;
  private lastOutageSeen: OdooLinkReport['lastOutage'] = null;
  private outageCount = 0;
  private lastSuccessMs: number | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  /** A call got an answer from Odoo (a result, or Odoo's own refusal). */
  answered(): void {
    const at = this.now();
    this.lastSuccessMs = at;
    if (this.downSinceMs === null) return;
    this.lastOutageSeen = {
      from: new Date(this.downSinceMs).toISOString(),
      to: new Date(at).toISOString(),
      seconds: Math.round((at - this.downSinceMs) / 100) / 10,
    };
    this.downSinceMs = null;
  }

  /** A call failed on the way to Odoo or in front of it. */
  failed(error: OdooError): void {
    const at = this.now();
    if (this.downSinceMs === null) {
      this.downSinceMs = at;
      this.outageCount += 1;
    }
    this.lastErrorSeen = {
      at: new Date(at).toISOString(),
      code: error.code,
      location: error.location ?? null,
      message: error.message,
    };
  }

  report(): OdooLinkReport {
    return {
      reachable: this.downSinceMs === null,
      downSince: this.downSinceMs === null ? null : new Date(this.downSinceMs).toISOString(),
      lastError: this.lastErrorSeen,
      lastOutage: this.lastOutageSeen,
      outages: this.outageCount,
      lastSuccess: this.lastSuccessMs === null ? null : new Date(this.lastSuccessMs).toISOString(),
    };
  }
}
