package io.asrhub.audio;

import io.asrhub.config.AudioLimits;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.spi.AudioFileReader;
import javax.sound.sampled.spi.FormatConversionProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * Decodes compressed containers through their javax.sound service providers. The reader is picked
 * from the sniffed container instead of letting AudioSystem probe every provider, because some
 * providers (mp3spi) claim files that are not theirs.
 */
final class CodecReader {
    private CodecReader() {
    }

    static DecodedAudio read(String source, byte[] data, AudioContainer container, AudioLimits limits)
            throws AsrException, IOException {
        long maxDurationMs = limits.maxDurationMs();
        AudioFileReader reader = readerFor(container);
        AudioInputStream encoded;
        AudioFileFormat fileFormat;
        AudioInputStream decoded;
        AudioFormat src;
        AudioFormat pcm;
        try {
            fileFormat = reader.getAudioFileFormat(new ByteArrayInputStream(data));
            encoded = reader.getAudioInputStream(new ByteArrayInputStream(data));
            src = encoded.getFormat();
            checkHeaderDuration(source, fileFormat, src, maxDurationMs);
            pcm = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, src.getSampleRate(), 16,
                    src.getChannels(), src.getChannels() * 2, src.getSampleRate(), false);
            decoded = converterFor(container).getAudioInputStream(pcm, encoded);
        } catch (javax.sound.sampled.UnsupportedAudioFileException | RuntimeException e) {
            // The codec libraries fail on damaged headers with anything from their own exceptions to
            // NullPointerExceptions; the user needs to know the file is damaged, not the library's internals.
            throw new AsrException(ErrorCode.CORRUPT_AUDIO,
                    source + ": looks like " + container + " but its header is damaged and cannot be read", e);
        }
        long maxBytes = (long) (maxDurationMs / 1000.0 * pcm.getSampleRate() * pcm.getFrameSize());
        byte[] bytes = readCapped(source, container, decoded, maxBytes, maxDurationMs);
        if (bytes.length < pcm.getFrameSize()) {
            throw new AsrException(ErrorCode.CORRUPT_AUDIO, source + ": " + container + " stream decoded to no samples");
        }
        boolean truncated = container == AudioContainer.MP3 && Truncation.check(source, "MP3 (Xing/VBRI)",
                Mp3LengthTag.declaredFrames(data), bytes.length / pcm.getFrameSize(), Mp3LengthTag.toleranceFrames(),
                pcm.getFrameRate(), limits);
        float[] mono = PcmConverter.toMonoFloat(bytes, bytes.length, pcm);
        String description = container + " " + (int) src.getSampleRate() + " Hz " + src.getChannels() + "ch";
        return new DecodedAudio(mono, (int) src.getSampleRate(), description, truncated);
    }

    /** Rejects over-long input from header metadata alone when the codec exposes it. */
    private static void checkHeaderDuration(String source, AudioFileFormat fileFormat, AudioFormat src, long maxMs)
            throws AsrException {
        Map<String, Object> props = fileFormat.properties();
        Object micros = props.get("duration");
        long durationMs = -1;
        if (micros instanceof Long l && l > 0) {
            durationMs = l / 1000;
        } else if (fileFormat.getFrameLength() > 0 && src.getFrameRate() > 0) {
            durationMs = (long) (fileFormat.getFrameLength() * 1000.0 / src.getFrameRate());
        }
        if (durationMs > maxMs) {
            throw AudioDecoder.tooLong(source, durationMs, maxMs);
        }
    }

    private static byte[] readCapped(String source, AudioContainer container, AudioInputStream in, long maxBytes,
                                     long maxMs)
            throws IOException, AsrException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        int n;
        int emptyReads = 0;
        try {
            // vorbisspi returns 0 bytes while it refills its buffer; only -1 means the end.
            while ((n = in.read(chunk)) >= 0) {
                if (n == 0) {
                    if (++emptyReads > 10_000) {
                        throw new AsrException(ErrorCode.CORRUPT_AUDIO, source + ": decoder stopped making progress");
                    }
                    continue;
                }
                emptyReads = 0;
                out.write(chunk, 0, n);
                if (out.size() > maxBytes) {
                    throw AudioDecoder.tooLong(source, maxMs + 1, maxMs);
                }
                if (Thread.interrupted()) {
                    throw new AsrException(ErrorCode.INTERRUPTED, source + ": decoding was interrupted");
                }
            }
        } catch (RuntimeException e) {
            // Codec libraries signal corrupt frames with arbitrary runtime exceptions.
            if (out.size() == 0) {
                throw new AsrException(ErrorCode.CORRUPT_AUDIO, source + ": " + container
                        + " audio frames are damaged and cannot be decoded", e);
            }
            // A damaged tail after good audio: keep what decoded, as media players do (a stated length
            // that was not reached is caught by the truncation check).
        }
        return out.toByteArray();
    }

    private static AudioFileReader readerFor(AudioContainer c) {
        return switch (c) {
            case MP3 -> new javazoom.spi.mpeg.sampled.file.MpegAudioFileReader();
            case OGG -> new javazoom.spi.vorbis.sampled.file.VorbisAudioFileReader();
            case WAV, OPUS, FLAC -> throw new IllegalArgumentException(c + " has its own reader");
        };
    }

    private static FormatConversionProvider converterFor(AudioContainer c) {
        return switch (c) {
            case MP3 -> new javazoom.spi.mpeg.sampled.convert.MpegFormatConversionProvider();
            case OGG -> new javazoom.spi.vorbis.sampled.convert.VorbisFormatConversionProvider();
            case WAV, OPUS, FLAC -> throw new IllegalArgumentException(c + " has its own reader");
        };
    }

}
