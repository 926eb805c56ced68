/** How text is dressed: ANSI colors on a terminal that wants them, plain text everywhere else. */
export interface Style {
  readonly color: boolean;
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly red: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
}

const plain = (text: string) => text;
const ansi = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;

export const PLAIN: Style = {
  color: false,
  bold: plain,
  dim: plain,
  red: plain,
  green: plain,
  yellow: plain,
};

export const COLOR: Style = {
  color: true,
  bold: ansi(1, 22),
  dim: ansi(2, 22),
  red: ansi(31, 39),
  green: ansi(32, 39),
  yellow: ansi(33, 39),
};

/** Colors only on a terminal, and never when `NO_COLOR` is set to anything but the empty string (no-color.org). */
export function styleFor(tty: boolean, env: Readonly<Record<string, string | undefined>>): Style {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return tty && !noColor && env.TERM !== 'dumb' ? COLOR : PLAIN;
}
