package io.asrhub.audio;

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

    static DecodedAudio read(String source, byte[] data, AudioContainer container, long maxDurationMs)
            throws AsrException, IOException {
        AudioFileReader reader = readerFor(container);
        AudioInputStream encoded;
        AudioFileFormat fileFormat;
        try {
            fileFormat = reader.getAudioFileFormat(new ByteArrayInputStream(data));
            encoded = reader.getAudioInputStream(new ByteArrayInputStream(data));
        } catch (javax.sound.sampled.UnsupportedAudioFileException e) {
            throw new AsrException(ErrorCode.CORRUPT_AUDIO,
                    source + ": looks like " + container + " but its header cannot be read (" + e.getMessage() + ")");
        }
        AudioFormat src = encoded.getFormat();
        checkHeaderDuration(source, fileFormat, src, maxDurationMs);
        AudioFormat pcm = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, src.getSampleRate(), 16,
                src.getChannels(), src.getChannels() * 2, src.getSampleRate(), false);
        AudioInputStream decoded = converterFor(container).getAudioInputStream(pcm, encoded);
        long maxBytes = (long) (maxDurationMs / 1000.0 * pcm.getSampleRate() * pcm.getFrameSize());
        byte[] bytes = readCapped(source, decoded, maxBytes, maxDurationMs);
        if (bytes.length < pcm.getFrameSize()) {
            throw new AsrException(ErrorCode.CORRUPT_AUDIO, source + ": " + container + " stream decoded to no samples");
        }
        float[] mono = PcmConverter.toMonoFloat(bytes, bytes.length, pcm);
        String description = container + " " + (int) src.getSampleRate() + " Hz " + src.getChannels() + "ch";
        return new DecodedAudio(mono, (int) src.getSampleRate(), description);
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

    private static byte[] readCapped(String source, AudioInputStream in, long maxBytes, long maxMs)
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
                throw new AsrException(ErrorCode.CORRUPT_AUDIO, source + ": cannot decode audio frames (" + e + ")", e);
            }
            // A damaged tail after good audio: keep what decoded, as media players do.
        }
        return out.toByteArray();
    }

    private static AudioFileReader readerFor(AudioContainer c) {
        return switch (c) {
            case FLAC -> new org.jflac.sound.spi.FlacAudioFileReader();
            case MP3 -> new javazoom.spi.mpeg.sampled.file.MpegAudioFileReader();
            case OGG -> new javazoom.spi.vorbis.sampled.file.VorbisAudioFileReader();
            case WAV, OPUS -> throw new IllegalArgumentException(c + " has its own reader");
        };
    }

    private static FormatConversionProvider converterFor(AudioContainer c) {
        return switch (c) {
            case FLAC -> new org.jflac.sound.spi.FlacFormatConversionProvider();
            case MP3 -> new javazoom.spi.mpeg.sampled.convert.MpegFormatConversionProvider();
            case OGG -> new javazoom.spi.vorbis.sampled.convert.VorbisFormatConversionProvider();
            case WAV, OPUS -> throw new IllegalArgumentException(c + " has its own reader");
        };
    }

}
