import {
  errorsAlarm,
  findingsOf,
  lineOf,
  template,
  VERSION_DIMENSIONS,
  WITH_ALARM,
} from '../doctor.test-support';
import { alarmMissingData } from './alarm-missing-data';

const treating = (extra: readonly string[], dimensions = VERSION_DIMENSIONS) =>
  template({ preference: WITH_ALARM, resources: errorsAlarm(dimensions, extra) });

describe('alarm-missing-data', () => {
  it('passes notBreaching', async () => {
    expect(await findingsOf(alarmMissingData, treating(['TreatMissingData: notBreaching']))).toEqual([]);
  });

  it('warns without TreatMissingData (missing), at the alarm’s Properties', async () => {
    const text = treating([]);
    expect(await findingsOf(alarmMissingData, text)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        logicalId: 'ErrorsAlarm',
        path: 'Resources.ErrorsAlarm.Properties.TreatMissingData',
        line: lineOf(text, 'ErrorsAlarm:') + 2,
        message: expect.stringContaining(
          'has no TreatMissingData (missing): while the new version has no data the alarm is INSUFFICIENT_DATA',
        ),
        fix: 'TreatMissingData: notBreaching',
      }),
    ]);
  });

  it('warns for ignore, at TreatMissingData', async () => {
    const text = treating(['TreatMissingData: ignore']);
    expect(await findingsOf(alarmMissingData, text)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        line: lineOf(text, 'TreatMissingData: ignore'),
        column: 7,
        message: expect.stringContaining("the previous version's ALARM can fail this deployment"),
      }),
    ]);
  });

  it('is an error for breaching: every deployment starts in ALARM', async () => {
    expect(await findingsOf(alarmMissingData, treating(['TreatMissingData: breaching']))).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: expect.stringContaining('every deployment rolls back'),
      }),
    ]);
  });

  it('leaves an alarm on the function as a whole to alarm-version-dimensions', async () => {
    expect(await findingsOf(alarmMissingData, treating([], VERSION_DIMENSIONS.slice(0, 4)))).toEqual([]);
  });
});
