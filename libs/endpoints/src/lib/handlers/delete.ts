import type { VerbHandler } from '../handler-context';
import { readBody } from '../read-body';
import { writeJson } from '../write-status';
import { parseDeleteOptions } from './delete-options';

/**
 * DELETE one object with DeleteOptions (body or query): preconditions, propagationPolicy, dryRun,
 * gracePeriodSeconds. Answers 200 with what the store returns (the deleted object or a Status Success, or the
 * object still held by finalizers); 202 like kube when finalizers hold it and orphanDependents=false was asked.
 */
export const deleteHandler: VerbHandler = async (ctx, req, res) => {
  const options = parseDeleteOptions(req, await readBody(req));
  const outcome = await ctx.served.store.deleteObject(ctx.scope, ctx.info.name, options);
  writeJson(res, !outcome.deleted && options.orphanDependents === false ? 202 : 200, outcome.result);
};
