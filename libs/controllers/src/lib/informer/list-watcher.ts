import type { ApiServerClient } from '../client/api-server-client';
import { toApiError } from '../client/api-server-client';
import type { ApiServerConnection } from '../client/kubeconfig';
import { openWatchStream } from './watch-stream';
import type { RawWatchEvent } from './watch-stream';

/** An object as the informer sees it: kube metadata and anything else. */
export interface KubeObjectLike {
  readonly metadata: {
    readonly name: string;
    readonly resourceVersion?: string;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

/** One page-complete list. */
export interface ListResultOf<T> {
  readonly items: readonly T[];
  readonly resourceVersion: string;
}

/**
 * The annotation of the BOOKMARK that ends the initial events of a watch-list (kube's
 * metav1.InitialEventsAnnotationKey).
 */
export const INITIAL_EVENTS_END_ANNOTATION = 'k8s.io/initial-events-end';

/**
 * How an informer reads its objects (client-go's ListerWatcher); tests pass plain fakes. `list` rejects with an
 * ApiError on a non-200; `watch` yields events from `resourceVersion` and rejects with an ApiError (410 = relist).
 *
 * `watchList`, when present, is a watch-list (kube's WatchList, sendInitialEvents=true): the state at a
 * resourceVersion not older than `resourceVersion` ("" = consistent, the server's current state) as ADDED events,
 * then a BOOKMARK annotated {@link INITIAL_EVENTS_END_ANNOTATION}, then the changes, on one stream. It rejects like
 * `watch`; an HTTP 4xx other than 410/429 on its initial response means the server refuses watch-lists.
 */
export interface ListWatcher<T> {
  list(signal: AbortSignal): Promise<ListResultOf<T>>;
  watch(resourceVersion: string, signal: AbortSignal): AsyncIterable<RawWatchEvent>;
  watchList?(resourceVersion: string, signal: AbortSignal): AsyncIterable<RawWatchEvent>;
}

/** Pages of this size keep each list answer small, whatever the number of objects (list is the fallback of servers without watch-list). */
const PAGE_SIZE = 500;

/**
 * A {@link ListWatcher} of the collection at `collectionPath` (e.g.
 * `/clusters/*\/apis/tenancy.strata.dev/v1alpha1/workspaces`): a watch-list served from the watch cache, which
 * streams the collection object by object (a paginated list buffers it whole in the client, and every page after
 * the first makes etcd 3.4 count the rest of the range); a paginated list read at one resourceVersion for servers
 * that refuse watch-lists; and a watch with bookmarks from the last seen resourceVersion.
 */
export function createApiListWatcher<T extends KubeObjectLike>(
  apiServer: ApiServerClient,
  connection: ApiServerConnection,
  collectionPath: string,
): ListWatcher<T> {
  return {
    async list(signal) {
      const items: T[] = [];
      let cont = '';
      let resourceVersion = '';
      do {
        const q = new URLSearchParams({ limit: String(PAGE_SIZE) });
        if (cont) q.set('continue', cont);
        const res = await apiServer.request({ method: 'GET', path: `${collectionPath}?${q}`, signal });
        if (res.status !== 200) throw toApiError(res);
        const body = res.body as { items?: T[]; metadata?: { resourceVersion?: string; continue?: string } };
        items.push(...(body.items ?? []));
        if (!resourceVersion) resourceVersion = body.metadata?.resourceVersion ?? '';
        cont = body.metadata?.continue ?? '';
      } while (cont);
      return { items, resourceVersion };
    },
    watch(resourceVersion, signal) {
      const q = new URLSearchParams({ watch: '1', allowWatchBookmarks: 'true', resourceVersion });
      return openWatchStream(connection, `${collectionPath}?${q}`, signal);
    },
    watchList(resourceVersion, signal) {
      const q = new URLSearchParams({
        watch: '1',
        sendInitialEvents: 'true',
        resourceVersionMatch: 'NotOlderThan',
        allowWatchBookmarks: 'true',
        resourceVersion,
      });
      return openWatchStream(connection, `${collectionPath}?${q}`, signal);
    },
  };
}
