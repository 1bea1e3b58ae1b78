#!/usr/bin/env node
// Bundles one app (apps/<name>/src/main.ts) into dist/apps/<name>/main.js with esbuild.
// Workspace libs are bundled (tsconfig paths); npm packages stay external and load from node_modules.
import { build } from 'esbuild';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const name = process.argv[2];
if (!name) {
  console.error('usage: build-app.mjs <app>');
  process.exit(2);
}
await build({
  entryPoints: [join(root, 'apps', name, 'src/main.ts')],
  outfile: join(root, 'dist/apps', name, 'main.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  packages: 'external',
  tsconfig: join(root, 'tsconfig.base.json'),
  logLevel: 'warning',
});
