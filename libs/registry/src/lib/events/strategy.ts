import { newBadRequest } from '@strata/apimachinery';
import type { KubeObject } from '@strata/apimachinery';
import { isValidPathSegmentName } from '../rbac/rbac-validation';
import type { ResourceStrategy } from '../strategy';
import { validateEventCreate, validateEventUpdate } from './validation';
import type { EventRequestVersion } from './validation';

// kube's NamespaceKeyFunc: core/v1 event validation does not look at the name, the storage key does.
function checkKeyName(obj: KubeObject): void {
  const name = obj.metadata?.name ?? '';
  if (name === '') throw newBadRequest('Name parameter required.');
  const msgs = isValidPathSegmentName(name);
  if (msgs.length > 0) throw newBadRequest(`Name parameter invalid: ${JSON.stringify(name)}: ${msgs.join(';')}`);
}

/**
 * kube's event strategy for writes through `version`. It runs on the stored core/v1 form whichever API the
 * client used, like kube's strategy runs on the internal type; only validation depends on the request version.
 */
export function eventStrategy(version: EventRequestVersion): ResourceStrategy {
  return {
    prepareForCreate(obj: KubeObject): void {
      checkKeyName(obj);
    },
    prepareForUpdate(_obj: KubeObject, _old: KubeObject): void {
      // Events have no server-owned fields beyond metadata.
    },
    validate: (obj) => validateEventCreate(obj, version),
    validateUpdate: (obj, old) => validateEventUpdate(obj, old, version),
  };
}
