// The Lambda AppSpec the hook tests deploy: one function behind an alias, moving from one version to
// another, with the hooks named per lifecycle event. Written once for the tests that drive a hook
// through the emulator's CodeDeploy.

export interface OrdersAppSpecOptions {
  readonly functionName?: string;
  readonly current: string;
  readonly target: string;
  /** Hook function names by lifecycle event, e.g. `{ BeforeAllowTraffic: 'orders-pre-traffic' }`. */
  readonly hooks: Partial<Record<'BeforeAllowTraffic' | 'AfterAllowTraffic', string>>;
}

/** An AppSpec moving `orders:live` (or `functionName`) from `current` to `target`. */
export function ordersAppSpec({ functionName = 'orders', current, target, hooks }: OrdersAppSpecOptions) {
  return {
    version: 0.0,
    Resources: [
      {
        fn: {
          Type: 'AWS::Lambda::Function',
          Properties: { Name: functionName, Alias: 'live', CurrentVersion: current, TargetVersion: target },
        },
      },
    ],
    Hooks: Object.entries(hooks).map(([event, hook]) => ({ [event]: hook })),
  };
}
