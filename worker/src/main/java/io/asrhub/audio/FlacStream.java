package io.asrhub.audio;

import io.asrhub.config.AudioLimits;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import org.jflac.FLACDecoder;
import org.jflac.frame.Frame;
import org.jflac.metadata.StreamInfo;
import org.jflac.util.ByteData;

import javax.sound.sampled.AudioFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/**
 * FLAC decoded frame by frame with jflac's decoder (not its javax.sound provider, whose ring buffer
 * cannot convert 24-bit streams and can spin on damaged input), handed out as it is decoded: one
 * frame's samples are held at a time. The duration limit is enforced as samples arrive (a FLAC
 * without a length cannot fill the heap), damaged frames are counted and a stream with too many
 * fails fast, every byte read checks for interruption, and a frame that takes longer than
 * {@code frameTimeout} to decode (a decoder stuck on crafted input) fails the stream.
 */
final class FlacStream implements PcmStream {
    /** A few damaged frames are skipped as a gap (as players do); a stream mostly of garbage fails. */
    static final int MAX_BAD_FRAMES = 16;

    private final String source;
    private final GuardedInput input;
    private final FLACDecoder decoder;
    private final AudioLimits limits;
    private final int rate;
    private final int bits;
    private final long declared;
    private final long maxFrames;
    private final String description;
    private ByteData pcm;
    private float[] pending = new float[0];
    private int pendingPos;
    private long frames;
    private boolean ended;
    private boolean truncated;

    private FlacStream(String source, GuardedInput input, FLACDecoder decoder, StreamInfo info, AudioLimits limits) {
        this.source = source;
        this.input = input;
        this.decoder = decoder;
        this.limits = limits;
        this.rate = info.getSampleRate();
        this.bits = info.getBitsPerSample();
        this.declared = info.getTotalSamples(); // 0 = unknown
        this.maxFrames = limits.maxDurationMs() * rate / 1000;
        this.description = "FLAC " + bits + "-bit " + rate + " Hz " + info.getChannels() + "ch";
    }

    static FlacStream open(String source, InputStream in, AudioLimits limits, long frameTimeoutNanos)
            throws AsrException, IOException {
        GuardedInput input = new GuardedInput(in, frameTimeoutNanos);
        FLACDecoder decoder = new FLACDecoder(input);
        input.decoder = decoder;
        StreamInfo info;
        try {
            input.startFrame();
            decoder.readMetadata();
            info = decoder.getStreamInfo();
        } catch (IOException | RuntimeException e) {
            if (e instanceof InterruptedIOException || e.getCause() instanceof AsrException) {
                throw e;
            }
            throw corrupt(source, "its STREAMINFO header cannot be read");
        }
        if (info == null || info.getSampleRate() <= 0 || info.getChannels() < 1) {
            throw corrupt(source, "it has no valid STREAMINFO header");
        }
        int bits = info.getBitsPerSample();
        if (bits != 8 && bits != 16 && bits != 24) {
            throw new AsrException(ErrorCode.UNSUPPORTED_FORMAT, source + ": " + bits
                    + "-bit FLAC is not supported (use 8, 16 or 24 bits)");
        }
        long declared = info.getTotalSamples();
        long maxMs = limits.maxDurationMs();
        if (declared > 0 && declared * 1000 / info.getSampleRate() > maxMs) {
            throw AudioDecoder.tooLong(source, declared * 1000 / info.getSampleRate(), maxMs);
        }
        return new FlacStream(source, input, decoder, info, limits);
    }

    @Override
    public int sampleRate() {
        return rate;
    }

    @Override
    public String sourceFormat() {
        return description;
    }

    @Override
    public int read(float[] into, int offset, int length) throws AsrException {
        while (pendingPos == pending.length) {
            if (ended || !nextFrame()) {
                return -1;
            }
        }
        int n = Math.min(length, pending.length - pendingPos);
        System.arraycopy(pending, pendingPos, into, offset, n);
        pendingPos += n;
        return n;
    }

    /** Decodes the next frame into {@code pending}; false at the end (then the length checks ran). */
    private boolean nextFrame() throws AsrException {
        Frame frame;
        try {
            input.startFrame();
            frame = decoder.readNextFrame();
            if (frame != null) {
                pcm = decoder.decodeFrame(frame, pcm);
            }
        } catch (TooDamaged e) {
            throw corrupt(source, e.getMessage());
        } catch (IOException e) {
            if (e instanceof InterruptedIOException || e.getCause() instanceof AsrException) {
                throw AudioDecoder.readFailed(source, e);
            }
            throw new AsrException(ErrorCode.CORRUPT_AUDIO, source + ": damaged FLAC data, the decoder gave up", e);
        } catch (RuntimeException e) {
            if (frames == 0) {
                throw corrupt(source, "its first frame cannot be decoded");
            }
            frame = null; // a damaged tail after good audio: the length check below decides
        }
        if (frame == null) {
            finish();
            return false;
        }
        int channels = frame.header.channels;
        AudioFormat format = bits == 8
                ? new AudioFormat(AudioFormat.Encoding.PCM_UNSIGNED, rate, 8, channels, channels, rate, false)
                : new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, rate, bits, channels, channels * bits / 8, rate,
                false);
        pending = PcmConverter.toMonoFloat(pcm.getData(), pcm.getLen(), format);
        pendingPos = 0;
        frames += pending.length;
        if (frames > maxFrames) {
            throw AudioDecoder.tooLong(source, limits.maxDurationMs() + 1, limits.maxDurationMs());
        }
        return true;
    }

    private void finish() throws AsrException {
        ended = true;
        if (frames == 0) {
            throw corrupt(source, "the stream decoded to no samples");
        }
        truncated = Truncation.check(source, "FLAC", declared, frames, 0, rate, limits);
    }

    @Override
    public boolean truncated() {
        return truncated;
    }

    @Override
    public void close() {
        try {
            input.in.close();
        } catch (IOException e) {
            // reading is over either way
        }
    }

    static AsrException corrupt(String source, String why) {
        return new AsrException(ErrorCode.CORRUPT_AUDIO, source + ": damaged FLAC file: " + why);
    }

    /** Thrown from inside jflac's frame loop, which otherwise retries bad frames until the input ends. */
    private static final class TooDamaged extends RuntimeException {
        TooDamaged(String why) {
            super(why, null, false, false);
        }
    }

    /** The decoder's only input: every read checks interruption, the bad-frame budget and the frame's time. */
    private static final class GuardedInput extends InputStream {
        private final InputStream in;
        private final long frameTimeoutNanos;
        private long frameStarted;
        FLACDecoder decoder;

        GuardedInput(InputStream in, long frameTimeoutNanos) {
            this.in = in;
            this.frameTimeoutNanos = frameTimeoutNanos;
        }

        void startFrame() {
            frameStarted = System.nanoTime();
        }

        private void guard() throws InterruptedIOException {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("decoding was interrupted");
            }
            if (decoder != null && decoder.getBadFrames() > MAX_BAD_FRAMES) {
                throw new TooDamaged("more than " + MAX_BAD_FRAMES + " frames are damaged");
            }
            if (System.nanoTime() - frameStarted > frameTimeoutNanos) {
                throw new TooDamaged("one frame took more than " + frameTimeoutNanos / 1_000_000_000 + " s to decode");
            }
        }

        @Override
        public int read() throws IOException {
            guard();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            guard();
            return in.read(b, off, len);
        }
    }
}
