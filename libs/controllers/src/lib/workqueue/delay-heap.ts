/** One waiting entry: the item and when it becomes ready (ms). */
export interface DelayEntry {
  readonly item: string;
  readonly readyAt: number;
}

/** A binary min-heap of {@link DelayEntry} ordered by readyAt; the waiting set of a delaying queue. */
export class DelayHeap {
  private readonly heap: DelayEntry[] = [];

  get size(): number {
    return this.heap.length;
  }

  /** The earliest entry, without removing it. */
  peek(): DelayEntry | undefined {
    return this.heap[0];
  }

  push(entry: DelayEntry): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent].readyAt <= h[i].readyAt) break;
      [h[parent], h[i]] = [h[i], h[parent]];
      i = parent;
    }
  }

  /** Removes and returns the earliest entry. */
  pop(): DelayEntry | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l].readyAt < h[m].readyAt) m = l;
        if (r < h.length && h[r].readyAt < h[m].readyAt) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
}
