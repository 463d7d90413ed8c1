package io.asrhub.audio;

import io.asrhub.config.AudioLimits;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

import javax.sound.sampled.AudioFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * RIFF/WAVE read as a stream: the header chunks first, then the data chunk a block of frames at a
 * time, downmixed to mono floats. Holds one block (8192 frames) whatever the file's length. The same
 * rules as {@link WavReader}: the duration limit is checked on the frames read, a data chunk shorter
 * than declared is TRUNCATED_AUDIO (unless accepted) once the end is reached, and float samples must
 * be finite and within {@link SampleSanity#MAX_LEVEL}.
 */
final class WavStream implements PcmStream {
    private static final int BLOCK_FRAMES = 8192;
    /** A fmt chunk is 16 to 40 bytes; anything far larger is not a WAV header. */
    private static final long MAX_FMT_BYTES = 64 * 1024;

    private final String source;
    private final InputStream in;
    private final AudioFormat format;
    private final AudioLimits limits;
    private final long declaredFrames;
    private final long maxFrames;
    private final byte[] block;
    private long bytesLeft;
    private long framesRead;
    private boolean ended;
    private boolean truncated;

    private WavStream(String source, InputStream in, AudioFormat format, long dataSize, AudioLimits limits) {
        this.source = source;
        this.in = in;
        this.format = format;
        this.limits = limits;
        boolean known = dataSize < WavReader.UNKNOWN_LENGTH;
        this.declaredFrames = known ? dataSize / format.getFrameSize() : 0;
        this.bytesLeft = known ? dataSize : Long.MAX_VALUE;
        this.maxFrames = (long) (limits.maxDurationMs() * (double) format.getSampleRate() / 1000);
        this.block = new byte[BLOCK_FRAMES * format.getFrameSize()];
    }

    /** Reads the header up to the start of the samples; {@code in} is positioned at the RIFF magic. */
    static WavStream open(String source, InputStream in, AudioLimits limits) throws AsrException, IOException {
        in.readNBytes(12); // "RIFF", size, "WAVE": the container was sniffed already
        AudioFormat format = null;
        while (true) {
            byte[] header = in.readNBytes(8);
            if (header.length < 8) {
                throw WavReader.corrupt(source, format == null ? "no fmt chunk found"
                        : "no data chunk found (file truncated?)");
            }
            ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            String id = new String(header, 0, 4, StandardCharsets.ISO_8859_1);
            long size = Integer.toUnsignedLong(h.getInt(4));
            if (id.equals("fmt ")) {
                if (size > MAX_FMT_BYTES) {
                    throw WavReader.corrupt(source, "fmt chunk of " + size + " bytes");
                }
                byte[] fmt = in.readNBytes((int) size);
                if (fmt.length < size) {
                    throw WavReader.corrupt(source, "fmt chunk is truncated");
                }
                format = WavReader.parseFormat(source, ByteBuffer.wrap(fmt).order(ByteOrder.LITTLE_ENDIAN));
                skipFully(in, size & 1);
            } else if (id.equals("data")) {
                if (format == null) {
                    throw WavReader.corrupt(source, "data chunk appears before the fmt chunk");
                }
                return new WavStream(source, in, format, size, limits);
            } else {
                long skip = size + (size & 1); // LIST, fact, cue: skipped; RIFF pads chunks to even length
                if (skipFully(in, skip) < skip) {
                    throw WavReader.corrupt(source, "no data chunk found (file truncated?)");
                }
            }
        }
    }

    @Override
    public int sampleRate() {
        return (int) format.getSampleRate();
    }

    @Override
    public String sourceFormat() {
        return WavReader.describe(format);
    }

    @Override
    public int read(float[] into, int offset, int length) throws AsrException {
        if (ended) {
            return -1;
        }
        int frameSize = format.getFrameSize();
        int frames = (int) Math.min(Math.min(length, BLOCK_FRAMES), bytesLeft / frameSize);
        int bytes;
        try {
            bytes = frames == 0 ? 0 : in.readNBytes(block, 0, frames * frameSize);
        } catch (IOException e) {
            throw AudioDecoder.readFailed(source, e);
        }
        int n = bytes / frameSize; // a partial frame at the very end is dropped
        if (n == 0) {
            return finish();
        }
        bytesLeft -= (long) n * frameSize;
        framesRead += n;
        if (framesRead > maxFrames) {
            throw AudioDecoder.tooLong(source, limits.maxDurationMs() + 1, limits.maxDurationMs());
        }
        float[] mono = PcmConverter.toMonoFloat(block, n * frameSize, format);
        SampleSanity.checkLevels(source, mono, n, framesRead - n);
        System.arraycopy(mono, 0, into, offset, n);
        return n;
    }

    private int finish() throws AsrException {
        ended = true;
        if (framesRead == 0) {
            throw new AsrException(ErrorCode.EMPTY_INPUT, source + ": WAV file contains no samples");
        }
        truncated = Truncation.check(source, "WAV", declaredFrames, framesRead, 0, format.getSampleRate(), limits);
        return -1;
    }

    @Override
    public boolean truncated() {
        return truncated;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // reading is over either way
        }
    }

    /** Skips {@code n} bytes or up to the end; returns how many were skipped. */
    private static long skipFully(InputStream in, long n) throws IOException {
        long done = 0;
        while (done < n) {
            long s = in.skip(n - done);
            if (s > 0) {
                done += s;
            } else if (in.read() >= 0) {
                done++;
            } else {
                break;
            }
        }
        return done;
    }
}
