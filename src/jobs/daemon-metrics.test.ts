import { describe, expect, it } from 'vitest';
import { DaemonMetrics } from './daemon-metrics.js';

describe('DaemonMetrics', () => {
  it('renders counters and gauges in Prometheus text format', () => {
    const metrics = new DaemonMetrics();
    metrics.recordRun('schedule', 'ok', 1.5, 1_795_000_000_000);
    metrics.recordRun('schedule', 'ok', 0.5, 1_795_000_060_000);
    metrics.recordRun('import', 'failed', 2, 1_795_000_000_000);
    metrics.recordRun('import', 'skipped', 0, 1_795_000_000_000);
    metrics.recordWebhook('wor', 'queued');
    metrics.recordWebhook('wor', 'queued');
    metrics.recordWebhook('other', 'unauthorized');
    metrics.leaseHeld = true;
    metrics.odooCalls = 42;
    const lines = metrics.render().split('\n');
    expect(lines).toContain('h23_job_runs_total{job="schedule",status="ok"} 2');
    expect(lines).toContain('h23_job_runs_total{job="import",status="failed"} 1');
    expect(lines).toContain('h23_job_runs_total{job="import",status="skipped"} 1');
    expect(lines).toContain('h23_job_last_duration_seconds{job="schedule"} 0.5');
    expect(lines).toContain('h23_job_last_duration_seconds{job="import"} 2');
    expect(lines).toContain('h23_job_last_success_timestamp_seconds{job="schedule"} 1795000060');
    expect(
      lines.some((line) => line.startsWith('h23_job_last_success_timestamp_seconds{job="import"}')),
    ).toBe(false);
    expect(lines).toContain('h23_webhook_calls_total{job="wor",result="queued"} 2');
    expect(lines).toContain('h23_webhook_calls_total{job="other",result="unauthorized"} 1');
    expect(lines).toContain('h23_lease_held 1');
    expect(lines).toContain('h23_odoo_calls_total 42');
    for (const line of lines.filter((item) => item.startsWith('# TYPE')))
      expect(line).toMatch(/ (counter|gauge)$/);
  });
});
