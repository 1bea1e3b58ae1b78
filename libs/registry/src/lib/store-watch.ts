import type { KubeObject, StatusError } from '@strata/apimachinery';
import type { Storage, WatchOptions } from '@strata/storage';
import { decodeObject } from './codec';
import type { ResourceInfo } from './resource-info';
import { apiVersionOf } from './resource-info';

/** One decoded watch event, as sent on the wire (metav1.WatchEvent without ERROR, which the endpoint writes). */
export interface ObjectWatchEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  readonly object: KubeObject;
}

/** The annotation kube puts on the bookmark that ends sendInitialEvents. */
export const INITIAL_EVENTS_END_ANNOTATION = 'k8s.io/initial-events-end';

/** Inputs of {@link watchObjects}. */
export interface WatchObjectsInput {
  readonly prefix: string;
  readonly info: ResourceInfo;
  readonly options: WatchOptions;
  /** Stored form → served form (given the object's key), for other representations and wildcard annotations. */
  readonly convert?: (obj: KubeObject, key: string) => KubeObject;
  /** The one translation of storage failures into Status errors. */
  readonly toError: (err: unknown) => StatusError;
}

/**
 * Decodes a storage watch into API watch events: objects carry resourceVersion = their modRevision (DELETED:
 * the delete revision), bookmarks are an object of the kind with only metadata.resourceVersion. Iteration
 * throws only StatusErrors; it ends when the storage watch ends (the signal in `options` aborts it).
 */
export async function* watchObjects(storage: Storage, input: WatchObjectsInput): AsyncGenerator<ObjectWatchEvent> {
  const { info } = input;
  try {
    for await (const ev of storage.watch(input.prefix, input.options)) {
      if (ev.type === 'BOOKMARK') {
        const metadata: KubeObject['metadata'] = { resourceVersion: String(ev.revision) };
        if (ev.initialEventsEnd) metadata.annotations = { [INITIAL_EVENTS_END_ANNOTATION]: 'true' };
        yield { type: 'BOOKMARK', object: { kind: info.kind, apiVersion: apiVersionOf(info), metadata } };
        continue;
      }
      if (!ev.kv) continue;
      const obj = decodeObject(ev.kv);
      yield { type: ev.type, object: input.convert ? input.convert(obj, ev.kv.key) : obj };
    }
  } catch (err) {
    throw input.toError(err);
  }
}
