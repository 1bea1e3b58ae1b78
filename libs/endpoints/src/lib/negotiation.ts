import type { IncludeObjectPolicy } from '@strata/registry';
import { newBadRequest } from '@strata/apimachinery';

/** Whether the client asked for a meta.k8s.io Table (`application/json;as=Table;v=v1;g=meta.k8s.io`, v1beta1 too). */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((clause) => {
    const params = new Map(
      clause
        .split(';')
        .slice(1)
        .map((p) => p.trim().split('=') as [string, string]),
    );
    return params.get('as') === 'Table' && params.get('g') === 'meta.k8s.io' && ['v1', 'v1beta1'].includes(params.get('v') ?? '');
  });
}

/** The includeObject query parameter of a Table request (kube's default: Metadata). */
export function includeObjectPolicy(v: unknown): IncludeObjectPolicy {
  if (v === undefined || v === '') return 'Metadata';
  if (v === 'None' || v === 'Metadata' || v === 'Object') return v;
  throw newBadRequest(`includeObject must be one of "None", "Metadata" or "Object"; got ${JSON.stringify(String(v))}`);
}
