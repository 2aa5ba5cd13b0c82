/** Terminal colour, on a TTY only (and never when NO_COLOR is set). */
export interface Style {
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly green: (s: string) => string;
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
}

const plain = (s: string) => s;

export function style(stream: { isTTY?: boolean } = process.stdout): Style {
  const on = Boolean(stream.isTTY) && !process.env['NO_COLOR'];
  const wrap = (code: number) => (on ? (s: string) => `\x1b[${code}m${s}\x1b[0m` : plain);
  return { red: wrap(31), yellow: wrap(33), green: wrap(32), bold: wrap(1), dim: wrap(2) };
}
