import { type Socket, createSocket } from "node:dgram";
import { freeUdpPortIn } from "@sip-transfer/testkit";
import { SIPP_PORTS } from "./real-livekit.js";

// A phone's ears and mouth for the real suite: sipp does a call's signalling, and its SDP points
// the audio here. This endpoint sends a steady tone (G.711 µ-law, 20 ms packets) to whoever sends it
// RTP, and keeps what it receives, so a test can tell which tones a party hears and when
// (Goertzel over short windows). livekit-sip sends a frame every 20 ms from the moment a call is
// up (silence when the phone hears nothing), which is how the endpoint learns where to send.

const SAMPLE_RATE = 8000;
const SAMPLES_PER_PACKET = 160; // 20 ms
/** The tone's amplitude, as a fraction of full scale. */
const TONE_AMPLITUDE = 0.3;

export interface Heard {
  /** The window's end (ms, `performance.now()` clock). */
  at: number;
  /** Each asked frequency's amplitude in the window, as a fraction of full scale. */
  levels: Record<number, number>;
}

export interface ToneEndpoint {
  /** The UDP port the phone's SDP names for its audio. */
  port: number;
  /** The tone this phone says (Hz), or null while it says nothing. */
  tone: number | null;
  /** Whether any RTP has come in yet. */
  receiving(): boolean;
  /** `frequencyHz`'s amplitude (fraction of full scale) in what arrived between `fromMs` and `toMs`. */
  level(frequencyHz: number, fromMs: number, toMs: number): number;
  /** The loudest 200 ms window's RMS (fraction of full scale) between `fromMs` and `toMs`: any sound at all. */
  loudestRms(fromMs: number, toMs: number): number;
  /** Consecutive `windowMs` windows from `fromMs` to `toMs` (default now), each with the asked frequencies' levels. */
  windows(frequencies: number[], fromMs: number, toMs?: number, windowMs?: number): Heard[];
  close(): void;
}

/** A tone endpoint on a free loopback port, saying `toneHz` (null: silence). */
export async function startToneEndpoint(toneHz: number | null): Promise<ToneEndpoint> {
  const port = await freeUdpPortIn(...SIPP_PORTS);
  const socket: Socket = createSocket("udp4");
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(port, "127.0.0.1", () => resolve());
  });
  const received: { at: number; samples: Float32Array }[] = [];
  let remote: { address: string; port: number } | undefined;
  socket.on("message", (packet, from) => {
    const payload = rtpPayload(packet);
    if (!payload) return;
    remote ??= { address: from.address, port: from.port };
    received.push({ at: performance.now(), samples: decodeMuLaw(payload) });
  });

  const ssrc = Math.floor(Math.random() * 2 ** 32);
  let sequence = Math.floor(Math.random() * 65536);
  let timestamp = 0;
  let phase = 0;
  const endpoint: ToneEndpoint = {
    port,
    tone: toneHz,
    receiving: () => received.length > 0,
    level(frequencyHz, fromMs, toMs) {
      return goertzelAmplitude(samplesBetween(received, fromMs, toMs), frequencyHz);
    },
    loudestRms(fromMs, toMs) {
      let loudest = 0;
      for (let start = fromMs; start + 200 <= toMs; start += 200) {
        const samples = samplesBetween(received, start, start + 200);
        if (samples.length === 0) continue;
        let sum = 0;
        for (const x of samples) sum += x * x;
        loudest = Math.max(loudest, Math.sqrt(sum / samples.length));
      }
      return loudest;
    },
    windows(frequencies, fromMs, toMs = performance.now(), windowMs = 200) {
      const result: Heard[] = [];
      for (let start = fromMs; start + windowMs <= toMs; start += windowMs) {
        const samples = samplesBetween(received, start, start + windowMs);
        const levels: Record<number, number> = {};
        for (const f of frequencies) levels[f] = goertzelAmplitude(samples, f);
        result.push({ at: start + windowMs, levels });
      }
      return result;
    },
    close() {
      clearInterval(timer);
      socket.close();
    },
  };
  const timer = setInterval(() => {
    if (!remote) return;
    const samples = new Float32Array(SAMPLES_PER_PACKET);
    if (endpoint.tone !== null) {
      const step = (2 * Math.PI * endpoint.tone) / SAMPLE_RATE;
      for (let i = 0; i < samples.length; i += 1) {
        samples[i] = TONE_AMPLITUDE * Math.sin(phase);
        phase = (phase + step) % (2 * Math.PI);
      }
    }
    const packet = Buffer.alloc(12 + SAMPLES_PER_PACKET);
    packet[0] = 0x80; // version 2
    packet[1] = 0; // PCMU
    packet.writeUInt16BE(sequence, 2);
    packet.writeUInt32BE(timestamp >>> 0, 4);
    packet.writeUInt32BE(ssrc, 8);
    for (let i = 0; i < samples.length; i += 1) packet[12 + i] = encodeMuLaw(samples[i]!);
    sequence = (sequence + 1) & 0xffff;
    timestamp += SAMPLES_PER_PACKET;
    socket.send(packet, remote.port, remote.address);
  }, 20);
  timer.unref();
  return endpoint;
}

/** The PCMU payload of an RTP packet, or undefined for anything else. */
function rtpPayload(packet: Buffer): Buffer | undefined {
  if (packet.length < 12 || packet[0]! >> 6 !== 2 || (packet[1]! & 0x7f) !== 0) return undefined;
  let offset = 12 + (packet[0]! & 0x0f) * 4;
  if (packet[0]! & 0x10) {
    if (packet.length < offset + 4) return undefined;
    offset += 4 + packet.readUInt16BE(offset + 2) * 4;
  }
  let end = packet.length;
  if (packet[0]! & 0x20) end -= packet[end - 1]!;
  return offset < end ? packet.subarray(offset, end) : undefined;
}

function samplesBetween(received: { at: number; samples: Float32Array }[], fromMs: number, toMs: number) {
  const chunks = received.filter((r) => r.at >= fromMs && r.at < toMs).map((r) => r.samples);
  const all = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  return all;
}

/** The amplitude (fraction of full scale) of `frequencyHz` in `samples` (Goertzel). */
export function goertzelAmplitude(samples: Float32Array, frequencyHz: number): number {
  if (samples.length === 0) return 0;
  const coefficient = 2 * Math.cos((2 * Math.PI * frequencyHz) / SAMPLE_RATE);
  let s1 = 0;
  let s2 = 0;
  for (const x of samples) {
    const s0 = x + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
  return (2 * Math.sqrt(Math.max(power, 0))) / samples.length;
}

// G.711 µ-law (ITU-T G.711), on samples in [-1, 1].
const BIAS = 0x84;
const CLIP = 32635;

export function encodeMuLaw(sample: number): number {
  let pcm = Math.round(Math.max(-1, Math.min(1, sample)) * 32767);
  const sign = pcm < 0 ? 0x80 : 0;
  if (pcm < 0) pcm = -pcm;
  if (pcm > CLIP) pcm = CLIP;
  pcm += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (pcm & mask) === 0 && exponent > 0; mask >>= 1) exponent -= 1;
  const mantissa = (pcm >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

export function decodeMuLaw(payload: Uint8Array): Float32Array {
  const out = new Float32Array(payload.length);
  for (let i = 0; i < payload.length; i += 1) {
    const byte = ~payload[i]! & 0xff;
    const exponent = (byte >> 4) & 0x07;
    const magnitude = ((((byte & 0x0f) << 3) + BIAS) << exponent) - BIAS;
    out[i] = (byte & 0x80 ? -magnitude : magnitude) / 32768;
  }
  return out;
}
