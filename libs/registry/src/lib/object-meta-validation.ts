import { forbidden, invalid, required, validateAnnotations, validateLabels } from '@strata/apimachinery';
import type { FieldError, KubeObject } from '@strata/apimachinery';

/** Validates a name; returns kube's messages (empty when valid). `prefix` = a generateName, may end in "-". */
export type NameValidator = (name: string, prefix: boolean) => string[];

/** Wraps an apimachinery name check so a generateName prefix ending in "-" passes (kube's maskTrailingDash). */
export function nameValidator(check: (name: string) => string[]): NameValidator {
  return (name, prefix) => check(prefix && name.length > 1 && name.endsWith('-') ? `${name.slice(0, -1)}a` : name);
}

/**
 * kube's ValidateObjectMeta: name (or generateName) required and well formed, namespace required for namespaced
 * resources and forbidden otherwise. `validateNamespace` checks the namespace name (a DNS-1123 label).
 */
export function validateObjectMeta(
  obj: KubeObject,
  namespaced: boolean,
  validateName: NameValidator,
  validateNamespace: (name: string) => string[],
): FieldError[] {
  const errs: FieldError[] = [];
  const meta = obj.metadata ?? {};
  if (meta.generateName) {
    for (const msg of validateName(meta.generateName, true)) {
      errs.push(invalid('metadata.generateName', meta.generateName, msg));
    }
  }
  if (!meta.name) {
    errs.push(required('metadata.name', 'name or generateName is required'));
  } else {
    for (const msg of validateName(meta.name, false)) errs.push(invalid('metadata.name', meta.name, msg));
  }
  if (namespaced) {
    if (!meta.namespace) errs.push(required('metadata.namespace', ''));
    else for (const msg of validateNamespace(meta.namespace)) errs.push(invalid('metadata.namespace', meta.namespace, msg));
  } else if (meta.namespace) {
    errs.push(forbidden('metadata.namespace', 'not allowed on this type'));
  }
  errs.push(...validateLabels(meta.labels, 'metadata.labels'));
  errs.push(...validateAnnotations(meta.annotations, 'metadata.annotations'));
  return errs;
}

/** kube's ValidateObjectMetaUpdate: name, namespace and uid never change. */
export function validateObjectMetaUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const meta = obj.metadata ?? {};
  const oldMeta = old.metadata ?? {};
  if (meta.name !== oldMeta.name) errs.push(invalid('metadata.name', meta.name, 'field is immutable'));
  if ((meta.namespace ?? '') !== (oldMeta.namespace ?? '')) {
    errs.push(invalid('metadata.namespace', meta.namespace, 'field is immutable'));
  }
  if (meta.uid !== oldMeta.uid) errs.push(invalid('metadata.uid', meta.uid, 'field is immutable'));
  return errs;
}
