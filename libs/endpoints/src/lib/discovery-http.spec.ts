import { discoveryFormat, parseAccept } from './discovery-http';

describe('discovery content negotiation', () => {
  it('serves aggregated v2 for what client-go sends', () => {
    expect(
      discoveryFormat(
        'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json',
      ),
    ).toBe('aggregated');
  });

  it('falls back to legacy past v2beta1 only, for plain JSON, */* and no header', () => {
    expect(discoveryFormat('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json')).toBe('legacy');
    expect(discoveryFormat('application/json')).toBe('legacy');
    expect(discoveryFormat('*/*')).toBe('legacy');
    expect(discoveryFormat(undefined)).toBe('legacy');
  });

  it('honours q-values and refuses what it cannot serve', () => {
    expect(discoveryFormat('application/json;q=0.5,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList')).toBe('aggregated');
    expect(discoveryFormat('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0.1,application/json')).toBe('legacy');
    expect(discoveryFormat('application/vnd.kubernetes.protobuf')).toBeUndefined();
    expect(discoveryFormat('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList')).toBeUndefined();
    expect(parseAccept('text/html;q=0, application/json').map((c) => c.type)).toEqual(['application/json']);
  });
});
