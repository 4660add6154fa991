/**
 * GSM 06.10 §4.2.0-4.2.10: preprocessing, LPC analysis (autocorrelation, Schur recursion, log-area ratios and
 * their quantisation) and short-term analysis filtering. Section numbers refer to ETSI EN 300 961.
 */
import { abs, add, asrL, div, mult, multR, norm, satL, sub, toWord } from './arith.ts';

export interface PreprocessState {
  z1: number;
  lz2: number;
  mp: number;
}

/** §4.2.0-4.2.3: down-scaling to 13 bits, offset compensation (high-pass), pre-emphasis. */
export function preprocess(st: PreprocessState, s: Int16Array, offset: number, out: Int16Array): void {
  let { z1, lz2, mp } = st;
  for (let k = 0; k < 160; k++) {
    const so = ((s[offset + k] as number) >> 3) << 2;
    const s1 = so - z1; // cannot overflow: both are 15-bit values
    z1 = so;
    let ls2 = s1 * 32768;
    const msp = toWord(asrL(lz2, 15));
    const lsp = lz2 - msp * 32768;
    ls2 += multR(lsp, 32735);
    lz2 = satL(msp * 32735 + ls2);
    const lTemp = satL(lz2 + 16384);
    const msp2 = multR(mp, -28180);
    mp = toWord(asrL(lTemp, 15));
    out[k] = add(mp, msp2);
  }
  st.z1 = z1;
  st.lz2 = lz2;
  st.mp = mp;
}

/** §4.2.4: autocorrelation of the (temporarily down-scaled) frame; `s` is restored to its scaled-back values. */
function autocorrelation(s: Int16Array, lAcf: Float64Array): void {
  let dmax = 0;
  for (let k = 0; k < 160; k++) dmax = Math.max(dmax, abs(s[k] as number));
  const scalauto = dmax === 0 ? 0 : 4 - norm(dmax * 65536);
  if (scalauto > 0) {
    const f = 16384 >> (scalauto - 1);
    for (let k = 0; k < 160; k++) s[k] = multR(s[k] as number, f);
  }
  for (let k = 0; k <= 8; k++) {
    let acc = 0;
    for (let i = k; i < 160; i++) acc += (s[i] as number) * (s[i - k] as number);
    lAcf[k] = acc * 2;
  }
  if (scalauto > 0) for (let k = 0; k < 160; k++) s[k] = (s[k] as number) << scalauto;
}

/** §4.2.5: reflection coefficients by the Schur recursion. */
function reflectionCoefficients(lAcf: Float64Array, r: Int16Array): void {
  const l0 = lAcf[0] as number;
  if (l0 === 0) {
    r.fill(0);
    return;
  }
  const temp = norm(l0);
  const acf = new Int16Array(9);
  for (let k = 0; k <= 8; k++) acf[k] = asrL((lAcf[k] as number) * 2 ** temp, 16);
  const p = Int16Array.from(acf);
  const kk = Int16Array.from(acf); // kk[m] is the spec's K[9-m]
  for (let n = 1; n <= 8; n++) {
    const p1 = abs(p[1] as number);
    if ((p[0] as number) < p1) {
      for (let i = n; i <= 8; i++) r[i - 1] = 0;
      return;
    }
    let rn = div(p1, p[0] as number);
    if ((p[1] as number) > 0) rn = -rn;
    r[n - 1] = rn;
    if (n === 8) return;
    p[0] = add(p[0] as number, multR(p[1] as number, rn));
    for (let m = 1; m <= 8 - n; m++) {
      const pNext = p[m + 1] as number;
      p[m] = add(pNext, multR(kk[m] as number, rn));
      kk[m] = add(kk[m] as number, multR(pNext, rn));
    }
  }
}

/** §4.2.6: reflection coefficients → log-area ratios (piecewise-linear approximation). */
function toLar(r: Int16Array, lar: Int16Array): void {
  for (let i = 0; i < 8; i++) {
    const ri = r[i] as number;
    let t = abs(ri);
    if (t < 22118) t >>= 1;
    else if (t < 31130) t -= 11059;
    else t = (t - 26112) << 2;
    lar[i] = ri < 0 ? -t : t;
  }
}

