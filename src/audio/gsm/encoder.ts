/**
 * GSM 06.10 full-rate encoder (ETSI EN 300 961 §4.2), frame by frame, with the state the standard carries across
 * frames. Produces the 76 parameters of each 20 ms frame; packing is in wav49.ts.
 */
import { decodeLar, lpcAnalysis, preprocess, shortTermAnalysis, type PreprocessState } from './lpc.ts';
import { encodeSubframe, type SubframeParams } from './rpe.ts';

export const GSM_FRAME_SAMPLES = 160;

export interface GsmFrame {
  larc: Int16Array;
  sub: SubframeParams[];
}

export class GsmEncoder {
  private readonly pre: PreprocessState = { z1: 0, lz2: 0, mp: 0 };
  private readonly u = new Int16Array(8);
  private larppPrev = new Int16Array(8);
  private larppCur = new Int16Array(8);
  /** Reconstructed short-term residual: [0, 120) the past, [120, 280) the frame being coded. */
  private readonly dp = new Int16Array(280);

  /** Encodes samples[offset .. offset + 160) (16-bit linear PCM at 8 kHz). */
  encodeFrame(samples: Int16Array, offset: number): GsmFrame {
    const s = new Int16Array(GSM_FRAME_SAMPLES);
    preprocess(this.pre, samples, offset, s);
    const larc = new Int16Array(8);
    lpcAnalysis(s, larc);
    decodeLar(larc, this.larppCur);
    shortTermAnalysis(this.u, this.larppPrev, this.larppCur, s);
    [this.larppPrev, this.larppCur] = [this.larppCur, this.larppPrev];
    const sub: SubframeParams[] = [];
    for (let k = 0; k < 4; k++) sub.push(encodeSubframe(s, k * 40, this.dp, 120 + k * 40));
    this.dp.copyWithin(0, 160, 280);
    return { larc, sub };
  }
}
