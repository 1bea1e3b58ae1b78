import { newBadRequest } from '@strata/apimachinery';
import type { Preconditions } from '@strata/registry';
import type { VerbHandler } from '../handler-context';
import { isDryRun } from '../handler-context';
import { readBody } from '../read-body';
import { writeJson } from '../write-status';

interface DeleteOptionsBody {
  preconditions?: Preconditions;
  dryRun?: string[];
}

function parseDeleteOptions(body: Buffer): DeleteOptionsBody {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw newBadRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw newBadRequest('the body of a delete must be a DeleteOptions object');
  }
  return parsed as DeleteOptionsBody;
}

/**
 * DELETE one object with optional DeleteOptions (body) preconditions and dryRun (body or query); answers 200 with
 * what the store returns (the object, or a Status Success like kube for most resources).
 */
export const deleteHandler: VerbHandler = async (ctx, req, res) => {
  const options = parseDeleteOptions(await readBody(req));
  const dryRun = isDryRun(req) || (Array.isArray(options.dryRun) && options.dryRun.includes('All'));
  const result = await ctx.served.store.delete(ctx.scope, ctx.info.name, { dryRun, preconditions: options.preconditions });
  writeJson(res, 200, result);
};
