import { newBadRequest, newMethodNotSupported, nowRFC3339 } from '@strata/apimachinery';
import type { KubeObject, Status } from '@strata/apimachinery';
import type { Storage } from '@strata/storage';
import type { ObjectWatchEvent } from '../store-watch';
import { GenericStore } from '../store';
import type { ObjectList, RequestScope } from '../store';
import { selfSubjectReviewResource } from './selfsubjectreview-resource';

const GR = { group: 'authentication.k8s.io', resource: 'selfsubjectreviews' };

/**
 * kube's selfsubjectreview REST: create answers with the requesting user in status.userInfo and stores nothing;
 * every other verb is 405 MethodNotAllowed. It extends GenericStore only to be served by the same handlers.
 */
export class SelfSubjectReviewStore extends GenericStore {
  constructor(storage: Storage) {
    super({ storage, resource: selfSubjectReviewResource });
  }

  /** The review of the caller; 400 `no user present on request` when the request carries no user. */
  override async create(scope: RequestScope, _input: KubeObject): Promise<KubeObject> {
    const user = scope.user;
    if (!user) throw newBadRequest('no user present on request');
    const userInfo: Record<string, unknown> = { username: user.username };
    if (user.uid) userInfo['uid'] = user.uid;
    if (user.groups.length > 0) userInfo['groups'] = [...user.groups];
    if (user.extra && Object.keys(user.extra).length > 0) {
      userInfo['extra'] = Object.fromEntries(Object.entries(user.extra).map(([k, v]) => [k, [...v]]));
    }
    return {
      kind: 'SelfSubjectReview',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { creationTimestamp: nowRFC3339() },
      status: { userInfo },
    };
  }

  override async get(): Promise<KubeObject> {
    throw newMethodNotSupported(GR, 'get');
  }

  override async list(): Promise<ObjectList> {
    throw newMethodNotSupported(GR, 'list');
  }

  override watch(): AsyncIterable<ObjectWatchEvent> {
    throw newMethodNotSupported(GR, 'watch');
  }

  override async update(): Promise<KubeObject> {
    throw newMethodNotSupported(GR, 'update');
  }

  override async delete(): Promise<KubeObject | Status> {
    throw newMethodNotSupported(GR, 'delete');
  }
}
