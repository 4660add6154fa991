/**
 * MP3 through lamejs (a JavaScript port of LAME). Mono, constant bit rate, at the source rate: 8 kHz becomes
 * MPEG-2.5 Layer III and 16 kHz MPEG-2 Layer III, both decoded by every MP3 player and by Outlook.
 *
 * Bit rates: 24 kbit/s at 8 kHz, 32 kbit/s at 16 kHz (about 180 and 240 KB per minute). Measured with lamejs on
 * the speech-like test signal, decoded by ffmpeg: at 8 kHz, 16/24/32/48 kbit/s give a waveform SNR of 15/21/25/26 dB;
 * at 16 kHz, 24/32/48 give 17.5/23/26 dB. 24 and 32 are the knees: below them quality falls fast, above them the
 * file grows for little gain. Both stay well under G.711's 64 kbit/s. (lamejs writes no LAME/Xing header, so
 * decoders keep the encoder delay of 1105 samples at the start: about 0.1 s of silence.)
 */
import { Mp3Encoder } from '@breezystack/lamejs';
import type { PcmAudio } from './types.ts';

export function mp3BitrateFor(sampleRate: number): number {
  return sampleRate <= 8000 ? 24 : 32;
}

const CHUNK = 1152 * 32;

export function encodeMp3(audio: PcmAudio): Uint8Array {
  const encoder = new Mp3Encoder(1, audio.sampleRate, mp3BitrateFor(audio.sampleRate));
  const parts: Uint8Array[] = [];
  for (let i = 0; i < audio.samples.length; i += CHUNK) {
    const part = encoder.encodeBuffer(audio.samples.subarray(i, i + CHUNK));
    if (part.length) parts.push(part.slice());
  }
  const tail = encoder.flush();
  if (tail.length) parts.push(tail.slice());
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
