/**
 * GSM 06.10 §4.2.11-4.2.18: long-term prediction (lag and gain), the RPE weighting filter, grid selection, APCM
 * quantisation of the excitation, and the local reconstruction the next sub-segments predict from.
 */
import { abs, add, asrL, mult, multR, norm, sat, sub, toWord } from './arith.ts';

// Table 5.3: decision levels and quantised values of the LTP gain. Table 5.4/5.5: APCM normalisation factors.
const DLB = [6554, 16384, 26214, 32767];
const QLB = [3277, 11469, 21299, 32767];
const NRFAC = [29128, 26215, 23832, 21846, 20165, 18725, 17476, 16384];
const FAC = [18431, 20479, 22527, 24575, 26623, 28671, 30719, 32767];
// §4.2.13: impulse response of the weighting filter, centred on H[5].
const H = [-134, -374, 0, 2054, 5741, 8192, 5741, 2054, 0, -374, -134];

export interface SubframeParams {
  nc: number;
  bc: number;
  mc: number;
  xmaxc: number;
  xmc: Int16Array;
}

/**
 * §4.2.11: the lag Nc (40..120) maximising the cross-correlation of the residual `d[dOff..+40)` with the
 * reconstructed past `dp[dpOff - 120 .. dpOff)`, and the coded gain bc.
 */
function ltpParameters(
  d: Int16Array,
  dOff: number,
  dp: Int16Array,
  dpOff: number,
): { nc: number; bc: number } {
  let dmax = 0;
  for (let k = 0; k < 40; k++) dmax = Math.max(dmax, abs(d[dOff + k] as number));
  let temp = 0;
  if (dmax !== 0) temp = norm(dmax * 65536);
  const scal = temp > 6 ? 0 : 6 - temp;
  const wt = new Int16Array(40);
  for (let k = 0; k < 40; k++) wt[k] = (d[dOff + k] as number) >> scal;

  let lMax = 0;
  let nc = 40;
  for (let lambda = 40; lambda <= 120; lambda++) {
    let acc = 0;
    for (let k = 0; k < 40; k++) acc += (wt[k] as number) * (dp[dpOff + k - lambda] as number);
    if (acc > lMax) {
      nc = lambda;
      lMax = acc;
    }
  }
  lMax = asrL(lMax * 2, 6 - scal);

  let lPower = 0;
  for (let k = 0; k < 40; k++) {
    const t = (dp[dpOff + k - nc] as number) >> 3;
    lPower += t * t;
  }
  lPower *= 2;

  if (lMax <= 0) return { nc, bc: 0 };
  if (lMax >= lPower) return { nc, bc: 3 };
  const shift = norm(lPower);
  const r = asrL(lMax * 2 ** shift, 16);
  const s = asrL(lPower * 2 ** shift, 16);
  let bc = 0;
  while (bc <= 2 && r > mult(s, DLB[bc] as number)) bc++;
  return { nc, bc };
}

/** §4.2.13: the weighting (band-limiting) filter over e[-5..44], as x[0..39]. */
function weightingFilter(e: Int16Array, x: Int16Array): void {
  // e holds 5 zeros on each side of the 40 samples.
  for (let k = 0; k < 40; k++) {
    let acc = 4096;
    for (let i = 0; i < 11; i++) acc += (e[k + i] as number) * (H[i] as number);
    x[k] = sat(asrL(acc, 13));
  }
}

/** §4.2.15 helper: xmaxc → exponent and mantissa. */
function expMant(xmaxc: number): { exp: number; mant: number } {
  let exp = 0;
  if (xmaxc > 15) exp = (xmaxc >> 3) - 1;
  let mant = xmaxc - (exp << 3);
  if (mant === 0) {
    exp = -4;
    mant = 7;
  } else {
    while (mant <= 7) {
      mant = (mant << 1) | 1;
      exp--;
    }
    mant -= 8;
  }
  return { exp, mant };
}

/** §4.2.16: APCM inverse quantisation of xMc into xMp (also what the decoder does). */
function apcmInverse(xmc: Int16Array, mant: number, exp: number, xmp: Int16Array): void {
  const temp1 = FAC[mant] as number;
  const temp2 = sub(6, exp);
  // gsm_asl(1, temp2 - 1): a negative shift (temp2 = 0 when exp = 6) shifts right, giving 0.
  const temp3 = temp2 >= 1 ? 1 << (temp2 - 1) : 0;
  for (let i = 0; i < 13; i++) {
    let t = ((xmc[i] as number) << 1) - 7;
    t = toWord(t << 12);
    t = multR(temp1, t);
    t = add(t, temp3);
    xmp[i] = t >> temp2;
  }
}

/** §4.2.14-4.2.17: RPE encoding of e[5..44] (5 zeros either side); leaves the quantised excitation in ep. */
function rpeEncode(e: Int16Array, ep: Int16Array): { mc: number; xmaxc: number; xmc: Int16Array } {
  const x = new Int16Array(40);
  weightingFilter(e, x);

  let em = 0;
  let mc = 0;
  for (let m = 0; m < 4; m++) {
    let acc = 0;
    for (let i = 0; i < 13; i++) {
      const t = (x[m + 3 * i] as number) >> 2;
      acc += t * t;
    }
    if (acc > em) {
      mc = m;
      em = acc;
    }
  }
  const xM = new Int16Array(13);
  for (let i = 0; i < 13; i++) xM[i] = x[mc + 3 * i] as number;

  let xmax = 0;
  for (let i = 0; i < 13; i++) xmax = Math.max(xmax, abs(xM[i] as number));
  let exp = 0;
  let temp = xmax >> 9;
  let itest = false;
  for (let i = 0; i <= 5; i++) {
    itest = itest || temp <= 0;
    temp >>= 1;
    if (!itest) exp++;
  }
  const xmaxc = add(xmax >> (exp + 5), exp << 3);

  const em2 = expMant(xmaxc);
  const temp1 = 6 - em2.exp;
  const temp2 = NRFAC[em2.mant] as number;
  const xmc = new Int16Array(13);
  for (let i = 0; i < 13; i++) {
    let t = toWord((xM[i] as number) << temp1);
    t = mult(t, temp2);
    xmc[i] = (t >> 12) + 4;
  }

  const xmp = new Int16Array(13);
  apcmInverse(xmc, em2.mant, em2.exp, xmp);
  ep.fill(0);
  for (let i = 0; i < 13; i++) ep[mc + 3 * i] = xmp[i] as number;
  return { mc, xmaxc, xmc };
}

/**
 * One 40-sample sub-segment: LTP analysis and filtering (§4.2.11-12), RPE encoding (§4.2.13-17), and the update
 * of the reconstructed residual dp (§4.2.18). `dp[dpOff - 120 .. dpOff)` is the past; `dp[dpOff .. +40)` is written.
 */
export function encodeSubframe(d: Int16Array, dOff: number, dp: Int16Array, dpOff: number): SubframeParams {
  const { nc, bc } = ltpParameters(d, dOff, dp, dpOff);
  const bp = QLB[bc] as number;
  const e = new Int16Array(50);
  const dpp = new Int16Array(40);
  for (let k = 0; k < 40; k++) {
    dpp[k] = multR(bp, dp[dpOff + k - nc] as number);
    e[5 + k] = sub(d[dOff + k] as number, dpp[k] as number);
  }
  const ep = new Int16Array(40);
  const { mc, xmaxc, xmc } = rpeEncode(e, ep);
  for (let k = 0; k < 40; k++) dp[dpOff + k] = add(ep[k] as number, dpp[k] as number);
  return { nc, bc, mc, xmaxc, xmc };
}
