/** The daemon's counters and gauges, rendered in Prometheus' text format (no client library needed for a handful). */
export class DaemonMetrics {
  private readonly runs = new Map<string, number>();
  private readonly lastDuration = new Map<string, number>();
  private readonly lastSuccess = new Map<string, number>();
  private readonly webhookCalls = new Map<string, number>();
  leaseHeld = false;
  odooCalls = 0;

  recordRun(job: string, status: 'ok' | 'failed' | 'skipped', seconds: number, at: number): void {
    const key = `${job}\u0000${status}`;
    this.runs.set(key, (this.runs.get(key) ?? 0) + 1);
    if (status !== 'skipped') this.lastDuration.set(job, seconds);
    if (status === 'ok') this.lastSuccess.set(job, at / 1000);
  }

  /** One webhook call and how it was answered (`queued`, `unauthorized`, …). */
  recordWebhook(job: string, result: string): void {
    const key = `${job}\u0000${result}`;
    this.webhookCalls.set(key, (this.webhookCalls.get(key) ?? 0) + 1);
  }

  lastSuccessOf(job: string): number | undefined {
    return this.lastSuccess.get(job);
  }

  render(): string {
    const lines = [
      '# HELP h23_job_runs_total Job runs by outcome.',
      '# TYPE h23_job_runs_total counter',
      ...[...this.runs].map(([key, count]) => {
        const [job, status] = key.split('\u0000');
        return `h23_job_runs_total{job="${job}",status="${status}"} ${count}`;
      }),
      '# HELP h23_job_last_duration_seconds Duration of the last run of each job.',
      '# TYPE h23_job_last_duration_seconds gauge',
      ...[...this.lastDuration].map(
        ([job, seconds]) => `h23_job_last_duration_seconds{job="${job}"} ${seconds}`,
      ),
      '# HELP h23_job_last_success_timestamp_seconds When each job last succeeded (Unix time).',
      '# TYPE h23_job_last_success_timestamp_seconds gauge',
      ...[...this.lastSuccess].map(
        ([job, at]) => `h23_job_last_success_timestamp_seconds{job="${job}"} ${at}`,
      ),
      '# HELP h23_lease_held Whether this daemon holds the lease and does the work (1) or stands by (0).',
      '# TYPE h23_lease_held gauge',
      `h23_lease_held ${this.leaseHeld ? 1 : 0}`,
      '# HELP h23_webhook_calls_total Webhook calls by job and answer (queued, standby, unauthorized, …).',
      '# TYPE h23_webhook_calls_total counter',
      ...[...this.webhookCalls].map(([key, count]) => {
        const [job, result] = key.split('\u0000');
        return `h23_webhook_calls_total{job="${job}",result="${result}"} ${count}`;
      }),
      '# HELP h23_odoo_calls_total Calls made to Odoo.',
      '# TYPE h23_odoo_calls_total counter',
      `h23_odoo_calls_total ${this.odooCalls}`,
    ];
    return `${lines.join('\n')}\n`;
  }
}
