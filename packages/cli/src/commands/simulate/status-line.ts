import { clock, count, offset, percent } from '../../narrative/format';
import { originOf, type ProgressState, scheduleLeft } from '../../narrative/progress-state';
import type { Style } from '../../narrative/style';

/**
 * The one line a terminal keeps updating between event lines: emulated time, phase, the new
 * version's weight, the time left on the config's schedule of shifts, requests per side (estimated,
 * hence `~`) and the alarms' states. Cut to `columns`
 * so it never wraps: a wrapped line cannot be redrawn in place.
 */
export function statusLine(state: ProgressState, style: Style, columns: number): string {
  const now = state.now ?? 0;
  const parts = [
    style.dim(offset(now - originOf(state, now))),
    style.bold(state.phase ?? (state.start === undefined ? 'warming up' : 'starting')),
    `new ${percent(state.newShare)}`,
    ...timeLeft(state),
    `requests ~${count(state.requests.old)} old, ~${count(state.requests.new)} new`,
    ...Object.entries(state.alarms).map(
      ([name, alarmState]) => `${name} ${alarmState === 'ALARM' ? style.red(alarmState) : alarmState}`,
    ),
  ];
  return fit(parts.join(' · '), Math.max(columns - 1, 20));
}

function timeLeft(state: ProgressState): string[] {
  const left = scheduleLeft(state);
  if (left === undefined) return [];
  return [state.allowTrafficAt === undefined ? `shifting ${clock(left)} ahead` : `${clock(left)} left`];
}

/** Cuts text holding ANSI codes to `width` visible characters, closing any style left open. */
function fit(text: string, width: number): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape is what is measured around
  if (text.replace(/\x1b\[[0-9;]*m/g, '').length <= width) return text;
  let visible = 0;
  let out = '';
  for (let i = 0; i < text.length && visible < width - 1; i++) {
    if (text[i] === '\x1b') {
      const end = text.indexOf('m', i);
      out += text.slice(i, end + 1);
      i = end;
      continue;
    }
    out += text[i];
    visible += 1;
  }
  return out.includes('\x1b') ? `${out}…\x1b[0m` : `${out}…`;
}
