export { describeStorageConformance } from './conformance';
export type { ConformanceSetup } from './fixtures';
export { WatchReader } from './watch-reader';
