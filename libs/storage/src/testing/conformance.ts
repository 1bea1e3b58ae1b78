import { crudConformance } from './conformance-crud';
import type { ConformanceSetup } from './fixtures';
import { listConformance } from './conformance-list';
import { watchConformance } from './conformance-watch';

/**
 * The one storage conformance suite (like k8s.io/apiserver's storage/testing): every {@link Storage}
 * implementation runs it. `setup` starts whatever the implementation needs (the caller starts etcd) and is
 * called once; `teardown` runs in afterAll even when tests fail. `compact` must compact etcd physically at a
 * revision (the 410 cases need it). Bookmark cases need the implementation to send a BOOKMARK within 30 s.
 * Must be called inside a Jest test file; `name` should say "integration" when it runs against real processes.
 */
export function describeStorageConformance(name: string, setup: () => Promise<ConformanceSetup>): void {
  describe(name, () => {
    let running: ConformanceSetup | undefined;
    const ref = (): ConformanceSetup => {
      if (!running) throw new Error('storage conformance setup did not complete');
      return running;
    };
    beforeAll(async () => {
      running = await setup();
    }, 60_000);
    afterAll(async () => {
      await running?.teardown();
    }, 30_000);
    describe('get/create/update/delete', () => crudConformance(ref));
    describe('list', () => listConformance(ref));
    describe('watch', () => watchConformance(ref));
  });
}
