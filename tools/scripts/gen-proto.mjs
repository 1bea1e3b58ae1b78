#!/usr/bin/env node
// Generates libs/proto/src/gen from proto/ with Debian's protoc and ts-proto.
// `--check` regenerates into a temp dir and fails when the committed code differs (stale generated code).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const protoDir = join(root, 'proto');
const committed = join(root, 'libs/proto/src/gen');
const check = process.argv.includes('--check');

function files(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const out = check ? mkdtempSync(join(tmpdir(), 'strata-proto-')) : committed;
if (!check) rmSync(committed, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const protos = files(protoDir).filter((f) => f.endsWith('.proto')).map((f) => relative(protoDir, f));
execFileSync(
  'protoc',
  [
    `--plugin=protoc-gen-ts_proto=${join(root, 'node_modules/.bin/protoc-gen-ts_proto')}`,
    `--ts_proto_out=${out}`,
    '--ts_proto_opt=outputServices=grpc-js,esModuleInterop=true,forceLong=number,useOptionals=messages,env=node,useExactTypes=false',
    `-I${protoDir}`,
    ...protos,
  ],
  { stdio: 'inherit' },
);
if (check) {
  const a = files(out).map((f) => relative(out, f)).sort();
  const b = files(committed).map((f) => relative(committed, f)).sort();
  const stale = a.length !== b.length || a.some((f, i) => f !== b[i] || readFileSync(join(out, f), 'utf8') !== readFileSync(join(committed, f), 'utf8'));
  rmSync(out, { recursive: true, force: true });
  if (stale) {
    console.error('libs/proto/src/gen is stale: run `npm run proto` and commit the result.');
    process.exit(1);
  }
  console.log('generated proto code is up to date');
}
