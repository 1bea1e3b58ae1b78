import { EtcdProcess } from './etcd-process';

describe('EtcdProcess (integration, real etcd)', () => {
  it('starts a real etcd that answers, restarts it with its data, and stops it', async () => {
    const etcd = await EtcdProcess.start();
    try {
      const put = await fetch(`${etcd.endpoint}/v3/kv/put`, {
        method: 'POST',
        body: JSON.stringify({ key: Buffer.from('/k').toString('base64'), value: Buffer.from('v').toString('base64') }),
      });
      expect(put.status).toBe(200);
      await etcd.restart();
      const get = await fetch(`${etcd.endpoint}/v3/kv/range`, {
        method: 'POST',
        body: JSON.stringify({ key: Buffer.from('/k').toString('base64') }),
      });
      const body = (await get.json()) as { kvs: { value: string }[] };
      expect(Buffer.from(body.kvs[0].value, 'base64').toString()).toBe('v');
    } finally {
      await etcd.stop();
    }
    await expect(fetch(`${etcd.endpoint}/health`)).rejects.toThrow();
  });
});
