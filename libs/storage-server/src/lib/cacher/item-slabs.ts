import type { ItemAllocator } from '../grpc/key-value-wire';

/**
 * 32 MiB: above glibc's largest dynamic mmap threshold (32 MiB on 64-bit), so every slab is its own mmap that
 * goes back to the OS when freed. Smaller slabs raise the threshold when the first one is freed, after which
 * later slabs come from the malloc heap, whose holes stay resident. Untouched pages of the open slab cost no RSS.
 */
export const defaultSlabSize = 32 * 1024 * 1024;

interface Slab {
  readonly bytes: Buffer;
  /** Bytes handed out (append-only). */
  used: number;
  /** Bytes of items still in the store. */
  live: number;
}

/**
 * Append-only slabs holding the cache's encoded items, many per buffer, so an object costs its bytes and not a
 * buffer object and an allocation of its own. A slab is never written again where it was written once: a list or
 * watch in flight may hold a view of it. Freed items only become garbage in the accounting; {@link victims} picks
 * the slabs worth emptying (the store copies their live items into the open slab) and {@link forget} drops them.
 * Items larger than a quarter of a slab get a buffer of their own, so the tail left unused at the end of a slab
 * stays small.
 */
export class ItemSlabs {
  private readonly slabs = new Map<Buffer, Slab>();
  private open: Slab | undefined;
  private usedTotal = 0;
  private liveTotal = 0;

  constructor(private readonly slabSize = defaultSlabSize) {}

  /** Allocates `length` bytes for a live item. */
  readonly allocate: ItemAllocator = (length) => {
    let slab = this.open;
    if (length > this.slabSize / 4) {
      slab = { bytes: Buffer.allocUnsafeSlow(length), used: 0, live: 0 };
      this.slabs.set(slab.bytes, slab);
    } else if (!slab || slab.used + length > slab.bytes.length) {
      if (slab) this.usedTotal += slab.bytes.length - slab.used; // the unused tail counts as garbage
      if (slab) slab.used = slab.bytes.length;
      if (slab && slab.live === 0) this.drop(slab);
      slab = { bytes: Buffer.allocUnsafeSlow(this.slabSize), used: 0, live: 0 };
      this.slabs.set(slab.bytes, slab);
      this.open = slab;
    }
    const offset = slab.used;
    slab.used += length;
    slab.live += length;
    this.usedTotal += length;
    this.liveTotal += length;
    return { bytes: slab.bytes, offset };
  };

  /** The item of `length` bytes in `bytes` left the store: its bytes are garbage from now on. */
  release(bytes: Buffer, length: number): void {
    const slab = this.slabs.get(bytes);
    if (!slab) return;
    slab.live -= length;
    this.liveTotal -= length;
    // A slab nothing lives in is dropped at once (no copy needed); the open one keeps filling. Entries the history
    // still holds keep its buffer alive until they leave the history: copying them would not free anything sooner.
    if (slab.live === 0 && slab !== this.open) this.drop(slab);
  }

  /** Bytes of live items. */
  get liveBytes(): number {
    return this.liveTotal;
  }

  /** Bytes of slabs in use (live items, garbage and closed slabs' unused tails; not the open slab's free space). */
  get usedBytes(): number {
    return this.usedTotal;
  }

  /**
   * Garbage in closed slabs is at least a quarter of the used bytes and at least one slab: time to compact. (The
   * open slab's garbage waits until it is closed: compacting it would copy into itself.)
   */
  get needsCompaction(): boolean {
    const garbage = this.closedGarbage();
    return garbage >= this.slabSize && garbage * 4 >= this.usedTotal;
  }

  /**
   * The closed slabs to empty: the emptiest first, until they hold at least half of the closed slabs' garbage.
   * Each compaction so at least halves that garbage, and copies the fewest live bytes for it.
   */
  victims(): Set<Buffer> {
    const closed = [...this.slabs.values()].filter((s) => s !== this.open && s.live < s.used).sort((a, b) => a.live / a.used - b.live / b.used);
    const target = this.closedGarbage() / 2;
    const out = new Set<Buffer>();
    let reclaimed = 0;
    for (const slab of closed) {
      if (reclaimed >= target) break;
      out.add(slab.bytes);
      reclaimed += slab.used - slab.live;
    }
    return out;
  }

  private closedGarbage(): number {
    const openGarbage = this.open ? this.open.used - this.open.live : 0;
    return this.usedTotal - this.liveTotal - openGarbage;
  }

  /** Forgets emptied slabs (their live items were relocated); views still held keep their buffers alive. */
  forget(victims: Set<Buffer>): void {
    for (const bytes of victims) {
      const slab = this.slabs.get(bytes);
      if (slab && slab.live === 0) this.drop(slab);
    }
  }

  private drop(slab: Slab): void {
    this.slabs.delete(slab.bytes);
    this.usedTotal -= slab.used;
    if (this.open === slab) this.open = undefined;
  }
}
