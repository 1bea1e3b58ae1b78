import type { Etcd3 } from 'etcd3';

/** Key of a configmap in the Strata key layout. */
export function configMapKey(cluster: string, namespace: string, name: string): string {
  return `/registry/core/configmaps/${cluster}/${namespace}/${name}`;
}

/** A ~`size`-byte ConfigMap as stored (JSON), with a write timestamp for latency measurements. */
export function configMapValue(cluster: string, namespace: string, name: string, size = 1024, writtenAtMs = 0): Buffer {
  const base = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      namespace,
      uid: '00000000-0000-4000-8000-000000000000',
      creationTimestamp: '2026-11-23T00:00:00Z',
      labels: { app: 'bench', cluster },
      annotations: { 'bench/written-at': String(writtenAtMs) },
    },
    data: { payload: '' },
  };
  const pad = Math.max(0, size - Buffer.byteLength(JSON.stringify(base)));
  base.data.payload = 'x'.repeat(pad);
  return Buffer.from(JSON.stringify(base));
}

/** Reads the write timestamp back out of a value written by {@link configMapValue}. */
export function writtenAt(value: Uint8Array): number {
  const obj = JSON.parse(Buffer.from(value).toString()) as { metadata: { annotations: Record<string, string> } };
  return Number(obj.metadata.annotations['bench/written-at']);
}

/**
 * Loads objects into etcd in batches of puts (one Txn each), `concurrency` batches in flight.
 * Several keys per Txn is fine for loading; Strata itself never writes several keys in one Txn.
 */
export async function loadObjects(
  etcd: Etcd3,
  items: Iterable<{ key: string; value: Buffer }>,
  opts: { batch?: number; concurrency?: number; onProgress?: (n: number) => void } = {},
): Promise<number> {
  const batchSize = opts.batch ?? 100;
  const concurrency = opts.concurrency ?? 8;
  const inFlight = new Set<Promise<void>>();
  let batch: { key: string; value: Buffer }[] = [];
  let n = 0;
  const flush = async (b: { key: string; value: Buffer }[]) => {
    await etcd.kv.txn({ success: b.map((it) => ({ request_put: { key: Buffer.from(it.key), value: it.value } })) });
  };
  for (const it of items) {
    batch.push(it);
    if (batch.length < batchSize) continue;
    const p = flush(batch).then(() => {
      inFlight.delete(p);
    });
    n += batch.length;
    opts.onProgress?.(n);
    batch = [];
    inFlight.add(p);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  }
  if (batch.length) {
    await flush(batch);
    n += batch.length;
  }
  await Promise.all(inFlight);
  return n;
}
