#!/usr/bin/env node
// Bundles tools/start/src/launcher.ts (and the workspace libs it imports) into dist/tools/start/launcher.js.
import { build } from 'esbuild';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
await build({
  entryPoints: [join(root, 'tools/start/src/launcher.ts')],
  outfile: join(root, 'dist/tools/start/launcher.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  packages: 'external',
  tsconfig: join(root, 'tsconfig.base.json'),
  logLevel: 'warning',
});
