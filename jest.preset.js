// Shared Jest settings. ts-jest transpiles only (isolatedModules in tsconfig); `npm run typecheck` type-checks.
const path = require('node:path');
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.base.json') }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: path.join(__dirname, '/') }),
  testMatch: ['**/*.spec.ts'],
  // Integration specs start and stop real etcd and service processes in their hooks; on a loaded 2-core machine
  // that takes longer than Jest's 5 s default. This is a time budget, not an assertion.
  testTimeout: 30_000,
};
