package io.asrhub.audio;

import io.asrhub.config.AudioLimits;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import org.jflac.FLACDecoder;
import org.jflac.frame.Frame;
import org.jflac.metadata.StreamInfo;
import org.jflac.util.ByteData;

import javax.sound.sampled.AudioFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/**
 * FLAC decoded frame by frame with jflac's decoder (not its javax.sound provider, whose ring
 * buffer cannot convert 24-bit streams and can spin on damaged input). Frame by frame means the
 * duration limit is enforced as samples arrive (a FLAC without a length cannot fill the heap),
 * damaged frames are counted and a stream with too many fails fast, and every byte read checks
 * for interruption so the watchdog really stops a stuck decode. Memory: 4 bytes per decoded
 * sample (mono, native rate), up to 1.5x that while the buffer grows, plus one frame; never what
 * the header claims.
 */
final class FlacReader {
    /** A few damaged frames are skipped as a gap (as players do); a stream mostly of garbage fails. */
    static final int MAX_BAD_FRAMES = 16;

    private FlacReader() {
    }

    static DecodedAudio read(String source, byte[] data, AudioLimits limits) throws AsrException, IOException {
        GuardedInput input = new GuardedInput(data);
        FLACDecoder decoder = new FLACDecoder(input);
        input.decoder = decoder;
        StreamInfo info;
        try {
            decoder.readMetadata();
            info = decoder.getStreamInfo();
        } catch (IOException | RuntimeException e) {
            if (e instanceof InterruptedIOException) {
                throw e;
            }
            throw corrupt(source, "its STREAMINFO header cannot be read");
        }
        if (info == null || info.getSampleRate() <= 0 || info.getChannels() < 1) {
            throw corrupt(source, "it has no valid STREAMINFO header");
        }
        int rate = info.getSampleRate();
        int bits = info.getBitsPerSample();
        if (bits != 8 && bits != 16 && bits != 24) {
            throw new AsrException(ErrorCode.UNSUPPORTED_FORMAT, source + ": " + bits
                    + "-bit FLAC is not supported (use 8, 16 or 24 bits)");
        }
        long declared = info.getTotalSamples(); // 0 = unknown
        long maxMs = limits.maxDurationMs();
        if (declared > 0 && declared * 1000 / rate > maxMs) {
            throw AudioDecoder.tooLong(source, declared * 1000 / rate, maxMs);
        }
        long maxFrames = maxMs * rate / 1000;
        // Never sized from the header: a 20 KB file whose STREAMINFO claims 1 hour at 192 kHz would
        // reserve 2.7 GB before one sample is decoded (issue 15, item 5). The buffer grows with the
        // samples actually decoded, up to the duration limit.
        FloatBuffer mono = new FloatBuffer(Math.min(rate * 10L, 1 << 20), maxFrames + 65_536L);
        ByteData pcm = null;
        while (true) {
            Frame frame;
            try {
                frame = decoder.readNextFrame();
            } catch (TooDamaged e) {
                throw corrupt(source, "more than " + MAX_BAD_FRAMES + " frames are damaged");
            } catch (RuntimeException e) {
                if (mono.size() == 0) {
                    throw corrupt(source, "its first frame cannot be decoded");
                }
                break; // a damaged tail after good audio: the length check below decides
            }
            if (frame == null) {
                break;
            }
            pcm = decoder.decodeFrame(frame, pcm);
            int channels = frame.header.channels;
            AudioFormat format = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, rate, bits, channels,
                    channels * bits / 8, rate, false);
            if (bits == 8) {
                format = new AudioFormat(AudioFormat.Encoding.PCM_UNSIGNED, rate, 8, channels, channels, rate, false);
            }
            mono.append(PcmConverter.toMonoFloat(pcm.getData(), pcm.getLen(), format));
            if (mono.size() > maxFrames) {
                throw AudioDecoder.tooLong(source, maxMs + 1, maxMs);
            }
        }
        if (mono.size() == 0) {
            throw corrupt(source, "the stream decoded to no samples");
        }
        boolean truncated = Truncation.check(source, "FLAC", declared, mono.size(), 0, rate, limits);
        String description = "FLAC " + bits + "-bit " + rate + " Hz " + info.getChannels() + "ch";
        return new DecodedAudio(mono.toArray(), rate, description, truncated);
    }

    private static AsrException corrupt(String source, String why) {
        return new AsrException(ErrorCode.CORRUPT_AUDIO, source + ": damaged FLAC file: " + why);
    }

    /** Thrown from inside jflac's frame loop, which otherwise retries bad frames until the input ends. */
    private static final class TooDamaged extends RuntimeException {
        TooDamaged() {
            super(null, null, false, false);
        }
    }

    /** The decoder's only input: every read checks interruption and the bad-frame budget. */
    private static final class GuardedInput extends InputStream {
        private final InputStream data;
        FLACDecoder decoder;

        GuardedInput(byte[] bytes) {
            this.data = new ByteArrayInputStream(bytes);
        }

        private void guard() throws InterruptedIOException {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("decoding was interrupted");
            }
            if (decoder != null && decoder.getBadFrames() > MAX_BAD_FRAMES) {
                throw new TooDamaged();
            }
        }

        @Override
        public int read() throws IOException {
            guard();
            return data.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            guard();
            return data.read(b, off, len);
        }
    }

    /** A float array that grows by doubling, like ByteArrayOutputStream. */
    private static final class FloatBuffer {
        private final long capacityLimit;
        private float[] items;
        private int size;

        FloatBuffer(long initial, long capacityLimit) {
            this.capacityLimit = Math.min(capacityLimit, Integer.MAX_VALUE - 16);
            items = new float[(int) Math.min(Math.max(initial, 1024), this.capacityLimit)];
        }

        void append(float[] more) {
            if (size + more.length > items.length) {
                long grown = Math.min(Math.max((long) size + more.length, items.length * 3L / 2), capacityLimit);
                items = java.util.Arrays.copyOf(items, (int) Math.max(grown, (long) size + more.length));
            }
            System.arraycopy(more, 0, items, size, more.length);
            size += more.length;
        }

        int size() {
            return size;
        }

        float[] toArray() {
            return size == items.length ? items : java.util.Arrays.copyOf(items, size);
        }
    }
}
