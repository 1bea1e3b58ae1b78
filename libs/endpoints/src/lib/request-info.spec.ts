import { parseRequestInfo } from './request-info';

describe('parseRequestInfo', () => {
  it('parses namespaced resources under a workspace', () => {
    expect(parseRequestInfo('GET', '/clusters/root:team-a/api/v1/namespaces/default/configmaps/app', {})).toMatchObject({
      workspace: 'root:team-a',
      isResourceRequest: true,
      verb: 'get',
      apiGroup: '',
      apiVersion: 'v1',
      namespace: 'default',
      resource: 'configmaps',
      name: 'app',
    });
  });

  it('turns collection GETs into list or watch and DELETE into deletecollection', () => {
    expect(parseRequestInfo('GET', '/api/v1/configmaps', {})).toMatchObject({ workspace: 'root', verb: 'list', namespace: '' });
    expect(parseRequestInfo('GET', '/api/v1/namespaces/x/configmaps', { watch: 'true' }).verb).toBe('watch');
    expect(parseRequestInfo('GET', '/api/v1/watch/namespaces/x/configmaps', {}).verb).toBe('watch');
    expect(parseRequestInfo('DELETE', '/api/v1/namespaces/x/configmaps', {}).verb).toBe('deletecollection');
  });

  it('treats /namespaces/<name> as the namespace itself, like kube', () => {
    expect(parseRequestInfo('PUT', '/api/v1/namespaces/x', {})).toMatchObject({ resource: 'namespaces', name: 'x', verb: 'update' });
    expect(parseRequestInfo('PUT', '/api/v1/namespaces/x/status', {})).toMatchObject({ resource: 'namespaces', name: 'x', subresource: 'status' });
  });

  it('parses the wildcard workspace and status subresources', () => {
    expect(parseRequestInfo('GET', '/clusters/*/api/v1/configmaps', {})).toMatchObject({ workspace: '*', verb: 'list', resource: 'configmaps' });
    expect(parseRequestInfo('PUT', '/clusters/root:a/apis/tenancy.strata.dev/v1alpha1/workspaces/b/status', {})).toMatchObject({
      workspace: 'root:a',
      apiGroup: 'tenancy.strata.dev',
      resource: 'workspaces',
      name: 'b',
      subresource: 'status',
      verb: 'update',
    });
  });

  it('marks discovery and unknown paths as non-resource requests', () => {
    for (const p of ['/api', '/api/v1', '/apis', '/apis/apps/v1', '/version', '/clusters/root:a/api']) {
      expect(parseRequestInfo('GET', p, {}).isResourceRequest).toBe(false);
    }
    expect(parseRequestInfo('GET', '/clusters//api/v1/configmaps', {}).workspace).toBe('');
  });
});
