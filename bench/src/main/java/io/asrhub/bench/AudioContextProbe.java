package io.asrhub.bench;

import io.github.givimad.whisperjni.WhisperState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Opt-in idea for the small lane: whisper.cpp always encodes a 30 s window, so a 5 s clip costs almost
 * as much as a 30 s one. Its audio_ctx parameter (exposed by whisper-jni 1.7.1 as
 * {@code WhisperFullParams.audioCtx}) shrinks the encoder window to the clip. This times each short clip
 * solo, single-threaded, with the full window and with a window sized to the clip, and records whether
 * the text changed. Accuracy needs a real model to judge; with generated weights only the cost is real.
 */
final class AudioContextProbe {
    /** Encoder frames per second of audio: 1500 frames cover 30 s. */
    private static final double FRAMES_PER_SECOND = 50;
    /** Slack so the window never cuts the clip's last words. */
    private static final int MARGIN_FRAMES = 32;

    private AudioContextProbe() {
    }

    static int sizedWindow(int samples) {
        int frames = (int) Math.ceil(samples / 16_000.0 * FRAMES_PER_SECOND) + MARGIN_FRAMES;
        return Math.min(1500, Math.max(frames, 64));
    }

    /** Meta lines: summed solo times over the short clips, full and sized window, and texts that changed. */
    static List<String> measure(Path model, List<BenchJob> shortJobs, Map<String, float[]> audio) throws IOException {
        long fullMs = 0;
        long sizedMs = 0;
        int changed = 0;
        try (RawWhisper whisper = new RawWhisper(model)) {
            WhisperState state = whisper.newState();
            for (BenchJob job : shortJobs) {
                float[] samples = audio.get(job.clip().toString());
                whisper.transcribe(state, samples, 1, 0); // warm the state's buffers
                long t0 = System.nanoTime();
                String full = whisper.transcribe(state, samples, 1, 0);
                long t1 = System.nanoTime();
                String sized = whisper.transcribe(state, samples, 1, sizedWindow(samples.length));
                long t2 = System.nanoTime();
                fullMs += (t1 - t0) / 1_000_000;
                sizedMs += (t2 - t1) / 1_000_000;
                changed += full.equals(sized) ? 0 : 1;
            }
            whisper.free(state);
        }
        return List.of("meta\taudioCtxClips\t" + shortJobs.size(), "meta\taudioCtxFullMs\t" + fullMs,
                "meta\taudioCtxSizedMs\t" + sizedMs, "meta\taudioCtxChangedTexts\t" + changed);
    }
}
