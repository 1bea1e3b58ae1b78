import type { KeyValue } from '@strata/storage';
import type { IKeyValue } from 'etcd3';

/** Converts an etcd key-value to the storage contract's shape (revisions as numbers). */
export function toKeyValue(kv: IKeyValue, modRevision?: number): KeyValue {
  return {
    key: kv.key.toString('utf8'),
    value: kv.value,
    createRevision: Number(kv.create_revision),
    modRevision: modRevision ?? Number(kv.mod_revision),
  };
}
