import { fallbackKindSchema, managerFromUserAgent, nowRFC3339, patchMetaFromSchema } from '@strata/apimachinery';
import type { FieldManagerContext, PatchMeta, PatchSchema } from '@strata/apimachinery';
import type { ResourceDefinition } from '@strata/registry';
import { apiVersionOf, schemaByRef, schemaFor } from '@strata/registry';
import type { Request } from 'express';
import { queryString } from './handler-context';

/**
 * The merge semantics of `def`'s kind: its published OpenAPI schema (patch strategies, merge keys, list types),
 * or, for kinds without one, ObjectMeta's semantics with every other top-level field a plain map.
 */
export function patchMetaFor(def: ResourceDefinition): PatchMeta {
  const { group, version, kind } = def.info;
  const schema = schemaFor(group, version, kind) as PatchSchema | undefined;
  return patchMetaFromSchema(schema ?? fallbackKindSchema(def.topLevelFields), (ref) => schemaByRef(ref) as PatchSchema | undefined);
}

/** Whether kube would accept strategic merge patches for `def`: only for its compiled-in (built-in) types. */
export function supportsStrategicMerge(def: ResourceDefinition): boolean {
  const { group } = def.info;
  return group === '' || group.endsWith('.k8s.io');
}

/**
 * Who a write records in managedFields: the `fieldManager` query parameter, else the User-Agent's prefix (kube's
 * managerOrUserAgent), writing in the resource's apiVersion.
 */
export function fieldManagerContext(def: ResourceDefinition, req: Request): FieldManagerContext {
  return {
    manager: queryString(req, 'fieldManager') || managerFromUserAgent(req.headers['user-agent']),
    apiVersion: apiVersionOf(def.info),
    meta: patchMetaFor(def),
    now: nowRFC3339(),
  };
}
