export type { FieldError, FieldErrorType } from './lib/field-errors';
export {
  aggregateFieldErrors,
  duplicate,
  fieldErrorBody,
  fieldErrorMessage,
  fieldErrorTypeText,
  forbidden,
  goQuote,
  invalid,
  notSupported,
  required,
  tooLong,
} from './lib/field-errors';

export type {
  GroupKind,
  GroupResource,
  Status,
  StatusCause,
  StatusDetails,
  StatusReason,
} from './lib/status';
export {
  CauseTypeResourceVersionTooLarge,
  OptimisticLockErrorMsg,
  StatusError,
  groupKindString,
  groupResourceString,
  isStatusError,
  isTooLargeResourceVersion,
  newAlreadyExists,
  newBadRequest,
  newConflict,
  newForbidden,
  newGone,
  newInternalError,
  newInvalid,
  newMethodNotSupported,
  newNotAcceptable,
  newNotFound,
  newRequestEntityTooLarge,
  newResourceExpired,
  newServiceUnavailable,
  newSuccessStatus,
  newTimeout,
  newTooLargeResourceVersion,
  newTooManyRequests,
  newUnauthorized,
  newUnsupportedMediaType,
} from './lib/status';

export {
  DNS1123LabelMaxLength,
  DNS1123SubdomainMaxLength,
  LabelValueMaxLength,
  TotalAnnotationSizeLimitB,
  emptyError,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  maxLenError,
  regexError,
  validateAnnotations,
  validateDNS1123LabelName,
  validateLabels,
  validateObjectMetaName,
} from './lib/validation';

export type { LabelRequirement, LabelSelector, Metav1LabelSelector } from './lib/labels';
export { SelectorParseError, everythingLabelSelector, labelSelectorFromMetav1, parseLabelSelector } from './lib/labels';

export type { FieldRequirement, FieldSelector } from './lib/fields';
export { escapeFieldValue, jsonPathFields, parseFieldSelector, unescapeFieldValue } from './lib/fields';

export { ResourceVersionParseError, formatResourceVersion, parseResourceVersion } from './lib/resource-version';

export { ContinueTokenError, decodeContinue, encodeContinue } from './lib/continue-token';

export type { KubeObject, ListMeta, ManagedFieldsEntry, ObjectMeta, OwnerReference, TypeMeta } from './lib/object-meta';
export {
  GENERATE_NAME_ALPHABET,
  MaxGeneratedNameLength,
  generateName,
  generateNameSuffix,
  newUID,
  nowRFC3339,
} from './lib/object-meta';

export type { JsonValue } from './lib/patch/merge-patch';
export { applyMergePatch, isJsonObject } from './lib/patch/merge-patch';
export { JsonPatchError, MAX_JSON_PATCH_OPERATIONS, applyJsonPatch, decodeJsonPatch } from './lib/patch/json-patch';
export type { ListType, PatchMeta, PatchSchema, SchemaRefResolver } from './lib/patch/patch-meta';
export { OBJECT_META_PATCH_SCHEMA, fallbackKindSchema, patchMetaAt, patchMetaFromSchema } from './lib/patch/patch-meta';
export { StrategicMergePatchError, applyStrategicMergePatch, jsonEqual } from './lib/patch/strategic-merge-patch';
export type { FieldPath, PathElement } from './lib/patch/field-set';
export { FieldSet, fieldElement, fieldPathString, keyElement, valueElement } from './lib/patch/field-set';
export type { Comparison } from './lib/patch/typed-value';
export { compareObjects, mergeApplied, removeFields, toFieldSet } from './lib/patch/typed-value';
export type { ApplyConflict, FieldManagerContext } from './lib/patch/managed-fields';
export {
  FIELD_MANAGER_MAX_LENGTH,
  applyConfiguration,
  managerFromUserAgent,
  newApplyConflict,
  recordUpdate,
} from './lib/patch/managed-fields';

export { canonicalJsonMetaClose, isEmptyMetadataAt } from './lib/canonical-json';
export { CLUSTER_ID_TOMBSTONE_PREFIX, CLUSTER_ID_TOMBSTONE_VALUE, clusterIdTombstoneKey, randomClusterId } from './lib/logical-cluster-id';
