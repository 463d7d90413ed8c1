package io.asrhub.audio;

import io.asrhub.config.AudioLimits;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;

import javax.sound.sampled.AudioFormat;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Ogg Opus (RFC 7845) decoded with Concentus, a pure-Java port of libopus. Opus always decodes
 * at 48 kHz; the header's pre-skip is dropped and the end is trimmed to the final granule.
 */
final class OggOpusReader {
    private static final int RATE = 48_000;
    private static final int MAX_FRAME = 5760; // 120 ms at 48 kHz, the longest Opus packet

    private OggOpusReader() {
    }

    static DecodedAudio read(String source, byte[] data, AudioLimits limits) throws AsrException {
        long maxDurationMs = limits.maxDurationMs();
        OggPackets ogg = OggPackets.parse(source, data);
        byte[] head = ogg.packets.get(0);
        if (head.length < 19 || !new String(head, 0, 8, StandardCharsets.ISO_8859_1).equals("OpusHead")) {
            throw new AsrException(ErrorCode.CORRUPT_AUDIO, source + ": Ogg Opus stream without an OpusHead header");
        }
        ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        int channels = head[9] & 0xff;
        int preSkip = Short.toUnsignedInt(h.getShort(10));
        int mapping = head[18] & 0xff;
        if (mapping != 0 || channels < 1 || channels > 2) {
            throw new AsrException(ErrorCode.UNSUPPORTED_FORMAT, source + ": Opus with " + channels
                    + " channels (mapping family " + mapping + ") is not supported; use mono or stereo");
        }
        long totalSamples = ogg.lastGranule - preSkip;
        if (totalSamples > 0 && totalSamples * 1000 / RATE > maxDurationMs) {
            throw AudioDecoder.tooLong(source, totalSamples * 1000 / RATE, maxDurationMs);
        }
        long maxSamples = maxDurationMs * RATE / 1000;
        float[] mono = decode(source, ogg, channels, maxSamples, maxDurationMs);
        int end = (int) Math.min(mono.length, totalSamples > 0 ? totalSamples + preSkip : mono.length);
        if (end <= preSkip) {
            throw new AsrException(ErrorCode.CORRUPT_AUDIO, source + ": Opus stream decoded to no samples");
        }
        float[] trimmed = java.util.Arrays.copyOfRange(mono, preSkip, end);
        return new DecodedAudio(trimmed, RATE, "OGG Opus 48000 Hz " + channels + "ch");
    }

    private static float[] decode(String source, OggPackets ogg, int channels, long maxSamples, long maxMs)
            throws AsrException {
        OpusDecoder decoder;
        try {
            decoder = new OpusDecoder(RATE, channels);
        } catch (OpusException e) {
            throw new AsrException(ErrorCode.CORRUPT_AUDIO, source + ": cannot start the Opus decoder", e);
        }
        int frameBytes = 2 * channels;
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        byte[] frame = new byte[MAX_FRAME * frameBytes];
        // Packet 0 is OpusHead, packet 1 OpusTags; audio follows.
        for (int p = 2; p < ogg.packets.size(); p++) {
            byte[] packet = ogg.packets.get(p);
            int frames;
            try {
                frames = decoder.decode(packet, 0, packet.length, frame, 0, MAX_FRAME, false);
            } catch (OpusException | RuntimeException e) {
                throw new AsrException(ErrorCode.CORRUPT_AUDIO, source + ": damaged Opus packet " + p + " ("
                        + e.getMessage() + ")", e);
            }
            pcm.write(frame, 0, frames * frameBytes);
            if (pcm.size() / frameBytes > maxSamples + RATE) {
                throw AudioDecoder.tooLong(source, maxMs + 1, maxMs);
            }
        }
        AudioFormat format = new AudioFormat(RATE, 16, channels, true, false);
        return PcmConverter.toMonoFloat(pcm.toByteArray(), pcm.size(), format);
    }
}
