import { toTable } from '@strata/registry';
import { includeObjectPolicy, wantsTable } from '../negotiation';
import { queryString } from '../handler-context';
import type { VerbHandler } from '../handler-context';
import { writeJson } from '../write-status';

/** GET one object, as JSON or as a Table when asked for one. */
export const getHandler: VerbHandler = async (ctx, req, res) => {
  const { store, definition } = ctx.served;
  const obj = await store.get(ctx.scope, ctx.info.name, queryString(req, 'resourceVersion'));
  if (wantsTable(req.headers.accept)) {
    writeJson(res, 200, toTable(definition.table, [obj], { include: includeObjectPolicy(queryString(req, 'includeObject')), listMeta: { resourceVersion: obj.metadata.resourceVersion } }));
    return;
  }
  writeJson(res, 200, obj);
};
