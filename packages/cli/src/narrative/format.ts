import { isAbsolute, relative } from 'node:path';

/** `+5:00`, `-0:30`, `+1:02:03`: emulated time from the deployment's start, whole seconds. */
export function offset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  return `${sign}${clock(Math.abs(ms))}`;
}

/** `5:00`, `1:02:03`: a length of emulated time. */
export function clock(ms: number): string {
  const total = Math.floor(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** `10%`, `33.3%`: a share from 0 to 1. */
export function percent(share: number): string {
  const value = Math.round(share * 1000) / 10;
  return `${value}%`;
}

/** `850 ms`, `2.3 s`, `1 min 12 s`: real time. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(Math.round(ms / 100) / 10).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** `1,204`: a count, grouped as people read it, whatever the machine's locale. */
export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** The first line of a message, cut at `max` characters: one event, one line. */
export function firstLine(text: string, max = 160): string {
  const line = text.split('\n', 1)[0]!.trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** `1 run`, `2 runs`. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** A path as the user would type it: relative to the working directory when inside it. */
export function shownPath(path: string, cwd: string = process.cwd()): string {
  const near = relative(cwd, path);
  return near === '' || near.startsWith('..') || isAbsolute(near) ? path : near;
}
