import { InvalidEmulatorInputError } from '../errors';
import { MetricStore } from './store';

const NAMESPACE = 'AWS/Lambda';
const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);

function storeWith(samples: [number, number][], dimensions: Record<string, string> = { FunctionName: 'f' }) {
  const store = new MetricStore();
  for (const [offsetMs, value] of samples) {
    store.put(
      { namespace: NAMESPACE, metricName: 'Duration', dimensions },
      'Milliseconds',
      value,
      T0 + offsetMs,
    );
  }
  return store;
}

describe('MetricStore', () => {
  it('answers the five statistics per period, periods aligned to the epoch and sorted', () => {
    const store = storeWith([
      [70_000, 4],
      [1_000, 10],
      [2_000, 30],
      [59_999, 20],
    ]);

    const points = store.statistics({ metricName: 'Duration', dimensions: { FunctionName: 'f' } }, NAMESPACE);

    expect(points).toEqual([
      {
        timestamp: T0,
        unit: 'Milliseconds',
        sampleCount: 3,
        sum: 60,
        average: 20,
        minimum: 10,
        maximum: 30,
        extendedStatistics: {},
      },
      {
        timestamp: T0 + 60_000,
        unit: 'Milliseconds',
        sampleCount: 1,
        sum: 4,
        average: 4,
        minimum: 4,
        maximum: 4,
        extendedStatistics: {},
      },
    ]);
  });

  it('computes nearest-rank percentiles', () => {
    const store = storeWith(Array.from({ length: 100 }, (_, index): [number, number] => [index, index + 1]));

    const [point] = store.statistics(
      {
        metricName: 'Duration',
        dimensions: { FunctionName: 'f' },
        extendedStatistics: ['p50', 'p99', 'p99.9', 'p100'],
      },
      NAMESPACE,
    );

    expect(point?.extendedStatistics).toEqual({ p50: 50, p99: 99, 'p99.9': 100, p100: 100 });
  });

  it('matches dimension sets exactly, as CloudWatch identifies metrics', () => {
    const store = storeWith([[0, 1]], { FunctionName: 'f', Resource: 'f:live' });

    expect(
      store.statistics({ metricName: 'Duration', dimensions: { FunctionName: 'f' } }, NAMESPACE),
    ).toEqual([]);
    expect(
      store.statistics(
        { metricName: 'Duration', dimensions: { Resource: 'f:live', FunctionName: 'f' } },
        NAMESPACE,
      ),
    ).toHaveLength(1);
    expect(store.list({ dimensions: { FunctionName: 'f' } }, NAMESPACE)).toEqual([
      { namespace: NAMESPACE, metricName: 'Duration', dimensions: { FunctionName: 'f', Resource: 'f:live' } },
    ]);
    expect(store.list({ namespace: 'AWS/Other' }, NAMESPACE)).toEqual([]);
  });

  it('keeps startTime inclusive and endTime exclusive', () => {
    const store = storeWith([
      [0, 1],
      [60_000, 2],
    ]);

    const points = store.statistics(
      { metricName: 'Duration', dimensions: { FunctionName: 'f' }, startTime: T0, endTime: T0 + 60_000 },
      NAMESPACE,
    );

    expect(points.map((point) => point.sum)).toEqual([1]);
  });

  it.each([
    [{ dimensions: {} }, 'metricName'],
    [{ metricName: 'Duration', period: 0 }, 'period'],
    [{ metricName: 'Duration', period: 1.5 }, 'period'],
    [{ metricName: 'Duration', startTime: 10, endTime: 5 }, 'endTime'],
    [{ metricName: 'Duration', dimensions: { FunctionName: 1 } }, 'dimensions.FunctionName'],
    [{ metricName: 'Duration', extendedStatistics: 'p99' }, 'extendedStatistics'],
    [{ metricName: 'Duration', statistic: 'Sum' }, 'statistic'],
  ])('rejects %j naming %s', (query, path) => {
    expect(() => new MetricStore().statistics(query as never, NAMESPACE)).toThrow(
      expect.objectContaining({ path, constructor: InvalidEmulatorInputError }),
    );
  });
});
