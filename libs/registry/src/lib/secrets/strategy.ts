import { newBadRequest } from '@strata/apimachinery';
import type { KubeObject } from '@strata/apimachinery';
import type { ResourceStrategy } from '../strategy';
import { validateSecret, validateSecretUpdate } from './validation';

/** kube's default secret type (SetDefaults_Secret). */
export const SECRET_TYPE_OPAQUE = 'Opaque';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function record(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/**
 * What kube's decoding does to a v1 Secret before the strategy sees it: data values must be base64 (else 400,
 * as Go's []byte JSON decoding fails), `stringData` is merged into `data` (overwriting) and dropped, and an empty
 * type defaults to Opaque.
 * @throws StatusError BadRequest for a data value that is not a base64 string.
 */
export function normalizeSecret(obj: KubeObject): void {
  const data = record(obj['data']);
  for (const [key, value] of Object.entries(data ?? {})) {
    if (value === null) continue;
    if (typeof value !== 'string' || !BASE64.test(value)) {
      throw newBadRequest(
        `Secret in version "v1" cannot be handled as a Secret: illegal base64 data in data[${JSON.stringify(key)}]`,
      );
    }
  }
  const stringData = record(obj['stringData']);
  if (stringData && Object.keys(stringData).length > 0) {
    const merged: Record<string, unknown> = { ...(data ?? {}) };
    for (const [key, value] of Object.entries(stringData)) {
      merged[key] = Buffer.from(typeof value === 'string' ? value : String(value ?? ''), 'utf8').toString('base64');
    }
    obj['data'] = merged;
  }
  delete obj['stringData'];
  if (typeof obj['type'] !== 'string' || obj['type'] === '') obj['type'] = SECRET_TYPE_OPAQUE;
}

/** kube's secret strategy: decoding normalisation (stringData, default type), no status; validation in validation.ts. */
export const secretStrategy: ResourceStrategy = {
  prepareForCreate(obj: KubeObject): void {
    normalizeSecret(obj);
  },
  prepareForUpdate(obj: KubeObject, _old: KubeObject): void {
    normalizeSecret(obj);
  },
  validate: validateSecret,
  validateUpdate: validateSecretUpdate,
};
