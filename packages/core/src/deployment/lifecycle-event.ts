/** The two lifecycle events of a Lambda deployment that run hooks. */
export type LifecycleEvent = 'BeforeAllowTraffic' | 'AfterAllowTraffic';

export const LIFECYCLE_EVENTS: readonly LifecycleEvent[] = ['BeforeAllowTraffic', 'AfterAllowTraffic'];

export function isLifecycleEvent(value: unknown): value is LifecycleEvent {
  return value === 'BeforeAllowTraffic' || value === 'AfterAllowTraffic';
}
