#!/usr/bin/env node
// Bundles the benchmark (tools/bench/src/main.ts) with esbuild and runs it with the given arguments.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const outfile = join(root, 'dist/tools/bench/main.js');
await build({
  entryPoints: [join(root, 'tools/bench/src/main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  tsconfig: join(root, 'tsconfig.base.json'),
  logLevel: 'warning',
});
const res = spawnSync(process.execPath, ['--max-old-space-size=8192', outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(res.status ?? 1);
