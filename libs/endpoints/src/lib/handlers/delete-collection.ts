import { newMethodNotSupported } from '@strata/apimachinery';
import { deleteCollection } from '@strata/registry';
import type { VerbHandler } from '../handler-context';
import { readBody } from '../read-body';
import { writeJson } from '../write-status';
import { parseDeleteOptions } from './delete-options';
import { listRequest } from './list';

/**
 * DELETE on a collection (kube's deletecollection): the list options (label/field selectors) choose the objects,
 * the DeleteOptions (body or query) apply to each; 200 with the list of the objects chosen. 405 for resources
 * that do not serve deletecollection (namespaces).
 */
export const deleteCollectionHandler: VerbHandler = async (ctx, req, res) => {
  const info = ctx.served.definition.info;
  if (!info.verbs.includes('deletecollection')) {
    throw newMethodNotSupported({ group: info.group, resource: info.plural }, 'deletecollection');
  }
  const options = parseDeleteOptions(req, await readBody(req));
  writeJson(res, 200, await deleteCollection(ctx.served.store, ctx.scope, listRequest(req), options));
};
