import { forbidden, invalid, isDNS1123Label, isDNS1123Subdomain, required, tooLong } from '@strata/apimachinery';
import type { FieldError, KubeObject } from '@strata/apimachinery';
import { isConfigMapKey } from '../configmaps/validation';
import { nameValidator, validateObjectMeta, validateObjectMetaUpdate } from '../object-meta-validation';
import { jsonEqual } from '../stable-json';

/** kube's core.MaxSecretSize: the total size of a secret's decoded data. */
export const MAX_SECRET_SIZE = 1024 * 1024;

/** Secret types with required keys (k8s.io/api core/v1 SecretType* and their *Key constants). */
export const SECRET_TYPES = {
  serviceAccountToken: 'kubernetes.io/service-account-token',
  dockercfg: 'kubernetes.io/dockercfg',
  dockerConfigJson: 'kubernetes.io/dockerconfigjson',
  basicAuth: 'kubernetes.io/basic-auth',
  sshAuth: 'kubernetes.io/ssh-auth',
  tls: 'kubernetes.io/tls',
} as const;

const SERVICE_ACCOUNT_NAME_KEY = 'kubernetes.io/service-account.name';
const REDACTED = '<secret contents redacted>';
const IMMUTABLE_MSG = 'field is immutable when `immutable` is set';

function data(obj: KubeObject): Record<string, unknown> {
  const v = obj['data'];
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function decoded(value: unknown): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'base64') : Buffer.alloc(0);
}

// Go's json.Unmarshal into map[string]interface{}: the messages of the common failures.
function jsonObjectError(bytes: Buffer): string | undefined {
  const text = bytes.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    if (trimmed === '') return 'unexpected end of JSON input';
    return `invalid character '${trimmed[0]}' looking for beginning of value`;
  }
  if (parsed === null || (typeof parsed === 'object' && !Array.isArray(parsed))) return undefined;
  const goType = Array.isArray(parsed) ? 'array' : typeof parsed === 'boolean' ? 'bool' : typeof parsed;
  return `json: cannot unmarshal ${goType} into Go value of type map[string]interface {}`;
}

function requireKeys(d: Record<string, unknown>, keys: readonly string[]): FieldError[] {
  return keys.filter((k) => !(k in d)).map((k) => required(`data[${k}]`, ''));
}

function requireJsonKey(d: Record<string, unknown>, key: string): FieldError[] {
  if (!(key in d)) return [required(`data[${key}]`, '')];
  const msg = jsonObjectError(decoded(d[key]));
  return msg ? [invalid(`data[${key}]`, REDACTED, msg)] : [];
}

/** kube's type-specific checks of ValidateSecret. */
function validateSecretType(obj: KubeObject, d: Record<string, unknown>): FieldError[] {
  switch (obj['type']) {
    case SECRET_TYPES.serviceAccountToken:
      return obj.metadata?.annotations?.[SERVICE_ACCOUNT_NAME_KEY]
        ? []
        : [required(`metadata.annotations[${SERVICE_ACCOUNT_NAME_KEY}]`, '')];
    case SECRET_TYPES.dockercfg:
      return requireJsonKey(d, '.dockercfg');
    case SECRET_TYPES.dockerConfigJson:
      return requireJsonKey(d, '.dockerconfigjson');
    case SECRET_TYPES.basicAuth:
      return 'username' in d || 'password' in d ? [] : requireKeys(d, ['username', 'password']);
    case SECRET_TYPES.sshAuth:
      return decoded(d['ssh-privatekey']).length === 0 ? [required('data[ssh-privatekey]', '')] : [];
    case SECRET_TYPES.tls:
      return requireKeys(d, ['tls.crt', 'tls.key']);
    default:
      return [];
  }
}

/** kube's ValidateSecret: object meta, data keys like configmap keys, total size ≤ 1 MiB, per-type required keys. */
export function validateSecret(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj, true, nameValidator(isDNS1123Subdomain), isDNS1123Label);
  const d = data(obj);
  let total = 0;
  for (const [key, value] of Object.entries(d)) {
    for (const msg of isConfigMapKey(key)) errs.push(invalid(`data[${key}]`, key, msg));
    total += decoded(value).length;
  }
  if (total > MAX_SECRET_SIZE) errs.push(tooLong('data', '', MAX_SECRET_SIZE));
  errs.push(...validateSecretType(obj, d));
  return errs;
}

/** kube's ValidateSecretUpdate: metadata and type immutable; nothing in data changes once `immutable` is true. */
export function validateSecretUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj, old);
  if (obj['type'] !== old['type']) errs.push(invalid('type', obj['type'], 'field is immutable'));
  if (old['immutable'] === true) {
    if (obj['immutable'] !== true) errs.push(forbidden('immutable', IMMUTABLE_MSG));
    if (!jsonEqual(obj['data'] ?? {}, old['data'] ?? {})) errs.push(forbidden('data', IMMUTABLE_MSG));
  }
  return [...errs, ...validateSecret(obj)];
}
