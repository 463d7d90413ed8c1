package io.asrhub.provider.whisper;

/**
 * whisper.cpp encodes a full 30 s window (1500 encoder frames) whatever the clip's length, so a
 * 5 s clip costs about as much as a 30 s one. Its {@code audio_ctx} (whisper-jni's
 * {@code WhisperFullParams.audioCtx}) shrinks the window; this sizes it to the audio.
 */
final class EncoderWindow {
    /** Encoder frames per second of audio: 1500 frames cover 30 s. */
    static final double FRAMES_PER_SECOND = 50;
    static final int FULL = 1500;
    /** Slack so the window never cuts the clip's last words. */
    static final int MARGIN_FRAMES = 32;
    /** whisper.cpp misbehaves on very small windows; clips under ~0.6 s get this many frames. */
    static final int MIN_FRAMES = 64;

    private EncoderWindow() {
    }

    /** The window for {@code samples} at 16 kHz: 0 (whisper's default, the full window) at 30 s and over. */
    static int fitted(int samples) {
        int frames = (int) Math.ceil(samples / 16_000.0 * FRAMES_PER_SECOND) + MARGIN_FRAMES;
        return frames >= FULL ? 0 : Math.max(frames, MIN_FRAMES);
    }
}
