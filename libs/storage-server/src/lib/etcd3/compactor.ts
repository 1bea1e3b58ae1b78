import type { Etcd3 } from 'etcd3';
import type { Logger } from 'pino';
import { Counter, Histogram, type Registry } from 'prom-client';

/** The key whose version counts compaction rounds (the same name kube-apiserver uses, so both interoperate). */
export const COMPACT_REV_KEY = 'compact_rev_key';

/** Options of {@link Compactor}. */
export interface CompactorOptions {
  readonly etcdClient: Etcd3;
  /** How often a round runs; kube-apiserver's default is 5 minutes. */
  readonly intervalMs: number;
  readonly logger?: Logger;
  readonly metrics?: Registry;
}

/**
 * Compacts etcd's history periodically, as kube-apiserver does (storage/etcd3/compact.go), so the keyspace's history
 * never grows without bound. Each round, every replica tries a Txn If(Version(compact_rev_key) == v) Then
 * Put(compact_rev_key, currentRevision); the one replica that wins compacts the revision recorded by the PREVIOUS
 * round. History is therefore always kept for at least one interval (far longer than the watch cache's 75 s
 * window), and any number of watch-cache replicas compact once per interval between them.
 */
export class Compactor {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private version = 0;
  private lastRevision = 0;
  private readonly compactions?: Counter;
  private readonly duration?: Histogram;

  constructor(private readonly opts: CompactorOptions) {
    if (opts.metrics) {
      this.compactions = new Counter({ name: 'strata_etcd_compactions_total', help: 'etcd compactions this replica ran, by result', labelNames: ['result'], registers: [opts.metrics] });
      this.duration = new Histogram({ name: 'strata_etcd_compaction_duration_seconds', help: 'Duration of etcd compactions this replica ran', registers: [opts.metrics] });
    }
  }

  /** Starts the periodic rounds (the first one after one interval). Idempotent. */
  start(): void {
    if (this.timer || this.opts.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.round()
        .then(() => undefined)
        .catch((err: unknown) => this.opts.logger?.warn({ err }, 'etcd compaction round failed'))
        .finally(() => {
          this.running = undefined;
        });
    }, this.opts.intervalMs);
    this.timer.unref();
  }

  /** Stops the rounds and waits for one in progress. Idempotent. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /**
   * One round; returns the revision compacted (0 when this replica lost the round or it was the first round).
   * Exposed for tests; production code calls {@link start}.
   */
  async round(): Promise<number> {
    const key = Buffer.from(COMPACT_REV_KEY);
    const res = await this.opts.etcdClient.kv.txn({
      compare: [{ key, target: 'Version', result: 'Equal', version: this.version }],
      success: [{ request_put: { key, value: Buffer.from(String(this.lastRevision)) } }],
      failure: [{ request_range: { key } }],
    });
    const current = Number(res.header.revision);
    if (!res.succeeded) {
      // Another replica won (or we restarted): adopt its round and revision, compact next time if we win.
      const kv = res.responses[0]?.response_range?.kvs[0];
      this.version = kv ? Number(kv.version) : 0;
      this.lastRevision = current;
      return 0;
    }
    const toCompact = this.lastRevision;
    this.version++;
    this.lastRevision = current;
    if (toCompact <= 0) return 0;
    const end = this.duration?.startTimer();
    try {
      await this.opts.etcdClient.kv.compact({ revision: toCompact, physical: false });
      this.compactions?.inc({ result: 'ok' });
      this.opts.logger?.info({ revision: toCompact }, 'compacted etcd history');
    } catch (err) {
      // Already compacted past it (another client compacted): nothing to do.
      if (!/compacted/i.test(String((err as Error).message))) {
        this.compactions?.inc({ result: 'error' });
        throw err;
      }
      this.compactions?.inc({ result: 'already' });
    } finally {
      end?.();
    }
    return toCompact;
  }
}
