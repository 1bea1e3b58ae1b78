import type { KubeObject } from '@strata/apimachinery';
import { AGE_COLUMN, NAME_COLUMN, ageCell } from '../table';
import type { TableDefinition } from '../table';

function size(v: unknown): number {
  return v && typeof v === 'object' ? Object.keys(v).length : 0;
}

/** kube's ConfigMap printer: NAME DATA AGE, DATA = number of data + binaryData keys. */
export const configMapTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    {
      name: 'Data',
      type: 'integer',
      format: '',
      description:
        "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.",
      priority: 0,
    },
    AGE_COLUMN,
  ],
  cells(obj: KubeObject, now: number): unknown[] {
    return [obj.metadata?.name ?? '', size(obj['data']) + size(obj['binaryData']), ageCell(obj, now)];
  },
};
