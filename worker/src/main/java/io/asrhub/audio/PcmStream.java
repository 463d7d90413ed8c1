package io.asrhub.audio;

import io.asrhub.errors.AsrException;

/**
 * Decoded audio read a block at a time: mono float samples in [-1, 1] at {@link #sampleRate()}.
 * A reader holds only what it needs for the next block, so a long recording can be processed
 * (e.g. split into pieces) in memory that does not grow with its length. Limits are enforced on
 * the samples actually read (the duration limit as they arrive, a truncated container at the end),
 * never on what a header claims.
 */
public interface PcmStream extends AutoCloseable {
    int sampleRate();

    /** "WAV 16-bit PCM 16000 Hz 1ch" and the like, known once the header was read. */
    String sourceFormat();

    /**
     * Reads up to {@code length} samples into {@code into} from {@code offset}.
     *
     * @return the number read (at least 1), or -1 at the end of the audio
     */
    int read(float[] into, int offset, int length) throws AsrException;

    /** Whether the container held less audio than it declared and this was accepted; known at the end. */
    boolean truncated();

    @Override
    void close();
}
