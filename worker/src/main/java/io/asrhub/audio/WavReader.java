package io.asrhub.audio;

import io.asrhub.config.AudioLimits;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

import javax.sound.sampled.AudioFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads RIFF/WAVE directly rather than through javax.sound, so every malformed chunk gets a
 * precise message and the duration is known from the header before any sample is converted.
 */
final class WavReader {
    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_FLOAT = 3;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;

    private WavReader() {
    }

    /** Data sizes at or above this are placeholders of streaming writers (sox 0x7FFFF000, ffmpeg 0xFFFFFFFF). */
    static final long UNKNOWN_LENGTH = 0x7FFF0000L;

    static DecodedAudio read(String source, byte[] data, AudioLimits limits) throws AsrException {
        long maxDurationMs = limits.maxDurationMs();
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(12);
        AudioFormat format = null;
        String description = null;
        while (buf.remaining() >= 8) {
            String id = fourCc(buf);
            long size = Integer.toUnsignedLong(buf.getInt());
            if (id.equals("fmt ")) {
                requireAvailable(source, buf, size, "fmt");
                format = parseFormat(source, buf.slice(buf.position(), (int) size).order(ByteOrder.LITTLE_ENDIAN));
                description = describe(format);
                buf.position(buf.position() + (int) Math.min(size + (size & 1), buf.remaining()));
            } else if (id.equals("data")) {
                if (format == null) {
                    throw corrupt(source, "data chunk appears before the fmt chunk");
                }
                long available = Math.min(size, buf.remaining());
                long frames = available / format.getFrameSize();
                boolean truncated = size < UNKNOWN_LENGTH && Truncation.check(source, "WAV", size / format.getFrameSize(),
                        frames, 0, format.getSampleRate(), limits);
                long durationMs = (long) (frames * 1000.0 / format.getSampleRate());
                if (durationMs > maxDurationMs) {
                    throw AudioDecoder.tooLong(source, durationMs, maxDurationMs);
                }
                if (frames == 0) {
                    throw new AsrException(ErrorCode.EMPTY_INPUT, source + ": WAV file contains no samples");
                }
                byte[] pcm = new byte[(int) (frames * format.getFrameSize())];
                buf.get(pcm);
                float[] mono = PcmConverter.toMonoFloat(pcm, pcm.length, format);
                return new DecodedAudio(mono, (int) format.getSampleRate(), description, truncated);
            } else {
                // Unknown chunks (LIST, fact, cue) are skipped; RIFF pads chunks to even length.
                long skip = size + (size & 1);
                if (skip > buf.remaining()) {
                    break;
                }
                buf.position(buf.position() + (int) skip);
            }
        }
        throw corrupt(source, format == null ? "no fmt chunk found" : "no data chunk found (file truncated?)");
    }

    static AudioFormat parseFormat(String source, ByteBuffer fmt) throws AsrException {
        if (fmt.remaining() < 16) {
            throw corrupt(source, "fmt chunk is too short");
        }
        int tag = Short.toUnsignedInt(fmt.getShort());
        int channels = Short.toUnsignedInt(fmt.getShort());
        int sampleRate = fmt.getInt();
        fmt.getInt(); // byte rate: derived, not trusted
        fmt.getShort(); // block align: derived, not trusted
        int bits = Short.toUnsignedInt(fmt.getShort());
        if (tag == FORMAT_EXTENSIBLE && fmt.remaining() >= 10) {
            fmt.position(fmt.position() + 8);
            tag = Short.toUnsignedInt(fmt.getShort()); // first two bytes of the sub-format GUID
        }
        if (channels < 1 || channels > 32) {
            throw corrupt(source, "invalid channel count " + channels);
        }
        if (sampleRate < 1000 || sampleRate > 768_000) {
            throw corrupt(source, "invalid sample rate " + sampleRate + " Hz");
        }
        AudioFormat.Encoding encoding;
        if (tag == FORMAT_PCM && (bits == 8 || bits == 16 || bits == 24 || bits == 32)) {
            encoding = bits == 8 ? AudioFormat.Encoding.PCM_UNSIGNED : AudioFormat.Encoding.PCM_SIGNED;
        } else if (tag == FORMAT_FLOAT && (bits == 32 || bits == 64)) {
            encoding = AudioFormat.Encoding.PCM_FLOAT;
        } else {
            throw new AsrException(ErrorCode.UNSUPPORTED_FORMAT, source + ": WAV encoding tag " + tag + " with "
                    + bits + "-bit samples is not supported (use PCM 8/16/24/32-bit or float 32/64-bit)");
        }
        return new AudioFormat(encoding, sampleRate, bits, channels, bits / 8 * channels, sampleRate, false);
    }

    static String describe(AudioFormat f) {
        String kind = AudioFormat.Encoding.PCM_FLOAT.equals(f.getEncoding()) ? "float" : "PCM";
        return "WAV " + f.getSampleSizeInBits() + "-bit " + kind + " " + (int) f.getSampleRate() + " Hz "
                + f.getChannels() + "ch";
    }

    private static void requireAvailable(String source, ByteBuffer buf, long size, String chunk) throws AsrException {
        if (size > buf.remaining()) {
            throw corrupt(source, chunk + " chunk is truncated");
        }
    }

    private static String fourCc(ByteBuffer buf) {
        byte[] id = new byte[4];
        buf.get(id);
        return new String(id, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    static AsrException corrupt(String source, String what) {
        return new AsrException(ErrorCode.CORRUPT_AUDIO, source + ": corrupt WAV file: " + what);
    }
}
