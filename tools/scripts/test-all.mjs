#!/usr/bin/env node
// `npm test`: the one command that checks everything, in order of cost. Stops at the first failing step with its
// exit code and prints a one-line summary either way.
import { spawn } from 'node:child_process';

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

// Jest's own summary ("Tests:  3 failed, 1 skipped, 40 passed, 44 total") is summed over every run so the suite
// ends with one plain "N passed, N failed" line.
const totals = { passed: 0, failed: 0, skipped: 0 };
function count(output) {
  for (const line of output.split('\n')) {
    const m = /^Tests:\s+(.*), \d+ total/.exec(line.replace(/\x1b\[[0-9;]*m/g, ''));
    if (!m) continue;
    for (const part of m[1].split(', ')) {
      const [n, what] = part.trim().split(' ');
      if (what in totals) totals[what] += Number(n);
    }
  }
}
const summary = () => `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`;

/** Runs a step, streaming its output while keeping it for the counts; kills it (and its group) after `timeout`. */
function run(cmd, args, timeout) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['inherit', 'pipe', 'pipe'], detached: true });
    let tail = '';
    const keep = (stream) => (chunk) => {
      stream.write(chunk);
      tail += chunk.toString();
      const nl = tail.lastIndexOf('\n');
      if (nl >= 0) {
        count(tail.slice(0, nl));
        tail = tail.slice(nl + 1);
      }
    };
    child.stdout.on('data', keep(process.stdout));
    child.stderr.on('data', keep(process.stderr));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeout);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      count(tail);
      resolve({ status, signal, error: timedOut ? { code: 'ETIMEDOUT' } : undefined });
    });
  });
}

const started = Date.now();
const done = [];
for (const [name, [cmd, ...args], timeout] of steps) {
  const t0 = Date.now();
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const res = await run(cmd, args, timeout);
  const secs = ((Date.now() - t0) / 1000).toFixed(0);
  if (res.status !== 0) {
    const why = res.error?.code === 'ETIMEDOUT' ? `timed out after ${timeout / MIN} min` : res.error ? res.error.message : res.signal ? `signal ${res.signal}` : `exit ${res.status}`;
    console.log(`\n✗ FAILED at "${name}" (${why}, ${secs}s) after ${done.length}/${steps.length} steps passed: ${done.join(', ') || 'none'}`);
    console.log(summary());
    process.exit(res.status || 1);
  }
  done.push(`${name} ${secs}s`);
}
console.log(`\n✓ ALL ${steps.length} STEPS PASSED in ${((Date.now() - started) / 1000).toFixed(0)}s: ${done.join(', ')}`);
console.log(summary());
