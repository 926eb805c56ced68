import type { ServiceModule } from '../service';
import { alarmOperations } from './alarm-operations';
import type { AlarmRegistry } from './alarms';
import { metricOperations } from './operations';
import { cloudWatchRouter } from './protocol';
import type { CloudWatchState } from './state';

/**
 * CloudWatch on the wire, in both of its protocols: AWS JSON 1.0 behind
 * `x-amz-target: GraniteServiceVersion20100801.<Operation>` and the query protocol
 * (`Action=<Operation>&Version=2010-08-01`): the metric operations on the metric store, the alarm
 * operations on the alarm model.
 */
export function cloudWatchService(
  state: CloudWatchState,
  alarms: AlarmRegistry,
): ServiceModule & { operations: string[] } {
  const operations = { ...metricOperations(state), ...alarmOperations(alarms) };
  return {
    name: 'cloudwatch',
    operations: Object.keys(operations),
    route: cloudWatchRouter({ operations }),
  };
}
