import { parseWorkspaceControllerFlags } from './flags';

describe('workspace-controller flags', () => {
  const saved = process.env['KUBECONFIG'];
  beforeEach(() => delete process.env['KUBECONFIG']);
  afterAll(() => {
    if (saved !== undefined) process.env['KUBECONFIG'] = saved;
  });

  it('accepts a kubeconfig, from the flag or KUBECONFIG', () => {
    expect(parseWorkspaceControllerFlags(['--kubeconfig', '/k'], true)).toMatchObject({ kubeconfig: '/k', metricsPort: 8082, resyncPeriod: 30 });
    process.env['KUBECONFIG'] = '/env/k';
    expect(parseWorkspaceControllerFlags([], true).kubeconfig).toBe('/env/k');
  });

  it('accepts --server with token and CA file', () => {
    const flags = parseWorkspaceControllerFlags(['--server', 'https://127.0.0.1:6443', '--token', 't', '--ca-file', 'ca.crt', '--resync-period', '0.5'], true);
    expect(flags).toMatchObject({ server: 'https://127.0.0.1:6443', token: 't', caFile: 'ca.crt', resyncPeriod: 0.5 });
  });

  it('requires a way to reach the apiserver', () => {
    expect(() => parseWorkspaceControllerFlags([], true)).toThrow(/--kubeconfig or --server/);
  });
});
