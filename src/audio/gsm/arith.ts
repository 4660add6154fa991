/**
 * The fixed-point primitives of GSM 06.10 §5.1 (ETSI EN 300 961), on JavaScript numbers. Words are 16-bit
 * saturating, long words 32-bit saturating. The encoder must use exactly these so that its local decoder (the
 * long-term predictor's reconstructed residual) tracks the real decoder bit for bit.
 */
export const MIN_WORD = -32768;
export const MAX_WORD = 32767;
const MIN_LONG = -2147483648;
const MAX_LONG = 2147483647;

export function sat(x: number): number {
  return x > MAX_WORD ? MAX_WORD : x < MIN_WORD ? MIN_WORD : x;
}

export function satL(x: number): number {
  return x > MAX_LONG ? MAX_LONG : x < MIN_LONG ? MIN_LONG : x;
}

export function add(a: number, b: number): number {
  return sat(a + b);
}

export function sub(a: number, b: number): number {
  return sat(a - b);
}

export function mult(a: number, b: number): number {
  if (a === MIN_WORD && b === MIN_WORD) return MAX_WORD;
  return (a * b) >> 15;
}

export function multR(a: number, b: number): number {
  if (a === MIN_WORD && b === MIN_WORD) return MAX_WORD;
  return (a * b + 16384) >> 15;
}

export function abs(a: number): number {
  return a === MIN_WORD ? MAX_WORD : a < 0 ? -a : a;
}

/** Arithmetic shift right of a long word that may exceed the int32 range of JavaScript's `>>`. */
export function asrL(x: number, n: number): number {
  return Math.floor(x / 2 ** n);
}

/** Left shifts that normalise a non-zero 32-bit value (bit 30 becomes the top significant bit). */
export function norm(a: number): number {
  if (a < 0) {
    if (a <= -1073741824) return 0;
    a = ~a;
  }
  return Math.clz32(a) - 1;
}

/** num / denom in Q15 for 0 ≤ num ≤ denom, by 15 restoring-division steps (§5.1 "div"). */
export function div(num: number, denom: number): number {
  if (num === 0) return 0;
  let q = 0;
  let n = num;
  for (let k = 0; k < 15; k++) {
    q <<= 1;
    n <<= 1;
    if (n >= denom) {
      n -= denom;
      q++;
    }
  }
  return q;
}

/** Truncation to a 16-bit word, as storing an int into a C `short` does. */
export function toWord(x: number): number {
  return (x << 16) >> 16;
}
