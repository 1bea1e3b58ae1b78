import {
  FIELD_MANAGER_MAX_LENGTH,
  applyConfiguration,
  forbidden,
  invalid,
  newBadRequest,
  newInvalid,
  newUnsupportedMediaType,
  notSupported,
  recordUpdate,
  required,
  tooLong,
} from '@strata/apimachinery';
import type { FieldError, KubeObject } from '@strata/apimachinery';
import { apiVersionOf } from '@strata/registry';
import type { Request } from 'express';
import type { VerbHandler } from '../handler-context';
import { isDryRun, queryString } from '../handler-context';
import { parseFieldValidation, warningHeader } from '../decode-object';
import { fieldManagerContext, supportsStrategicMerge } from '../field-manager';
import { APPLY_PATCH, JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, applyPatchDocument, decodePatched, parsePatch } from '../patch-body';
import type { ParsedPatch } from '../patch-body';
import { readBody } from '../read-body';
import { writeJson } from '../write-status';

// kube's ValidatePatchOptions: force only for apply, fieldManager required for apply and printable, ≤128 bytes.
function validatePatchOptions(req: Request, type: ParsedPatch['type']): { force: boolean } {
  const errs: FieldError[] = [];
  const forceParam = queryString(req, 'force');
  const manager = queryString(req, 'fieldManager') ?? '';
  if (type !== APPLY_PATCH) {
    if (forceParam !== undefined) errs.push(forbidden('force', 'may not be specified for non-apply patch'));
  } else if (!manager) {
    errs.push(required('fieldManager', 'is required for apply patch'));
  }
  if (Buffer.byteLength(manager) > FIELD_MANAGER_MAX_LENGTH) errs.push(tooLong('fieldManager', manager, FIELD_MANAGER_MAX_LENGTH));
  else if (/\p{C}/u.test(manager)) errs.push(invalid('fieldManager', manager, 'must only contain printable characters'));
  const dryRun = queryString(req, 'dryRun');
  if (dryRun !== undefined && dryRun !== 'All') errs.push(notSupported('dryRun', dryRun, ['All']));
  if (errs.length > 0) throw newInvalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', errs);
  if (forceParam !== undefined && forceParam !== 'true' && forceParam !== 'false') {
    throw newBadRequest(`strconv.ParseBool: parsing ${JSON.stringify(forceParam)}: invalid syntax`);
  }
  return { force: forceParam === 'true' };
}

/**
 * PATCH: JSON patch, merge patch, strategic merge patch (built-in types only) or server-side apply, as kube's
 * patch handler: 415 listing the accepted types for any other Content-Type, 422 for invalid PatchOptions, then a
 * read-modify-write through the store's guaranteedUpdate (retried on lost races) that records managedFields.
 * Apply creates an absent object (201); the others answer 404 for one. dryRun=All stores nothing.
 */
export const patchHandler: VerbHandler = async (ctx, req, res) => {
  const def = ctx.served.definition;
  const accepted = [JSON_PATCH, MERGE_PATCH, ...(supportsStrategicMerge(def) ? [STRATEGIC_MERGE_PATCH] : []), APPLY_PATCH];
  const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim();
  if (!accepted.includes(contentType)) {
    req.resume();
    throw newUnsupportedMediaType(contentType, accepted);
  }
  const type = contentType as ParsedPatch['type'];
  const { force } = validatePatchOptions(req, type);
  const validation = parseFieldValidation(queryString(req, 'fieldValidation'));
  const patch = parsePatch(type, await readBody(req));
  const fm = fieldManagerContext(def, req);
  const warnings: string[] = [];

  const tryUpdate = (current: KubeObject | undefined): KubeObject => {
    warnings.length = 0;
    if (patch.type === APPLY_PATCH) {
      const expected = apiVersionOf(def.info);
      const given = typeof patch.doc['apiVersion'] === 'string' ? patch.doc['apiVersion'] : '';
      if (given !== expected) {
        throw newBadRequest(`Incorrect version specified in apply patch. Specified patch version: ${given}, expected: ${expected}`);
      }
      const decoded = decodePatched(patch.doc, def, validation);
      warnings.push(...decoded.warnings);
      return applyConfiguration(current, decoded.object, { ...fm, force });
    }
    if (!current) throw new Error('patch of an absent object reached tryUpdate');
    const decoded = decodePatched(applyPatchDocument(current, patch, fm.meta), def, validation);
    warnings.push(...decoded.warnings);
    return recordUpdate(current, decoded.object, fm);
  };

  const { object, created } = await ctx.served.store.guaranteedUpdate(ctx.scope, ctx.info.name, tryUpdate, {
    dryRun: isDryRun(req),
    allowCreate: type === APPLY_PATCH,
  });
  for (const w of warnings) res.append('Warning', warningHeader(w));
  writeJson(res, created ? 201 : 200, object);
};
