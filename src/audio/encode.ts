/** Mono 16-bit PCM → an endpoint's voice format. Pure functions; the server caches the results. */
import { AudioError } from './errors.ts';
import { encodeAlaw, encodeMulaw } from './g711.ts';
import { encodeMp3 } from './mp3.ts';
import { resample } from './resample.ts';
import { SUPPORTED_SAMPLE_RATES, type EncodedAudio, type PcmAudio, type VoiceFormat } from './types.ts';
import { encodeGsmWav49Data } from './gsm/index.ts';
import { wavG711, wavGsm610, wavPcm16 } from './wav-write.ts';

/** G.711 and GSM 06.10 are 8 kHz codecs; telephony players expect that rate. */
const TELEPHONY_RATE = 8000;

function result(format: VoiceFormat, bytes: Uint8Array, audio: PcmAudio): EncodedAudio {
  const mp3 = format === 'mp3';
  return {
    format,
    bytes,
    contentType: mp3 ? 'audio/mpeg' : 'audio/wav',
    fileExtension: mp3 ? '.mp3' : '.wav',
    sampleRate: audio.sampleRate,
    durationSeconds: audio.samples.length / audio.sampleRate,
  };
}

export function encode(audio: PcmAudio, format: VoiceFormat): EncodedAudio {
  if (audio.samples.length === 0) throw new AudioError('audio.empty', 'There is no audio to encode.');
  // The encoders and their measured quality are for the rates decodeWav produces; other rates are a caller bug.
  if (!(SUPPORTED_SAMPLE_RATES as readonly number[]).includes(audio.sampleRate)) {
    throw new AudioError(
      'audio.unsupported_sample_rate',
      `Cannot encode audio at ${audio.sampleRate} Hz; the encoders take 8000 Hz or 16000 Hz.`,
    );
  }
  switch (format) {
    case 'mp3':
      return result(format, encodeMp3(audio), audio);
    case 'wav-pcm':
      return result(format, wavPcm16(audio.sampleRate, audio.samples), audio);
    case 'wav-ulaw':
    case 'wav-alaw': {
      const narrow = resample(audio, TELEPHONY_RATE);
      const law = format === 'wav-ulaw' ? 'mulaw' : 'alaw';
      const codes = law === 'mulaw' ? encodeMulaw(narrow.samples) : encodeAlaw(narrow.samples);
      return result(format, wavG711(law, TELEPHONY_RATE, codes), narrow);
    }
    case 'wav-gsm': {
      const narrow = resample(audio, TELEPHONY_RATE);
      return result(format, wavGsm610(encodeGsmWav49Data(narrow.samples), narrow.samples.length), narrow);
    }
    default:
      throw new AudioError(
        'audio.unsupported_output',
        `The voice format "${String(format)}" is not supported.`,
      );
  }
}
