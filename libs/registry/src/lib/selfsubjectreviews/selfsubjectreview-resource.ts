import type { ResourceDefinition } from '../strategy';
import { selfSubjectReviewStrategy } from './strategy';
import { selfSubjectReviewTable } from './table';

/** authentication.k8s.io/v1 selfsubjectreviews: create-only, answered from the request's user, never stored. */
export const selfSubjectReviewResource: ResourceDefinition = {
  info: {
    group: 'authentication.k8s.io',
    version: 'v1',
    kind: 'SelfSubjectReview',
    listKind: 'SelfSubjectReviewList',
    plural: 'selfsubjectreviews',
    singular: 'selfsubjectreview',
    shortNames: [],
    namespaced: false,
    verbs: ['create'],
    categories: [],
  },
  strategy: selfSubjectReviewStrategy,
  table: selfSubjectReviewTable,
  topLevelFields: ['status'],
  extraSelectableFields: [],
  returnDeletedObject: false,
};
