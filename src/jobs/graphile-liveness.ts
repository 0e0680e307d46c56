// graphile-worker frees the jobs of a worker that died only once their lock is 4 hours old. cwsync's workers
// beat instead: every process writes a heartbeat for the graphile workers it runs, and every process frees the
// jobs of workers whose heartbeat stopped (`force_unlock_workers`), so a killed worker's jobs run again within a
// minute, not four hours. The jobs such a worker held that a newer job of their key superseded are dropped instead.

export interface GraphileLivenessOptions {
  schema: string;
  query: <T extends object>(text: string, values: unknown[]) => Promise<T[]>;
  /** how long a worker may go without a heartbeat before its jobs are freed (default 60 s); beats every sixth of it */
  deadAfterMs?: number;
  /** told when jobs of stopped workers were freed */
  onFreed?: (workerIds: string[]) => void;
}

export interface GraphileLiveness {
  /** The graphile worker that runs a job of this process: it beats from now on. */
  noteWorker(workerId: string): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createGraphileLiveness(options: GraphileLivenessOptions): GraphileLiveness {
  const deadAfterMs = options.deadAfterMs ?? 60_000;
  const beats = `"${options.schema}".cwsync_worker_beats`;
  const ours = new Set<string>();
  const timers: NodeJS.Timeout[] = [];
  const ignore = () => undefined;

  async function beat(workerIds: string[]): Promise<void> {
    if (workerIds.length === 0) return;
    await options.query(
      `insert into ${beats} (worker_id, beat_at) select unnest($1::text[]), now()
       on conflict (worker_id) do update set beat_at = excluded.beat_at`,
      [workerIds],
    );
  }

  async function freeStoppedWorkers(): Promise<void> {
    const dead = await options.query<{ worker_id: string }>(
      `select worker_id from ${beats} where beat_at < now() - make_interval(secs => $1::double precision / 1000)`,
      [deadAfterMs],
    );
    const workerIds = dead.map((row) => row.worker_id).filter((id) => !ours.has(id));
    if (workerIds.length === 0) return;
    // A job detached while it ran (a newer job of its key was added: graphile cleared its key and used up its
    // attempts) is superseded by that newer job; freed, it would be kept as failed though its work is done there.
    await options.query(
      `delete from "${options.schema}"._private_jobs where locked_by = any($1::text[]) and key is null`,
      [workerIds],
    );
    await options.query(`select "${options.schema}".force_unlock_workers($1::text[])`, [workerIds]);
    await options.query(`delete from ${beats} where worker_id = any($1::text[])`, [workerIds]);
    options.onFreed?.(workerIds);
  }

  /**
   * `create table if not exists` is not safe against itself (two workers starting together clash on PostgreSQL's
   * catalog): the creation runs under a transaction-level advisory lock, one worker at a time.
   */
  async function createBeatsTable(): Promise<void> {
    await options.query(
      `do $create$ begin
         perform pg_advisory_xact_lock(hashtext('cwsync_worker_beats:' || current_database()));
         create table if not exists ${beats} (worker_id text primary key, beat_at timestamptz not null);
       end $create$`,
      [],
    );
  }

  function every(ms: number, work: () => Promise<void>): void {
    const timer = setInterval(() => void work().catch(ignore), ms);
    timer.unref();
    timers.push(timer);
  }

  return {
    noteWorker(workerId) {
      if (ours.has(workerId)) return;
      ours.add(workerId);
      void beat([workerId]).catch(ignore);
    },
    async start() {
      await createBeatsTable();
      every(Math.max(50, Math.floor(deadAfterMs / 6)), () => beat([...ours]));
      every(Math.max(100, Math.floor(deadAfterMs / 2)), freeStoppedWorkers);
      await freeStoppedWorkers().catch(ignore);
    },
    async stop() {
      for (const timer of timers.splice(0)) clearInterval(timer);
      const workerIds = [...ours];
      ours.clear();
      if (workerIds.length > 0) {
        await options
          .query(`delete from ${beats} where worker_id = any($1::text[])`, [workerIds])
          .catch(ignore);
      }
    },
  };
}
