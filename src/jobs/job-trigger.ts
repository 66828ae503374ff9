/** What asking for a job answers: queued, refused by a standby daemon, or no such job. */
export type TriggerResult = 'queued' | 'standby' | 'unknown';

export interface JobTriggerOptions {
  /** Whether a job of this name exists. */
  has(name: string): boolean;
  /** Whether this daemon does the work now (holds the lease). */
  isActive(): boolean;
  /** Whether a run of the job is under way (from its cron, a catch-up or an earlier trigger). */
  isBusy(name: string): boolean;
  /** Runs the job once; called only when it is not busy. */
  run(name: string): Promise<void>;
  /** How long to gather requests before running (a burst of edits in Odoo becomes one run). */
  debounceMs: number;
}

/**
 * Runs a daemon job soon, on request (a webhook from Odoo), on top of its cron.
 * Requests within `debounceMs` of the first become one run. A request that
 * arrives while the job runs gets one more run after it, since the run under
 * way may have read Odoo before the change that caused the request; never two
 * runs of one job at once. A standby daemon queues nothing: the daemon that
 * takes the lease catches up with every job anyway.
 */
export class JobTrigger {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private stopped = false;

  constructor(private readonly options: JobTriggerOptions) {}

  triggerJob(name: string): TriggerResult {
    if (!this.options.has(name)) return 'unknown';
    if (!this.options.isActive()) return 'standby';
    if (!this.stopped && !this.timers.has(name)) this.arm(name);
    return 'queued';
  }

  /** Whether a run of the job is waiting for its debounce to end. */
  isPending(name: string): boolean {
    return this.timers.has(name);
  }

  /** Drops what is waiting; later requests are answered but run nothing. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private arm(name: string): void {
    this.timers.set(
      name,
      setTimeout(() => {
        this.timers.delete(name);
        // `run` logs and records a failed run itself; nothing is left to report here.
        this.fire(name).catch(() => undefined);
      }, this.options.debounceMs),
    );
  }

  private async fire(name: string): Promise<void> {
    if (this.stopped || !this.options.isActive()) return;
    // Requests that come in during this run arm the timer again, so they get a run after this one.
    if (this.options.isBusy(name)) {
      this.arm(name);
      return;
    }
    await this.options.run(name);
  }
}
