import type { KubeObject } from '@strata/apimachinery';
import type { ResourceStrategy } from '../strategy';

/** A SelfSubjectReview carries nothing the client decides: the status is the server's answer. */
export const selfSubjectReviewStrategy: ResourceStrategy = {
  prepareForCreate(obj: KubeObject): void {
    delete obj['status'];
  },
  prepareForUpdate(_obj: KubeObject, _old: KubeObject): void {
    // Never updated: the resource is create-only.
  },
  validate: () => [],
  validateUpdate: () => [],
};
