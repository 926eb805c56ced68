/**
 * CodeDeploy's `TrafficRoutingConfig`, as GetDeploymentConfig answers it: `AllAtOnce`, or a canary
 * (`canaryPercentage` first, the rest `canaryInterval` minutes later) or a linear shift
 * (`linearPercentage` more every `linearInterval` minutes).
 */
export type TrafficRoutingConfig =
  | { readonly type: 'AllAtOnce' }
  | {
      readonly type: 'TimeBasedCanary';
      readonly timeBasedCanary: { readonly canaryPercentage: number; readonly canaryInterval: number };
    }
  | {
      readonly type: 'TimeBasedLinear';
      readonly timeBasedLinear: { readonly linearPercentage: number; readonly linearInterval: number };
    };

export interface DeploymentConfigRecord {
  readonly deploymentConfigId: string;
  readonly deploymentConfigName: string;
  readonly computePlatform: 'Lambda';
  readonly trafficRoutingConfig: TrafficRoutingConfig;
  /** Epoch ms; the predefined configs carry the emulator's start. */
  readonly createTime: number;
  readonly predefined: boolean;
}

const canary = (percentage: number, minutes: number): TrafficRoutingConfig => ({
  type: 'TimeBasedCanary',
  timeBasedCanary: { canaryPercentage: percentage, canaryInterval: minutes },
});
const linear = (percentage: number, minutes: number): TrafficRoutingConfig => ({
  type: 'TimeBasedLinear',
  timeBasedLinear: { linearPercentage: percentage, linearInterval: minutes },
});

/** The nine predefined Lambda configs of the CodeDeploy user guide (deployment-configurations.md). */
export const PREDEFINED_LAMBDA_CONFIGS: Readonly<Record<string, TrafficRoutingConfig>> = {
  'CodeDeployDefault.LambdaCanary10Percent5Minutes': canary(10, 5),
  'CodeDeployDefault.LambdaCanary10Percent10Minutes': canary(10, 10),
  'CodeDeployDefault.LambdaCanary10Percent15Minutes': canary(10, 15),
  'CodeDeployDefault.LambdaCanary10Percent30Minutes': canary(10, 30),
  'CodeDeployDefault.LambdaLinear10PercentEvery1Minute': linear(10, 1),
  'CodeDeployDefault.LambdaLinear10PercentEvery2Minutes': linear(10, 2),
  'CodeDeployDefault.LambdaLinear10PercentEvery3Minutes': linear(10, 3),
  'CodeDeployDefault.LambdaLinear10PercentEvery10Minutes': linear(10, 10),
  'CodeDeployDefault.LambdaAllAtOnce': { type: 'AllAtOnce' },
};

/** What a Lambda deployment group uses when it names no config (the emulator's choice, see the README). */
export const DEFAULT_LAMBDA_CONFIG = 'CodeDeployDefault.LambdaAllAtOnce';

/** The user guide's limits: at most 2,880 minutes between the first and the last shift, at most 99% a step. */
export const MAX_SHIFTING_MINUTES = 2880;
export const MAX_STEP_PERCENTAGE = 99;

/**
 * Where a linear shift ends, which AWS does not settle: `lastShift` ends AllowTraffic with the shift
 * to 100% (at 9·N for 10% steps, as the API model defines the interval: "minutes between each
 * incremental traffic shift"); `extraInterval` holds 100% one more interval (10·N, as SAM's "will
 * complete traffic shifting in 100 minutes" and the tutorial's "after 10 minutes" read).
 */
export type LinearEnd = 'lastShift' | 'extraInterval';

export interface TrafficStep {
  /** Milliseconds after AllowTraffic starts. */
  readonly offsetMs: number;
  /** The target version's share, 0 to 1; 1 is the flip to the target version with no routing. */
  readonly weight: number;
}

export interface TrafficSchedule {
  readonly steps: readonly TrafficStep[];
  /** When AllowTraffic ends, in ms after it starts. */
  readonly endMs: number;
}

const MINUTE_MS = 60_000;

/** The alias weights a config sets and when, from AllowTraffic's start; the first shift is immediate. */
export function trafficSchedule(config: TrafficRoutingConfig, linearEnd: LinearEnd): TrafficSchedule {
  switch (config.type) {
    case 'AllAtOnce':
      return { steps: [{ offsetMs: 0, weight: 1 }], endMs: 0 };
    case 'TimeBasedCanary': {
      const { canaryPercentage, canaryInterval } = config.timeBasedCanary;
      const intervalMs = canaryInterval * MINUTE_MS;
      return {
        steps: [
          { offsetMs: 0, weight: canaryPercentage / 100 },
          { offsetMs: intervalMs, weight: 1 },
        ],
        endMs: intervalMs,
      };
    }
    case 'TimeBasedLinear': {
      const { linearPercentage, linearInterval } = config.timeBasedLinear;
      const intervalMs = linearInterval * MINUTE_MS;
      const steps: TrafficStep[] = [];
      // Whole percentages, divided once, so 30% is 0.3 and not 0.30000000000000004.
      for (let index = 0, percent = linearPercentage; ; index += 1, percent += linearPercentage) {
        const last = percent >= 100;
        steps.push({ offsetMs: index * intervalMs, weight: last ? 1 : percent / 100 });
        if (last) break;
      }
      const lastOffset = (steps.at(-1) as TrafficStep).offsetMs;
      return { steps, endMs: linearEnd === 'extraInterval' ? lastOffset + intervalMs : lastOffset };
    }
  }
}

/** How many minutes lie between a config's first and last shift (held to {@link MAX_SHIFTING_MINUTES}). */
export function shiftingMinutes(config: TrafficRoutingConfig): number {
  return trafficSchedule(config, 'lastShift').endMs / MINUTE_MS;
}
