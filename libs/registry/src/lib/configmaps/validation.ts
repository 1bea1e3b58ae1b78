import { forbidden, invalid, isDNS1123Label, isDNS1123Subdomain, regexError, tooLong } from '@strata/apimachinery';
import type { FieldError, KubeObject } from '@strata/apimachinery';
import { jsonEqual } from '../stable-json';
import { nameValidator, validateObjectMeta, validateObjectMetaUpdate } from '../object-meta-validation';

/** kube's core.MaxSecretSize: the total size of data + binaryData of a ConfigMap. */
export const MAX_CONFIGMAP_SIZE = 1024 * 1024;

const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
// Built by kube's RegexError, so its double spaces ("'key.name',  or ...") are what kubectl users see.
const CONFIG_MAP_KEY_MSG = regexError(
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
  '[-._a-zA-Z0-9]+',
  'key.name',
  'KEY_NAME',
  'key-name',
);

/** kube's validation.IsConfigMapKey: the messages for an invalid data/binaryData key (empty when valid). */
export function isConfigMapKey(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push('must be no more than 253 characters');
  if (!CONFIG_MAP_KEY.test(key)) errs.push(CONFIG_MAP_KEY_MSG);
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

function stringMap(obj: KubeObject, field: 'data' | 'binaryData'): Record<string, unknown> {
  const v = obj[field];
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function byteLength(value: unknown, base64: boolean): number {
  if (typeof value !== 'string') return 0;
  return base64 ? Buffer.from(value, 'base64').length : Buffer.byteLength(value, 'utf8');
}

/** kube's ValidateConfigMap: object meta (name a DNS-1123 subdomain), keys, values, total size ≤ 1 MiB. */
export function validateConfigMap(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj, true, nameValidator(isDNS1123Subdomain), isDNS1123Label);
  const data = stringMap(obj, 'data');
  const binaryData = stringMap(obj, 'binaryData');
  let total = 0;
  for (const [key, value] of Object.entries(data)) {
    for (const msg of isConfigMapKey(key)) errs.push(invalid(`data[${key}]`, key, msg));
    if (key in binaryData) errs.push(invalid(`data[${key}]`, key, 'duplicate of key present in binaryData'));
    if (typeof value !== 'string') errs.push(invalid(`data[${key}]`, value, 'must be a string'));
    total += byteLength(value, false);
  }
  for (const [key, value] of Object.entries(binaryData)) {
    for (const msg of isConfigMapKey(key)) errs.push(invalid(`binaryData[${key}]`, key, msg));
    if (key in data) errs.push(invalid(`binaryData[${key}]`, key, 'duplicate of key present in data'));
    if (typeof value !== 'string') errs.push(invalid(`binaryData[${key}]`, value, 'must be a base64 string'));
    total += byteLength(value, true);
  }
  if (total > MAX_CONFIGMAP_SIZE) errs.push(tooLong('', '', MAX_CONFIGMAP_SIZE));
  return errs;
}

/** kube's ValidateConfigMapUpdate: metadata immutability, and nothing changes once `immutable` is true. */
export function validateConfigMapUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(obj, old), ...validateConfigMap(obj)];
  if (old['immutable'] === true) {
    const msg = 'field is immutable when `immutable` is set';
    if (obj['immutable'] !== true) errs.push(forbidden('immutable', msg));
    if (!jsonEqual(obj['data'], old['data'])) errs.push(forbidden('data', msg));
    if (!jsonEqual(obj['binaryData'], old['binaryData'])) errs.push(forbidden('binaryData', msg));
  }
  return errs;
}
