/**
 * MP3 through lamejs (a JavaScript port of LAME). Mono, constant bit rate, at the source rate: 8 kHz becomes
 * MPEG-2.5 Layer III and 16 kHz MPEG-2 Layer III, both decoded by every MP3 player and by Outlook.
 *
 * Bit rate: 32 kbit/s at both rates (240 KB per minute; half of G.711's 64 kbit/s). Measured with lamejs on the
 * speech-like test signal (2 s), decoded by ffmpeg, waveform SNR after aligning the encoder delay:
 *   8 kHz, clean / G.711-sourced input: 16 kbit/s 10.0/9.5 dB, 24: 17.3/13.7, 32: 16.2/15.7, 48: 21.8/19.7
 *   16 kHz, clean input:                 16 kbit/s 11.9 dB,    24: 18.2,      32: 22.1,      48: 25.1
 * MP3's noise shaping makes waveform SNR erratic at 8 kHz; 32 kbit/s is the lowest rate that holds up on both
 * clean and G.711-sourced audio, and one rate for both keeps the rule simple. (lamejs writes no LAME/Xing header,
 * so decoders keep the encoder delay of 1105 samples at the start: about 0.1 s of silence at 8 kHz.)
 */
import { Mp3Encoder } from '@breezystack/lamejs';
import type { PcmAudio } from './types.ts';

export function mp3BitrateFor(_sampleRate: number): number {
  return 32;
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
