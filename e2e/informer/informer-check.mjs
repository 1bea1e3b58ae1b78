#!/usr/bin/env node
// A @kubernetes/client-node (1.x, ESM-only, hence a plain .mjs beside the Jest suite) configmap informer driven
// over stdin/stdout by e2e/src/api-informer.e2e-spec.ts. It only reports what the library saw; the spec asserts.
//
// usage: node informer-check.mjs <kubeconfig> <namespace>
// stdout: one JSON object per line:
//   {"type":"synced","names":[...]}                 the first list is in and the watch is open
//   {"type":"list","count":n,"resourceVersion":rv}  every list the informer made (the 2nd one is a relist)
//   {"type":"add"|"update"|"delete","name","resourceVersion","data"}
//   {"type":"error","message","statusCode"}         an error the informer reported (it is then restarted)
//   {"type":"paused","resourceVersion":rv}          answer to "pause": the watch is closed, the cache is kept
//   {"type":"resumed"}                              answer to "resume": the informer watches again from rv
//   {"type":"state","resourceVersion":rv,"objects":{name:data}}  answer to "dump"
// stdin: one command per line: pause | resume | dump | exit
import { createInterface } from 'node:readline';
import { CoreV1Api, KubeConfig, makeInformer } from '@kubernetes/client-node';

const [kubeconfigPath, namespace] = process.argv.slice(2);
if (!kubeconfigPath || !namespace) {
  process.stderr.write('usage: informer-check.mjs <kubeconfig> <namespace>\n');
  process.exit(2);
}

const print = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');

const kc = new KubeConfig();
kc.loadFromFile(kubeconfigPath);
const core = kc.makeApiClient(CoreV1Api);

const listFn = async () => {
  const list = await core.listNamespacedConfigMap({ namespace });
  print({ type: 'list', count: list.items.length, resourceVersion: list.metadata?.resourceVersion ?? '' });
  return list;
};
const informer = makeInformer(kc, `/api/v1/namespaces/${namespace}/configmaps`, listFn);

const report = (type) => (obj) =>
  print({ type, name: obj.metadata?.name, resourceVersion: obj.metadata?.resourceVersion, data: obj.data ?? {} });
informer.on('add', report('add'));
informer.on('update', report('update'));
informer.on('delete', report('delete'));

let paused = false;
let restartTimer;
// client-node stops an informer on any error but a 410; restarting it is the documented caller's job.
informer.on('error', (err) => {
  print({ type: 'error', message: String(err?.message ?? err), statusCode: err?.statusCode ?? err?.code });
  if (paused) return;
  clearTimeout(restartTimer);
  restartTimer = setTimeout(() => {
    if (!paused) informer.start().catch((e) => print({ type: 'error', message: String(e?.message ?? e) }));
  }, 500);
});

const lines = createInterface({ input: process.stdin });
lines.on('line', async (line) => {
  const cmd = line.trim();
  if (cmd === 'pause') {
    paused = true;
    clearTimeout(restartTimer);
    await informer.stop();
    print({ type: 'paused', resourceVersion: informer.latestResourceVersion() });
  } else if (cmd === 'resume') {
    paused = false;
    await informer.start();
    print({ type: 'resumed' });
  } else if (cmd === 'dump') {
    const objects = {};
    for (const cm of informer.list(namespace)) objects[cm.metadata.name] = cm.data ?? {};
    print({ type: 'state', resourceVersion: informer.latestResourceVersion(), objects });
  } else if (cmd === 'exit') {
    paused = true;
    clearTimeout(restartTimer);
    await informer.stop();
    process.exit(0);
  }
});
lines.on('close', () => process.exit(0));

await informer.start();
print({ type: 'synced', names: informer.list(namespace).map((o) => o.metadata.name).sort() });
