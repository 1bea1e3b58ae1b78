import { kind, ref, str, stringList, struct } from './schema-builders';
import type { SchemaTable } from './schema-types';

const AUTHN = (name: string): string => `io.k8s.api.authentication.v1.${name}`;

/** Schemas of authentication.k8s.io/v1: selfsubjectreviews (`kubectl auth whoami`). */
export const AUTHENTICATION_V1_SCHEMAS: SchemaTable = {
  [AUTHN('SelfSubjectReview')]: kind(
    { group: 'authentication.k8s.io', version: 'v1', kind: 'SelfSubjectReview' },
    'SelfSubjectReview contains the user information that the kube-apiserver has about the user making this request. When using impersonation, users will receive the user info of the user being impersonated.  If impersonation or request header authentication is used, any extra keys will have their case ignored and returned as lowercase.',
    { status: ref(AUTHN('SelfSubjectReviewStatus'), 'Status is filled in by the server with the user attributes.', { default: {} }) },
  ),
  [AUTHN('SelfSubjectReviewStatus')]: struct('SelfSubjectReviewStatus is filled by the kube-apiserver and sent back to a user.', {
    userInfo: ref(AUTHN('UserInfo'), 'User attributes of the user making this request.', { default: {} }),
  }),
  [AUTHN('UserInfo')]: struct('UserInfo holds the information about the user needed to implement the user.Info interface.', {
    extra: {
      type: 'object',
      description: 'Any additional information provided by the authenticator.',
      additionalProperties: { type: 'array', items: { type: 'string', default: '' } },
    },
    groups: stringList('The names of groups this user is a part of.'),
    uid: str('A unique value that identifies this user across time. If this user is deleted and another user by the same name is added, they will have different UIDs.'),
    username: str('The name that uniquely identifies this user among all active users.'),
  }),
};
