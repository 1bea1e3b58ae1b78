import type { KubeObject } from '@strata/apimachinery';
import { AGE_COLUMN, NAME_COLUMN, ageCell } from '../table';
import type { TableDefinition } from '../table';

function size(v: unknown): number {
  return v && typeof v === 'object' ? Object.keys(v).length : 0;
}

/** kube's Secret printer: NAME TYPE DATA AGE, DATA = number of data keys. */
export const secretTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    { name: 'Type', type: 'string', format: '', description: 'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types', priority: 0 },
    {
      name: 'Data',
      type: 'string',
      format: '',
      description:
        "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4",
      priority: 0,
    },
    AGE_COLUMN,
  ],
  cells(obj: KubeObject, now: number): unknown[] {
    return [obj.metadata?.name ?? '', typeof obj['type'] === 'string' ? obj['type'] : '', size(obj['data']), ageCell(obj, now)];
  },
};
