import type { VerbHandler } from '../handler-context';
import { isDryRun, queryString } from '../handler-context';
import { decodeObject, parseFieldValidation, warningHeader } from '../decode-object';
import { readBody } from '../read-body';
import { writeJson } from '../write-status';

/** PUT: replace one object (optimistic on metadata.resourceVersion when given); 200 with the stored object. */
export const updateHandler: VerbHandler = async (ctx, req, res) => {
  const validation = parseFieldValidation(queryString(req, 'fieldValidation'));
  const body = await readBody(req);
  const { object, warnings } = decodeObject(body, req.headers['content-type'], ctx.served.definition, validation);
  const updated = await ctx.served.store.update(ctx.scope, ctx.info.name, object, { dryRun: isDryRun(req) });
  for (const w of warnings) res.append('Warning', warningHeader(w));
  writeJson(res, 200, updated);
};
