import type { WatchEvent } from '@strata/storage';
import type { EtcdWatchEventRaw } from './raw-watch';
import type { Selection } from './selection';

/**
 * Translates one etcd event into the watch event a client with this selection sees, like kube's etcd3 watcher:
 * a put of a new key is ADDED; a put that starts matching is ADDED, stops matching is DELETED (carrying the
 * previous object at the event revision), keeps matching is MODIFIED; a delete of a matching object is DELETED.
 * Returns undefined when the client must not see the event.
 */
export function translateEtcdEvent(ev: EtcdWatchEventRaw, selection: Selection): WatchEvent | undefined {
  const revision = ev.kv.modRevision;
  const prevKv = ev.prevKv;
  if (ev.type === 'delete') {
    if (!selection.empty && !(prevKv && selection.matches(prevKv.value))) return undefined;
    return withPrev({ type: 'DELETED', kv: ev.kv, revision }, prevKv);
  }
  const created = ev.kv.createRevision === ev.kv.modRevision;
  if (selection.empty) return withPrev({ type: created ? 'ADDED' : 'MODIFIED', kv: ev.kv, revision }, created ? undefined : prevKv);
  const current = selection.matches(ev.kv.value);
  const old = !created && prevKv !== undefined && selection.matches(prevKv.value);
  if (current && old) return withPrev({ type: 'MODIFIED', kv: ev.kv, revision }, prevKv);
  if (current) return { type: 'ADDED', kv: ev.kv, revision };
  if (old && prevKv) return withPrev({ type: 'DELETED', kv: { ...prevKv, modRevision: revision }, revision }, prevKv);
  return undefined;
}

function withPrev(ev: WatchEvent, prevKv: WatchEvent['prevKv']): WatchEvent {
  return prevKv ? { ...ev, prevKv } : ev;
}
