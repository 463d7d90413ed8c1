package io.asrhub.audio;

import io.asrhub.config.AudioLimits;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

import java.util.Locale;

/**
 * A container that states its length (WAV data size, FLAC STREAMINFO total samples, an MP3
 * Xing/Info/VBRI frame count) but holds less audio is a partial upload: transcribing the fragment
 * would look like a finished transcript. It fails with TRUNCATED_AUDIO unless
 * {@code audio.accept-truncated} lets it through, flagged.
 */
final class Truncation {
    private Truncation() {
    }

    /**
     * @return true when the audio is truncated and accepted, false when it is complete
     * @throws AsrException TRUNCATED_AUDIO when it is truncated and not accepted
     */
    static boolean check(String source, String container, long declaredFrames, long presentFrames,
                         long toleranceFrames, double frameRate, AudioLimits limits) throws AsrException {
        if (declaredFrames <= 0 || presentFrames + toleranceFrames >= declaredFrames) {
            return false;
        }
        if (limits.acceptTruncated()) {
            return true;
        }
        throw new AsrException(ErrorCode.TRUNCATED_AUDIO, source + ": " + container + " header declares "
                + seconds(declaredFrames, frameRate) + " of audio but only " + seconds(presentFrames, frameRate)
                + " is present (partial upload?); set audio.accept-truncated=true to transcribe what is there");
    }

    private static String seconds(long frames, double rate) {
        return String.format(Locale.ROOT, "%.2f s", frames / rate);
    }
}
