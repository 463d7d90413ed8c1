package io.asrhub.pool;

import io.asrhub.audio.DecodedAudio;
import io.asrhub.errors.AsrException;
import io.asrhub.provider.RecognitionRequest;
import io.asrhub.provider.Recognizer;

/**
 * Runs one short recognition on a new instance so lazy engine initialisation (buffer
 * allocation, kernel selection) happens at start, not on the first user request.
 */
final class WarmUp {
    private final int sampleRate;

    WarmUp(int sampleRate) {
        this.sampleRate = sampleRate;
    }

    void run(Recognizer recognizer) throws AsrException {
        float[] quietNoise = new float[sampleRate];
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < quietNoise.length; i++) {
            quietNoise[i] = (float) (random.nextGaussian() * 1e-3);
        }
        recognizer.transcribe(RecognitionRequest.of("warm-up", new DecodedAudio(quietNoise, sampleRate, "warm-up")));
    }
}
