import { isStatusError } from '@strata/apimachinery';
import type { KubeObject } from '@strata/apimachinery';
import type { DeleteOptions } from './deletion';
import type { ListRequest } from './list-options';
import type { GenericStore, ObjectList, RequestScope } from './store';

// Page size when the request sets no limit: bounds each storage read; the answer still lists every match.
const DELETE_COLLECTION_PAGE = 500;

/**
 * kube's Store.DeleteCollection: lists what the request selects (label/field selectors, page by page), then
 * deletes each object with the same per-object semantics as DELETE (finalizers, preconditions, propagation,
 * dryRun), one at a time like kube's default --delete-collection-workers=1. Objects already gone are skipped.
 * Answers the list of the selected objects as they were listed. Rejects with the first failure (StatusError).
 */
export async function deleteCollection(
  store: GenericStore,
  scope: RequestScope,
  req: ListRequest,
  opts: DeleteOptions,
): Promise<ObjectList> {
  const items: KubeObject[] = [];
  const pageSize = req.limit !== undefined && req.limit !== '' && Number(req.limit) > 0 ? req.limit : DELETE_COLLECTION_PAGE;
  let page = await store.list(scope, { ...req, limit: pageSize });
  const first = page;
  items.push(...page.items);
  while (page.metadata.continue) {
    scope.signal?.throwIfAborted();
    page = await store.list(scope, {
      labelSelector: req.labelSelector,
      fieldSelector: req.fieldSelector,
      limit: pageSize,
      continue: page.metadata.continue,
    });
    items.push(...page.items);
  }
  for (const item of items) {
    scope.signal?.throwIfAborted();
    const itemScope = { ...scope, namespace: item.metadata.namespace ?? scope.namespace };
    try {
      await store.deleteObject(itemScope, item.metadata.name ?? '', opts);
    } catch (err) {
      if (!isStatusError(err, 'NotFound')) throw err;
    }
  }
  return { kind: first.kind, apiVersion: first.apiVersion, metadata: { resourceVersion: first.metadata.resourceVersion }, items };
}
