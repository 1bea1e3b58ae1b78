import { eventCells } from './table';

describe('event table cells', () => {
  const now = Date.parse('2024-01-01T01:00:00Z');

  it('uses lastTimestamp, count and source like kube printEvent', () => {
    const cells = eventCells(
      {
        metadata: { name: 'e' },
        involvedObject: { kind: 'Pod', name: 'p', fieldPath: 'spec.containers{c}' },
        type: 'Warning', reason: 'BackOff', message: ' retry \n', count: 5,
        source: { component: 'kubelet', host: 'n1' },
        firstTimestamp: '2024-01-01T00:00:00Z', lastTimestamp: '2024-01-01T00:55:00Z',
      },
      now,
    );
    expect(cells).toEqual(['5m', 'Warning', 'BackOff', 'pod/p', 'spec.containers{c}', 'kubelet, n1', 'retry', '60m', 5, 'e']);
  });

  it('falls back to eventTime, series and reporting fields for new-API events', () => {
    const cells = eventCells(
      {
        metadata: { name: 'e' }, involvedObject: { kind: 'Node' }, eventTime: '2024-01-01T00:59:00.000000Z',
        series: { count: 7, lastObservedTime: '2024-01-01T00:59:30.000000Z' }, reportingComponent: 'ctl',
      },
      now,
    );
    expect(cells).toEqual(['30s', '', '', 'node', '', 'ctl', '', '60s', 7, 'e']);
  });

  it('shows <unknown> without any timestamp', () => {
    expect(eventCells({ metadata: { name: 'e' } }, now).slice(0, 1)).toEqual(['<unknown>']);
  });
});
