#!/usr/bin/env node
// `npm start`: makes sure this checkout can run (dependencies, etcd, build), then runs the launcher
// (src/launcher.ts, bundled with esbuild) in this process so Ctrl-C reaches it directly.
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const args = process.argv.slice(2);

function run(cmd, cmdArgs, what) {
  console.error(`» ${what}: ${cmd} ${cmdArgs.join(' ')}`);
  const res = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } });
  if (res.status !== 0) {
    console.error(`✗ ${what} failed (${res.error?.message ?? `exit ${res.status}`})`);
    process.exit(1);
  }
}

function onPath(bin) {
  try {
    execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

if (args.includes('--help') || args.includes('-h')) {
  // Help needs no build; fall through to the launcher only when it exists.
  if (!existsSync(join(root, 'dist/tools/start/launcher.js'))) {
    console.log('usage: npm start -- [--port 6443] [--data-dir .data] [--etcd-endpoints http://host:2379] [--verbose]');
    process.exit(0);
  }
}

if (!existsSync(join(root, 'node_modules/.package-lock.json'))) run('npm', ['ci'], 'installing dependencies');

const externalEtcd = args.some((a) => a.startsWith('--etcd-endpoints')) || !!process.env.ETCD_ENDPOINTS;
if (!externalEtcd && !onPath('etcd')) {
  if (process.getuid?.() !== 0) {
    console.error('✗ etcd is not installed. Install the Debian package etcd-server (as root), or pass --etcd-endpoints.');
    process.exit(1);
  }
  run('apt-get', ['update'], 'installing etcd');
  run('apt-get', ['install', '-y', 'etcd-server'], 'installing etcd');
}

run('npx', ['nx', 'run-many', '-t', 'build', '--projects=apiserver,watch-cache,workspace-controller', '--outputStyle=static'], 'building');
run(process.execPath, [join(root, 'tools/start/build-launcher.mjs')], 'building the launcher');

const require = createRequire(import.meta.url);
const { runLauncher } = require(join(root, 'dist/tools/start/launcher.js'));
await runLauncher(args);
