// Exact durations: nanoseconds as a reduced fraction of bigints. Tracetest rounds durations to
// their display unit before comparing; here `1.0000001s > 1s` holds and `avg()` stays exact.
import { DURATION_UNIT_NANOS } from '../common/index.ts';
import type { DurationUnit } from './ast.ts';

/** `n / d` nanoseconds, with `d > 0` and the fraction reduced. */
export interface Duration {
  readonly n: bigint;
  readonly d: bigint;
}

// The query language's units are common's table without the `µs` spelling.
const { ns, us, ms, s, m, h } = DURATION_UNIT_NANOS;
const UNIT_NANOS: Readonly<Record<DurationUnit, bigint>> = { ns, us, ms, s, m, h };

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function ratio(n: bigint, d: bigint): Duration {
  if (d === 0n) throw new RangeError('zero denominator');
  const sign = d < 0n ? -1n : 1n;
  const divisor = gcd(n, d) || 1n;
  return { n: (sign * n) / divisor, d: (sign * d) / divisor };
}

export function nanos(value: bigint): Duration {
  return { n: value, d: 1n };
}

/** `"1.5"` and `s` → 1 500 000 000 ns, from the decimal text, so nothing is lost to floats. */
export function fromDecimal(text: string, unit: DurationUnit = 'ns'): Duration {
  const parsed = parseDecimal(text);
  if (!parsed) throw new RangeError(`not a decimal: ${text}`);
  return ratio(parsed.n * UNIT_NANOS[unit], parsed.d);
}

/**
 * A decimal (optionally signed, with an exponent) as an exact fraction. Numbers go through their
 * shortest decimal spelling, so `0.1` means one tenth rather than the nearest double.
 */
export function parseDecimal(text: string): Duration | undefined {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return undefined;
  const [, sign = '', integer = '', fraction = '', exponentText = '0'] = match;
  const exponent = Number(exponentText) - fraction.length;
  if (Math.abs(exponent) > 400) return undefined;
  let n = BigInt(`${integer}${fraction}` || '0');
  let d = 1n;
  if (exponent >= 0) n *= 10n ** BigInt(exponent);
  else d = 10n ** BigInt(-exponent);
  return ratio(sign === '-' ? -n : n, d);
}

export function fromNumber(value: number): Duration | undefined {
  return Number.isFinite(value) ? parseDecimal(String(value)) : undefined;
}

export function compare(a: Duration, b: Duration): number {
  const left = a.n * b.d;
  const right = b.n * a.d;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function add(a: Duration, b: Duration): Duration {
  return ratio(a.n * b.d + b.n * a.d, a.d * b.d);
}

export function negate(a: Duration): Duration {
  return { n: -a.n, d: a.d };
}

export function multiply(a: Duration, b: Duration): Duration {
  return ratio(a.n * b.n, a.d * b.d);
}

/** Undefined when dividing by zero. */
export function divide(a: Duration, b: Duration): Duration | undefined {
  return b.n === 0n ? undefined : ratio(a.n * b.d, a.d * b.n);
}

/** Remainder of two fractions, with the sign of the dividend (as `%` on numbers). */
export function remainder(a: Duration, b: Duration): Duration | undefined {
  if (b.n === 0n) return undefined;
  const common = a.d * b.d;
  const left = a.n * b.d;
  const right = b.n * a.d;
  return ratio(left % right, common);
}

export function toNumber(a: Duration): number {
  return Number(a.n) / Number(a.d);
}

/**
 * `1234567ns` → `1.234567ms`: the largest unit up to seconds, every digit kept. A fraction with
 * no finite decimal (a third of a nanosecond) shows 9 decimals and a leading `~`.
 */
export function formatDuration(value: Duration): string {
  const magnitude = value.n < 0n ? -value.n : value.n;
  const units: readonly DurationUnit[] = ['s', 'ms', 'us', 'ns'];
  const unit = units.find((candidate) => magnitude >= UNIT_NANOS[candidate] * value.d) ?? 'ns';
  return `${formatFraction(value.n, value.d * UNIT_NANOS[unit])}${unit}`;
}

/** Exact decimal text of n/d when it terminates, else 9 decimals prefixed with `~`. */
function formatFraction(n: bigint, d: bigint): string {
  const reduced = ratio(n, d);
  const negative = reduced.n < 0n;
  const absolute = negative ? -reduced.n : reduced.n;
  const whole = absolute / reduced.d;
  let rest = absolute % reduced.d;
  let digits = '';
  while (rest !== 0n && digits.length < 30) {
    rest *= 10n;
    digits += String(rest / reduced.d);
    rest %= reduced.d;
  }
  const exact = rest === 0n;
  if (!exact) digits = digits.slice(0, 9);
  const text = digits.replace(/0+$/, '') ? `${whole}.${digits.replace(/0+$/, '')}` : String(whole);
  return `${exact ? '' : '~'}${negative ? '-' : ''}${text}`;
}
