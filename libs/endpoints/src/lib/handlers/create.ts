import { recordUpdate } from '@strata/apimachinery';
import type { VerbHandler } from '../handler-context';
import { isDryRun, queryString } from '../handler-context';
import { decodeObject, parseFieldValidation, warningHeader } from '../decode-object';
import { fieldManagerContext } from '../field-manager';
import { readBody } from '../read-body';
import { writeJson } from '../write-status';

/**
 * POST: decode and check the body fully, record the fieldManager's Update entry in managedFields, then create; 201
 * with the stored object (dry run: 201, nothing stored).
 */
export const createHandler: VerbHandler = async (ctx, req, res) => {
  const validation = parseFieldValidation(queryString(req, 'fieldValidation'));
  const body = await readBody(req);
  const { object, warnings } = decodeObject(body, req.headers['content-type'], ctx.served.definition, validation);
  const managed = recordUpdate(undefined, object, fieldManagerContext(ctx.served.definition, req));
  const created = await ctx.served.store.create(ctx.scope, managed, { dryRun: isDryRun(req) });
  for (const w of warnings) res.append('Warning', warningHeader(w));
  writeJson(res, 201, created);
};