// §4.2.7 Table 5.1 and §4.2.8 Table 5.2.
const A = [20480, 20480, 20480, 20480, 13964, 15360, 8534, 9036];
const B = [0, 0, 2048, -2560, 94, -1792, -341, -1144];
const MIC = [-32, -32, -16, -16, -8, -8, -4, -4];
const MAC = [31, 31, 15, 15, 7, 7, 3, 3];
const INVA = [13107, 13107, 13107, 13107, 19223, 17476, 31454, 29708];

/** §4.2.7: quantisation and coding of the LARs (results offset to be non-negative, as transmitted). */
function quantizeLar(lar: Int16Array, larc: Int16Array): void {
  for (let i = 0; i < 8; i++) {
    let t = mult(A[i] as number, lar[i] as number);
    t = add(t, B[i] as number);
    t = add(t, 256);
    let c = t >> 9;
    c = Math.min(MAC[i] as number, Math.max(MIC[i] as number, c));
    larc[i] = c - (MIC[i] as number);
  }
}

/** §4.2.1-4.2.7 for one pre-processed frame: returns LARc[1..8]; `s` keeps its values (rescaled) for filtering. */
export function lpcAnalysis(s: Int16Array, larc: Int16Array): void {
  const lAcf = new Float64Array(9);
  const r = new Int16Array(8);
  const lar = new Int16Array(8);
  autocorrelation(s, lAcf);
  reflectionCoefficients(lAcf, r);
  toLar(r, lar);
  quantizeLar(lar, larc);
}

/** §4.2.8: decoding of the coded LARs (shared by encoder and decoder). */
export function decodeLar(larc: Int16Array, larpp: Int16Array): void {
  for (let i = 0; i < 8; i++) {
    let t1 = add(larc[i] as number, MIC[i] as number) << 10;
    const t2 = (B[i] as number) << 1;
    t1 = sub(t1, t2);
    t1 = multR(INVA[i] as number, t1);
    larpp[i] = add(t1, t1);
  }
}

/** §4.2.9.2: interpolated LARs → reflection coefficients. */
function larToRp(larp: Int16Array, rp: Int16Array): void {
  for (let i = 0; i < 8; i++) {
    const v = larp[i] as number;
    let t = abs(v);
    if (t < 11059) t <<= 1;
    else if (t < 20070) t += 11059;
    else t = add(t >> 2, 26112);
    rp[i] = v < 0 ? -t : t;
  }
}

/** §4.2.9.1: the four interpolation segments of a frame, as [first, end) sample ranges and LAR weights. */
function interpolate(prev: Int16Array, cur: Int16Array, segment: number, out: Int16Array): void {
  for (let i = 0; i < 8; i++) {
    const a = prev[i] as number;
    const b = cur[i] as number;
    if (segment === 0) out[i] = add(add(a >> 2, b >> 2), a >> 1);
    else if (segment === 1) out[i] = add(a >> 1, b >> 1);
    else if (segment === 2) out[i] = add(add(a >> 2, b >> 2), b >> 1);
    else out[i] = b;
  }
}

const SEGMENTS: readonly [number, number][] = [
  [0, 13],
  [13, 27],
  [27, 40],
  [40, 160],
];

/** §4.2.10: short-term analysis (lattice) filtering of the frame in place, with LAR interpolation. */
export function shortTermAnalysis(
  u: Int16Array,
  larppPrev: Int16Array,
  larpp: Int16Array,
  s: Int16Array,
): void {
  const larp = new Int16Array(8);
  const rp = new Int16Array(8);
  for (let seg = 0; seg < 4; seg++) {
    interpolate(larppPrev, larpp, seg, larp);
    larToRp(larp, rp);
    const [first, end] = SEGMENTS[seg] as [number, number];
    for (let k = first; k < end; k++) {
      let di = s[k] as number;
      let sav = di;
      for (let i = 0; i < 8; i++) {
        const ui = u[i] as number;
        const rpi = rp[i] as number;
        u[i] = sav;
        sav = add(ui, multR(rpi, di));
        di = add(di, multR(rpi, ui));
      }
      s[k] = di;
    }
  }
}
