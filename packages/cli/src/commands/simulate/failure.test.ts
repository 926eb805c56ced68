import {
  InvalidSimulatorOptionsError,
  SimulationSetupError,
  SimulationStalledError,
  TemplateError,
} from '@shiftguard/simulator';
import { failureReport } from './failure';

describe('failureReport', () => {
  it('gives a template error exit 2 and its one line, file:line:column first', () => {
    const error = new TemplateError(
      'template.yaml:23:7: Resources.Orders.Properties.DeploymentPreference.Hooks.PreTraffic: names no function of this template\n  23 |   PreTraffic: !Ref Nope',
      { problem: 'hook', file: 'template.yaml', line: 23, column: 7, path: 'Resources.Orders' },
    );

    expect(failureReport(error, false)).toEqual({
      exitCode: 2,
      message:
        'template.yaml:23:7: Resources.Orders.Properties.DeploymentPreference.Hooks.PreTraffic: names no function of this template',
    });
  });

  it('puts the location first when the message does not', () => {
    const error = new TemplateError('no function has an enabled DeploymentPreference', {
      problem: 'deployment-preference',
      file: 'template.yaml',
      line: 3,
      column: 1,
    });

    expect(failureReport(error, false).message).toBe(
      'template.yaml:3:1: no function has an enabled DeploymentPreference',
    );
  });

  it.each([
    [
      'function',
      'simulateDeployment: function: template.yaml has no function Nope; its functions: Orders',
      '--function: template.yaml has no function Nope; its functions: Orders',
    ],
    [
      'traffic.rps',
      'simulateDeployment: traffic.rps must be a number, got "x"',
      '--rps must be a number, got "x"',
    ],
    [
      'parameters.Stage',
      'simulateDeployment: parameters.Stage must be a string',
      '--param Stage must be a string',
    ],
    [
      'environment.to.A',
      'simulateDeployment: environment.to.A must be a string',
      '--to-env A must be a string',
    ],
    ['codeDeploy', 'simulateDeployment: codeDeploy must be an object', 'codeDeploy must be an object'],
  ])('gives an option error (%s) exit 2, said in flags', (path, message, said) => {
    expect(failureReport(new InvalidSimulatorOptionsError(message, { path }), false)).toEqual({
      exitCode: 2,
      message: said,
    });
  });

  it('gives a setup error (the code to run) exit 2', () => {
    const error = new SimulationSetupError('OrdersFunction: no handler file: tried src/app.mjs, src/app.cjs');

    expect(failureReport(error, false)).toEqual({
      exitCode: 2,
      message: 'OrdersFunction: no handler file: tried src/app.mjs, src/app.cjs',
    });
  });

  it('gives anything else exit 1 and a short line, the stack only when debugging', () => {
    const stalled = new SimulationStalledError('nothing moved for 10 minutes\nmore');
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')");

    expect(failureReport(stalled, false)).toEqual({
      exitCode: 1,
      message:
        'the simulation failed: SimulationStalledError: nothing moved for 10 minutes (SHIFTGUARD_DEBUG=1 prints the stack)',
    });
    expect(failureReport(bug, false).message).not.toContain('    at ');
    expect(failureReport(bug, true).message).toMatch(
      /^the simulation failed: TypeError: Cannot read properties of undefined \(reading 'x'\)\nTypeError: .*\n {4}at /,
    );
    expect(failureReport('a string', false)).toMatchObject({
      exitCode: 1,
      message: expect.stringContaining('Error: a string'),
    });
  });

  it('tells errors apart by their code, so another copy of the simulator reads the same', () => {
    const lookalike = Object.assign(new Error('t.yaml:1:1: Transform: is not SAM'), {
      code: 'SG_SIM_TEMPLATE',
      file: 't.yaml',
      line: 1,
      column: 1,
    });

    expect(failureReport(lookalike, false)).toEqual({
      exitCode: 2,
      message: 't.yaml:1:1: Transform: is not SAM',
    });
  });
});
