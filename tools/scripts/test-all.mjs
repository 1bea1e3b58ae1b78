#!/usr/bin/env node
// `npm test`: the one command that checks everything, in order of cost. Stops at the first failing step with its
// exit code and prints a one-line summary either way.
import { spawnSync } from 'node:child_process';

const root = new URL('../..', import.meta.url).pathname;
const env = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', FORCE_COLOR: process.env.FORCE_COLOR ?? '0' };
const nx = (...args) => ['npx', 'nx', ...args, '--outputStyle=static'];

// A hung step (a test that never lets its process exit) fails with a timeout instead of blocking CI forever.
const MIN = 60_000;
const steps = [
  ['proto is up to date', ['node', 'tools/scripts/gen-proto.mjs', '--check'], 2 * MIN],
  ['typecheck', ['npx', 'tsc', '-p', 'tsconfig.json', '--noEmit'], 5 * MIN],
  ['lint', nx('run-many', '-t', 'lint'), 8 * MIN],
  ['build', nx('run-many', '-t', 'build'), 5 * MIN],
  ['unit + integration tests', nx('run-many', '-t', 'test', '--parallel=1'), 15 * MIN],
  ['e2e', nx('run', 'e2e:e2e'), 10 * MIN],
];

const started = Date.now();
const done = [];
for (const [name, [cmd, ...args], timeout] of steps) {
  const t0 = Date.now();
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env, timeout, killSignal: 'SIGKILL' });
  const secs = ((Date.now() - t0) / 1000).toFixed(0);
  if (res.status !== 0) {
    const why = res.error?.code === 'ETIMEDOUT' ? `timed out after ${timeout / MIN} min` : res.error ? res.error.message : res.signal ? `signal ${res.signal}` : `exit ${res.status}`;
    console.log(`\n✗ FAILED at "${name}" (${why}, ${secs}s) after ${done.length}/${steps.length} steps passed: ${done.join(', ') || 'none'}`);
    process.exit(res.status || 1);
  }
  done.push(`${name} ${secs}s`);
}
console.log(`\n✓ ALL ${steps.length} STEPS PASSED in ${((Date.now() - started) / 1000).toFixed(0)}s: ${done.join(', ')}`);
