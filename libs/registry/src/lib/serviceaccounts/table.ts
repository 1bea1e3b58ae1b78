import type { KubeObject } from '@strata/apimachinery';
import { AGE_COLUMN, NAME_COLUMN, ageCell } from '../table';
import type { TableDefinition } from '../table';

/** kube's ServiceAccount printer: NAME SECRETS AGE, SECRETS = number of secret references. */
export const serviceAccountTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    {
      name: 'Secrets',
      type: 'string',
      format: '',
      description:
        'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use. Pods are only limited to this list if this service account has a "kubernetes.io/enforce-mountable-secrets" annotation set to "true". The "kubernetes.io/enforce-mountable-secrets" annotation is deprecated since v1.32. Prefer separate namespaces to isolate access to mounted secrets. This field should not be used to find auto-generated service account token secrets for use outside of pods. Instead, tokens can be requested directly using the TokenRequest API, or service account token secrets can be manually created. More info: https://kubernetes.io/docs/concepts/configuration/secret',
      priority: 0,
    },
    AGE_COLUMN,
  ],
  cells(obj: KubeObject, now: number): unknown[] {
    const secrets = obj['secrets'];
    return [obj.metadata?.name ?? '', Array.isArray(secrets) ? secrets.length : 0, ageCell(obj, now)];
  },
};
