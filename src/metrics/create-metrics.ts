import type { Kysely } from 'kysely';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { ConnectWiseCounterSnapshot } from '../connectwise/index.js';
import { countLinksByInstanceAndEntity } from '../bss/store/index.js';
import type { Database } from '../db/schema.js';
import type { JobQueue } from '../jobs/index.js';
import { createReportRepository } from '../report/index.js';
import { createRunLog } from '../runs/index.js';
import { listCursors } from '../sync/sync-state.js';
import type { WriteDifferenceCount } from './write-difference-tally.js';

export interface MetricsSources {
  db: Kysely<Database>;
  /** queue depth by kind and state */
  queue?: Pick<JobQueue, 'stats'>;
  /** the ConnectWise calls each instance made from this process */
  connectwiseCounters?: () => Map<string, ConnectWiseCounterSnapshot>;
  /** the values ConnectWise kept differently from what this process wrote */
  writeDifferences?: () => WriteDifferenceCount[];
  now?: () => Date;
}

/**
 * The Prometheus registry behind `GET /metrics`. What the database knows (runs, records not in step, links, pull
 * lag, the queue) is read at scrape time, so any one process shows the whole installation however many workers
 * share it; ConnectWise calls are this process's own (each process counts its calls).
 */
export function createMetricsRegistry(sources: MetricsSources): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'cwsync_' });
  const now = sources.now ?? (() => new Date());

  // Each count is read through the table's owner: the run log (src/runs), the report, the links (the store).
  const runs = createRunLog(sources.db);
  const reports = createReportRepository(sources.db);
  const instanceModuleDirection = {
    instance: 'instanceId',
    module: 'module',
    direction: 'direction',
  } as const;
  countGauge(registry, {
    name: 'cwsync_sync_runs',
    help: 'Sync runs in the run log, by instance, module, direction and status',
    labels: { ...instanceModuleDirection, status: 'status' },
    read: () => runs.countRuns(),
  });
  countGauge(registry, {
    name: 'cwsync_records_not_in_step',
    help: 'Records in the connector report, by instance, module, direction and outcome (failed, waiting, ambiguous, conflict, warning)',
    labels: { ...instanceModuleDirection, outcome: 'outcome' },
    read: () => reports.countNotInStep(),
  });
  countGauge(registry, {
    name: 'cwsync_linked_records',
    help: 'BSS records linked to a ConnectWise record, by instance and BSS entity',
    labels: { instance: 'instanceId', entity: 'entity' },
    read: () => countLinksByInstanceAndEntity(sources.db),
  });

  new Gauge({
    name: 'cwsync_pull_lag_seconds',
    help: 'How far behind ConnectWise the pull of a module is: seconds since the point its last poll read up to',
    labelNames: ['instance', 'module'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const cursor of await listCursors(sources.db, 'poll:')) {
        const upTo = pollUpTo(cursor.value);
        if (upTo === undefined) continue;
        const labels = { instance: cursor.instanceId, module: cursor.name.slice('poll:'.length) };
        this.set(labels, Math.max(0, (now().getTime() - upTo) / 1000));
      }
    },
  });

  const queue = sources.queue;
  if (queue) {
    new Gauge({
      name: 'cwsync_queue_jobs',
      help: 'Jobs in the queue, by kind and state (waiting, running, failed)',
      labelNames: ['kind', 'state'],
      registers: [registry],
      async collect() {
        this.reset();
        const stats = await queue.stats();
        for (const [kind, counts] of Object.entries(stats.byKind)) {
          for (const state of ['waiting', 'running', 'failed'] as const)
            this.set({ kind, state }, counts[state]);
        }
      },
    });
  }

  const counters = sources.connectwiseCounters;
  if (counters) {
    new Counter({
      name: 'cwsync_connectwise_requests_total',
      help: 'ConnectWise API answers received by this process, by instance and HTTP status',
      labelNames: ['instance', 'status'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [instance, snapshot] of counters()) {
          for (const [status, count] of Object.entries(snapshot.byStatus))
            this.inc({ instance, status }, count);
        }
      },
    });
    const perInstance = (
      name: string,
      help: string,
      value: (snapshot: ConnectWiseCounterSnapshot) => number,
    ) =>
      new Counter({
        name,
        help,
        labelNames: ['instance'],
        registers: [registry],
        collect() {
          this.reset();
          for (const [instance, snapshot] of counters()) this.inc({ instance }, value(snapshot));
        },
      });
    perInstance(
      'cwsync_connectwise_rate_limited_total',
      'ConnectWise 429 answers received by this process',
      (s) => s.rateLimited,
    );
    perInstance(
      'cwsync_connectwise_retries_total',
      'ConnectWise calls this process sent again after a failure',
      (s) => s.retries,
    );
    perInstance(
      'cwsync_connectwise_network_errors_total',
      'ConnectWise calls that got no answer',
      (s) => s.networkErrors,
    );
  }
  const writeDifferences = sources.writeDifferences;
  if (writeDifferences) {
    new Counter({
      name: 'cwsync_write_differences_total',
      help: 'Values ConnectWise kept differently from what this process wrote (truncated, ignored, defaulted, overwritten), by instance, module and field',
      labelNames: ['instance', 'module', 'field'],
      registers: [registry],
      collect() {
        this.reset();
        for (const { instance, module, field, count } of writeDifferences())
          this.inc({ instance, module, field }, count);
      },
    });
  }
  return registry;
}

/** The time a poll checkpoint has read up to: its watermark when finished, its start (`since`) while under way. */
function pollUpTo(value: string): number | undefined {
  try {
    const checkpoint = JSON.parse(value) as { watermark?: string; since?: string | null; lastId?: number };
    const at = checkpoint.lastId !== undefined ? checkpoint.since : checkpoint.watermark;
    const time = typeof at === 'string' ? Date.parse(at) : Number.NaN;
    return Number.isNaN(time) ? undefined : time;
  } catch {
    return undefined;
  }
}

/**
 * A gauge of counts read at scrape time from a table's owner: each row read is a sample, its `count` the value
 * and its fields the labels (label name → the row's field).
 */
function countGauge<Row extends { count: number }>(
  registry: Registry,
  spec: { name: string; help: string; labels: Record<string, keyof Row>; read: () => Promise<Row[]> },
): void {
  new Gauge({
    name: spec.name,
    help: spec.help,
    labelNames: Object.keys(spec.labels),
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await spec.read()) {
        const labels = Object.fromEntries(
          Object.entries(spec.labels).map(([label, field]) => [label, String(row[field])]),
        );
        this.set(labels, row.count);
      }
    },
  });
}
