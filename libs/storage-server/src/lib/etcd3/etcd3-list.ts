import { encodeContinue } from '@strata/apimachinery';
import { StorageError, StorageErrorCode, type KeyValue, type ListOptions, type ListResult } from '@strata/storage';
import type { IRangeRequest, IRangeResponse } from 'etcd3';
import { isCompactedError, isFutureRevisionError } from './etcd-errors';
import { prefixRangeEnd, requireRangePrefix } from './etcd-keys';
import { toKeyValue } from './key-value';
import { planList } from './list-options';
import { tooLargeResourceVersion } from './resource-version';
import { selectionFor } from './selection';

/** kube's maximumListLimit: with selectors, pages double up to this many keys per etcd request. */
const maximumListLimit = 10_000;

const expiredListMessage = 'The resourceVersion for the provided list is too old.';
const expiredContinueMessage =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list ' +
  'without the continue parameter, or use the continue token in this response to retrieve the remainder of the ' +
  'results. Continuing with the provided token results in an inconsistent list - objects that were created, ' +
  'modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/** What {@link listFromEtcd} needs from the storage: one etcd Range, and the current revision for errors. */
export interface ListDeps {
  range(req: IRangeRequest): Promise<IRangeResponse>;
  currentRevision(): Promise<number>;
}

/**
 * GetList of k8s.io/apiserver's etcd3 store: every page is read at one revision (the token's, the requested
 * one, or the first page's), selectors are applied to decoded values, and with selectors etcd is read page after
 * page (doubling up to 10000) until the limit is filled. Rejects InvalidArgument (see planList),
 * ResourceVersionExpired when the revision was compacted, ResourceVersionTooLarge when it is in the future or
 * a NotOlderThan minimum is not reached.
 */
export async function listFromEtcd(deps: ListDeps, prefix: string, opts: ListOptions): Promise<ListResult> {
  requireRangePrefix(prefix);
  const plan = planList(opts);
  const selection = selectionFor(opts.labelSelector, opts.fieldSelector);
  const prefixBytes = Buffer.from(prefix);
  const rangeEnd = prefixRangeEnd(prefixBytes);
  let key = Buffer.concat([prefixBytes, Buffer.from(plan.startRelative)]);
  let withRev = plan.withRev;
  let pageLimit = plan.limit;
  const paging = plan.limit > 0;
  const items: KeyValue[] = [];
  let lastKey: Buffer | undefined;
  let hasMore = false;
  let count = 0;
  for (;;) {
    opts.signal?.throwIfAborted();
    let resp: IRangeResponse;
    try {
      resp = await deps.range({
        key,
        range_end: rangeEnd,
        limit: pageLimit,
        revision: withRev,
        serializable: plan.serializable && withRev === 0,
      });
    } catch (err) {
      if (isCompactedError(err)) {
        throw new StorageError(
          StorageErrorCode.ResourceVersionExpired,
          plan.continuing ? expiredContinueMessage : expiredListMessage,
          prefix,
          withRev,
        );
      }
      if (isFutureRevisionError(err)) throw tooLargeResourceVersion(withRev, await deps.currentRevision(), prefix);
      throw err;
    }
    const headerRev = Number(resp.header.revision);
    if (plan.minRev > headerRev) throw tooLargeResourceVersion(plan.minRev, headerRev, prefix);
    hasMore = resp.more;
    count = Number(resp.count);
    if (resp.kvs.length === 0 && resp.more) {
      throw new StorageError(StorageErrorCode.Internal, 'no results were found, but etcd indicated there were more values remaining', prefix);
    }
    for (const kv of resp.kvs) {
      if (paging && items.length >= plan.limit) {
        hasMore = true;
        break;
      }
      lastKey = kv.key;
      if (selection.matches(kv.value)) items.push(toKeyValue(kv));
    }
    if (withRev === 0) withRev = headerRev;
    if (!hasMore || !paging || items.length >= plan.limit) break;
    pageLimit = Math.min(pageLimit * 2, maximumListLimit);
    key = Buffer.concat([lastKey ?? key, Buffer.from([0])]);
  }
  let continueToken = '';
  let remainingItemCount: number | undefined;
  if (hasMore && lastKey) {
    continueToken = encodeContinue(withRev, lastKey.subarray(prefixBytes.length).toString('utf8') + '\x00');
    if (selection.empty) remainingItemCount = count - plan.limit;
  }
  return remainingItemCount === undefined
    ? { items, revision: withRev, continueToken }
    : { items, revision: withRev, continueToken, remainingItemCount };
}
