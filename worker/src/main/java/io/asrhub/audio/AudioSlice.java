package io.asrhub.audio;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A contiguous stretch of a decoded recording: a view (offset + length) over the recording's shared
 * sample array, never a copy, so splitting a long file costs no extra audio memory.
 */
public record AudioSlice(DecodedAudio recording, int index, int offset, int length) {
    public AudioSlice {
        if (index < 0 || offset < 0 || length <= 0 || offset + (long) length > recording.samples().length) {
            throw new IllegalArgumentException("piece " + index + " [" + offset + ", +" + length
                    + ") outside a recording of " + recording.samples().length + " samples");
        }
    }

    /** One past the last sample, i.e. where the next piece starts. */
    public int end() {
        return offset + length;
    }

    public long startMs() {
        return offset * 1000L / recording.sampleRate();
    }

    public long endMs() {
        return end() * 1000L / recording.sampleRate();
    }

    /** Read-only view of this piece's samples over the recording's array. */
    public FloatBuffer samples() {
        return FloatBuffer.wrap(recording.samples(), offset, length).slice().asReadOnlyBuffer();
    }

    /**
     * A standalone copy for engines that need an array starting at index 0 (whisper-jni has no
     * offset parameter). Callers make it only while the piece is being recognised, so at most one
     * copy per busy slot exists at a time.
     */
    public DecodedAudio toDecodedAudio() {
        return new DecodedAudio(Arrays.copyOfRange(recording.samples(), offset, end()), recording.sampleRate(),
                recording.sourceFormat());
    }

    /** "piece 3/20 (60.0 s - 89.4 s)" for logs and error messages. */
    public String describe(int count) {
        return String.format(java.util.Locale.ROOT, "piece %d/%d (%.1f s - %.1f s)", index + 1, count,
                startMs() / 1000.0, endMs() / 1000.0);
    }
}
