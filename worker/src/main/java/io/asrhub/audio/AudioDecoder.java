package io.asrhub.audio;

import io.asrhub.config.AudioLimits;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Entry point for turning bytes into samples: enforces size and duration limits, sniffs the
 * container, decodes, downmixes and resamples. Decoding runs on a watchdog thread because
 * third-party codecs can spin forever on crafted input; a stuck decode becomes an error, not a
 * stuck worker.
 */
public final class AudioDecoder {
    public static final int WHISPER_SAMPLE_RATE = 16_000;
    private static final ExecutorService DECODER_THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "asr-audio-decoder");
        t.setDaemon(true);
        return t;
    });

    private final AudioLimits limits;
    private final Duration decodeTimeout;

    public AudioDecoder(AudioLimits limits) {
        this(limits, Duration.ofSeconds(120));
    }

    public AudioDecoder(AudioLimits limits, Duration decodeTimeout) {
        this.limits = limits;
        this.decodeTimeout = decodeTimeout;
    }

    public AudioLimits limits() {
        return limits;
    }

    /** Reads a file after checking its size, then decodes it to {@code targetRate} mono. */
    public DecodedAudio decodeFile(Path file, int targetRate) throws AsrException {
        String source = file.toString();
        byte[] data;
        try {
            long size = Files.size(file);
            checkSize(source, size);
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new AsrException(ErrorCode.BAD_REFERENCE, source + ": no such file");
        } catch (IOException e) {
            throw new AsrException(ErrorCode.IO_ERROR, source + ": cannot read file (" + e.getMessage() + ")", e);
        }
        return decode(source, data, targetRate);
    }

    /** Decodes in-memory audio to {@code targetRate} mono floats. */
    public DecodedAudio decode(String source, byte[] data, int targetRate) throws AsrException {
        DecodedAudio nativeRate = decodeNativeRate(source, data);
        float[] resampled = Resampler.resample(nativeRate.samples(), nativeRate.sampleRate(), targetRate);
        return new DecodedAudio(resampled, targetRate, nativeRate.sourceFormat(), nativeRate.truncated());
    }

    /**
     * Opens {@code in} as a stream of {@code targetRate} mono samples. WAV and FLAC are read as they
     * are decoded, a block or frame at a time (memory independent of their length; a FLAC frame that
     * takes longer than the decode timeout fails it); MP3, OGG Vorbis and Opus are decoded whole
     * first, as by {@link #decode}, and then handed out from the decoded array. {@code in} is closed
     * by the stream.
     */
    public PcmStream open(String source, InputStream in, int targetRate) throws AsrException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        byte[] head;
        try {
            buffered.mark(300);
            head = buffered.readNBytes(300);
            buffered.reset();
        } catch (IOException e) {
            closeQuietly(buffered);
            throw readFailed(source, e);
        }
        AudioContainer container = AudioContainer.sniff(head);
        if (container != AudioContainer.WAV && container != AudioContainer.FLAC) {
            try (buffered) {
                // Decoded whole: the ordinary limits, and never more than max-bytes + 1 read into memory.
                byte[] data = buffered.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, limits.maxBytes() + 1));
                return new ArrayPcmStream(decode(source, data, targetRate));
            } catch (IOException e) {
                throw readFailed(source, e);
            }
        }
        try {
            AudioLimits streamed = limits.streamed();
            PcmStream pcm = container == AudioContainer.WAV ? WavStream.open(source, buffered, streamed)
                    : FlacStream.open(source, buffered, streamed, decodeTimeout.toNanos());
            return pcm.sampleRate() == targetRate ? pcm : new ResamplingStream(pcm, targetRate);
        } catch (IOException e) {
            closeQuietly(buffered);
            throw readFailed(source, e);
        } catch (AsrException e) {
            closeQuietly(buffered);
            throw e;
        }
    }

    /** The checks every decoded recording passes (at least one 10 ms frame, finite samples), for streamed audio read whole. */
    public static DecodedAudio checked(String source, DecodedAudio audio) throws AsrException {
        return SampleSanity.check(source, audio);
    }

    /** A failed read of audio bytes; a limit hit by the byte source travels as the cause. */
    static AsrException readFailed(String source, IOException e) {
        if (e.getCause() instanceof AsrException limit) {
            return limit;
        }
        if (e instanceof java.io.InterruptedIOException) {
            return new AsrException(ErrorCode.INTERRUPTED, source + ": reading was interrupted");
        }
        return new AsrException(ErrorCode.IO_ERROR, source + ": cannot read audio (" + e.getClass().getSimpleName()
                + ")", e);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // already failing
        }
    }

    /** Decodes without resampling; used where the original rate matters (format tests, probing). */
    public DecodedAudio decodeNativeRate(String source, byte[] data) throws AsrException {
        checkSize(source, data.length);
        if (data.length == 0) {
            throw new AsrException(ErrorCode.EMPTY_INPUT, source + ": input is empty (0 bytes)");
        }
        byte[] head = Arrays.copyOf(data, Math.min(data.length, 300));
        AudioContainer container = AudioContainer.sniff(head);
        if (container == null) {
            String known = AudioContainer.describeUnsupported(head);
            if (known != null) {
                throw new AsrException(ErrorCode.UNSUPPORTED_FORMAT, source + ": " + known);
            }
            // The bytes themselves are never quoted: a reference may point at a file that is not the user's.
            throw new AsrException(ErrorCode.NOT_AUDIO, source
                    + ": not a recognised audio file (expected WAV, FLAC, MP3, OGG Vorbis or Opus; it starts like "
                    + (looksLikeText(head) ? "text" : "unrecognised binary data") + ")");
        }
        return SampleSanity.check(source, withWatchdog(source, container, () -> StdoutGuard.silenced(() -> switch (container) {
            case WAV -> WavReader.read(source, data, limits);
            case OPUS -> OggOpusReader.read(source, data, limits);
            case FLAC -> FlacReader.read(source, data, limits);
            default -> CodecReader.read(source, data, container, limits);
        })));
    }

    private DecodedAudio withWatchdog(String source, AudioContainer container, DecodeTask task) throws AsrException {
        Future<DecodedAudio> future = DECODER_THREADS.submit(task::run);
        try {
            return future.get(decodeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AsrException(ErrorCode.CORRUPT_AUDIO,
                    source + ": decoder did not finish within " + decodeTimeout.toSeconds() + " s (damaged file?)");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new AsrException(ErrorCode.INTERRUPTED, source + ": decoding was interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AsrException asr) {
                throw asr;
            }
            if (cause instanceof OutOfMemoryError) {
                throw new AsrException(ErrorCode.TOO_LARGE, source + ": decoded audio does not fit in memory", cause);
            }
            // Codec internals (NullPointerException "ptr is null" and the like) mean damaged data.
            throw new AsrException(ErrorCode.CORRUPT_AUDIO, source + ": damaged " + container
                    + " data, the decoder gave up", cause);
        }
    }

    private void checkSize(String source, long size) throws AsrException {
        if (size > limits.maxBytes()) {
            throw new AsrException(ErrorCode.TOO_LARGE,
                    source + ": " + size + " bytes exceeds the limit of " + limits.maxBytes() + " bytes");
        }
    }

    static AsrException tooLong(String source, long durationMs, long maxMs) {
        return new AsrException(ErrorCode.TOO_LONG, source + ": audio lasts " + (durationMs > maxMs ? "over " : "")
                + Duration.ofMillis(durationMs).toSeconds() + " s, longer than the limit of "
                + Duration.ofMillis(maxMs).toSeconds() + " s");
    }

    private static boolean looksLikeText(byte[] head) {
        int printable = 0;
        for (byte b : head) {
            if (b == '\n' || b == '\r' || b == '\t' || (b >= 0x20 && b < 0x7f)) {
                printable++;
            }
        }
        return head.length > 0 && printable >= head.length * 0.9;
    }

    @FunctionalInterface
    private interface DecodeTask {
        DecodedAudio run() throws Exception;
    }
}
