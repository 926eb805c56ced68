import type { CheckResult } from '@shiftguard/core';
import { createManualClock } from '@shiftguard/testing';
import { COLOR, PLAIN } from '../../narrative/style';
import { RunProgress } from './progress';

const results: CheckResult[] = [
  { name: 'get-order', status: 'pass', required: true, durationMs: 12.4 },
  {
    name: 'compare',
    status: 'fail',
    required: true,
    durationMs: 30,
    message: 'price changed: 10 → 12\nlog tail: …',
  },
  { name: 'latency', status: 'fail', required: false, durationMs: 3, message: 'p99 900 ms' },
  { name: 'dry', status: 'error', required: false, dryRun: true, durationMs: 1, message: 'boom' },
  { name: 'after', status: 'skipped', required: true, durationMs: 0, message: 'not run' },
];

function recorder() {
  const chunks: string[] = [];
  return { out: { write: (text: string) => chunks.push(text) }, chunks, text: () => chunks.join('') };
}

describe('RunProgress', () => {
  it('appends one plain line per check in a CI log, and never rewrites', () => {
    const { out, text } = recorder();
    const progress = new RunProgress({
      out,
      tty: false,
      columns: 80,
      style: PLAIN,
      clock: createManualClock(),
    });
    progress.start('shiftguard run checks.ts');
    for (const result of results) progress.check(result);
    progress.close();
    expect(text()).toBe(
      [
        'shiftguard run checks.ts',
        '✓ get-order pass (12 ms)',
        '✗ compare fail: price changed: 10 → 12',
        '! latency fail: p99 900 ms — non-blocking (warnOnly): reported, did not block',
        '! dry error: boom — non-blocking (dryRun): reported, did not block',
        '- after skipped: not run',
        '',
      ].join('\n'),
    );
    expect(text()).not.toContain('\r');
  });

  it('redraws a status line in place on a terminal, every second, and takes it away at the end', async () => {
    const clock = createManualClock();
    const { out, chunks, text } = recorder();
    const stderr = recorder();
    const progress = new RunProgress({ out, tty: true, columns: 80, style: COLOR, clock });
    progress.start('shiftguard run checks.ts');
    expect(chunks.at(-1)).toContain('running checks · 0 done · 0 ms');
    progress.check(results[0]!);
    await clock.advance(2500);
    expect(chunks.at(-1)).toBe('\r\x1b[2K\x1b[2mrunning checks · 1 done · 2.0 s\x1b[22m');
    progress.note('warn: a check logged this', stderr.out);
    expect(stderr.text()).toBe('warn: a check logged this\n');
    progress.close();
    expect(chunks.at(-1)).toBe('\r\x1b[2K');
    await clock.advance(5000);
    expect(chunks.at(-1)).toBe('\r\x1b[2K');
    expect(text()).toContain(`\x1b[32m✓\x1b[39m get-order pass\x1b[2m (12 ms)\x1b[22m\n`);
  });

  it('keeps the status line within the terminal', () => {
    const { out, chunks } = recorder();
    const progress = new RunProgress({
      out,
      tty: true,
      columns: 12,
      style: PLAIN,
      clock: createManualClock(),
    });
    progress.start('header');
    expect(chunks.at(-1)).toBe('header\nrunning che');
    progress.close();
  });
});
