import { recordUpdate } from '@strata/apimachinery';
import type { VerbHandler } from '../handler-context';
import { isDryRun, queryString } from '../handler-context';
import { decodeObject, parseFieldValidation, warningHeader } from '../decode-object';
import { fieldManagerContext } from '../field-manager';
import { readBody } from '../read-body';
import { writeJson } from '../write-status';

/**
 * PUT: replace one object (optimistic on metadata.resourceVersion when given), recording the fieldManager's
 * changes in managedFields; 200 with the stored object.
 */
export const updateHandler: VerbHandler = async (ctx, req, res) => {
  const validation = parseFieldValidation(queryString(req, 'fieldValidation'));
  const body = await readBody(req);
  const { object, warnings } = decodeObject(body, req.headers['content-type'], ctx.served.definition, validation);
  const fm = fieldManagerContext(ctx.served.definition, req);
  // Through guaranteedUpdate so managedFields are computed against the object actually replaced; a client
  // resourceVersion still makes the write conditional (409 when stale).
  const { object: updated } = await ctx.served.store.guaranteedUpdate(
    ctx.scope,
    ctx.info.name,
    (current) => recordUpdate(current, structuredClone(object), fm),
    { dryRun: isDryRun(req) },
  );
  for (const w of warnings) res.append('Warning', warningHeader(w));
  writeJson(res, 200, updated);
};
