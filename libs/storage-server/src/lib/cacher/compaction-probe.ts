/** The outcome of one probe: whether etcd still serves `revision` (false: it was compacted). */
export type ProbeRange = (revision: number) => Promise<boolean>;

/**
 * Coalesces "was revision N compacted?" probes against etcd. Compaction only moves forward, so when etcd still
 * serves revision R it serves every revision above R too: a probe that is waiting while a probe at R <= N is in
 * flight shares that one's answer instead of sending its own Range. Without this, 10,000 watches reopened at once
 * (a client reconnecting, a replica restarting) send 10,000 Ranges that overrun their deadlines and open the etcd
 * client's circuit breaker, which fails every watch open with Unavailable and makes the clients retry in a storm.
 * Only a "not compacted" answer is shared; a "compacted" answer at R says nothing about N > R, so that caller
 * probes on its own. A probe failure rejects every caller sharing it. Holds at most one probe in flight to share.
 */
export class CompactionProbe {
  private inFlight: { readonly revision: number; readonly answer: Promise<boolean> } | undefined;

  constructor(private readonly probe: ProbeRange) {}

  /** Resolves true when etcd still serves `revision`, false when it was compacted; rejects on an etcd failure. */
  async notCompacted(revision: number): Promise<boolean> {
    const shared = this.inFlight;
    if (shared && shared.revision <= revision && (await shared.answer)) return true;
    return this.start(revision);
  }

  private async start(revision: number): Promise<boolean> {
    const answer = this.probe(revision);
    const entry = { revision, answer };
    // The lowest revision in flight is the one most later callers can share.
    if (!this.inFlight || revision <= this.inFlight.revision) this.inFlight = entry;
    try {
      return await answer;
    } finally {
      if (this.inFlight === entry) this.inFlight = undefined;
    }
  }
}
