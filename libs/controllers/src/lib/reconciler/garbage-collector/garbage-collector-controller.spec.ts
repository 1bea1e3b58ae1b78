import type { GarbageCollectorApi } from './garbage-collector-api';
import { GarbageCollectorController } from './garbage-collector-controller';

/** An API whose workspace has no resources, or whose discovery fails. */
function api(seen: string[], path: string, fail = false): GarbageCollectorApi {
  return {
    async resources() {
      seen.push(path);
      if (fail) throw new Error(`discovery of ${path || 'root'} failed`);
      return [];
    },
    listPage: async () => ({ items: [] }),
    get: async () => undefined,
    update: async () => undefined,
    delete: async () => undefined,
  };
}

describe('GarbageCollectorController', () => {
  it('collects root and added workspaces, tries them all, and rejects with the first failure', async () => {
    const seen: string[] = [];
    const controller = new GarbageCollectorController({ apiFor: (path) => api(seen, path, path === '/clusters/bad'), maxWorkspaces: 3 });
    expect(controller.addWorkspace('/clusters/bad')).toBe(true);
    expect(controller.addWorkspace('/clusters/good')).toBe(true);
    expect(controller.addWorkspace('/clusters/one-too-many')).toBe(false);

    await expect(controller.reconcileAll(new AbortController().signal)).rejects.toThrow('discovery of /clusters/bad failed');
    expect(seen).toEqual(['', '/clusters/bad', '/clusters/good']);

    controller.removeWorkspace('/clusters/bad');
    controller.removeWorkspace('');
    seen.length = 0;
    await controller.reconcileAll(new AbortController().signal);
    expect(seen).toEqual(['', '/clusters/good']);
  });

  it('needs an API source', () => {
    expect(() => new GarbageCollectorController({})).toThrow('GarbageCollectorController needs apiFor or apiServer');
  });
});
