package io.asrhub.pool;

import io.asrhub.audio.DecodedAudio;
import io.asrhub.errors.AsrException;
import io.asrhub.provider.RecognitionRequest;
import io.asrhub.provider.Recognizer;

import java.util.Random;

/**
 * One short synthetic recognition: a second of near-silence (very quiet noise, so engines that
 * skip digital silence still run their decoder). Run on every new instance so lazy engine
 * initialisation (buffer allocation, kernel selection) happens before the first user request,
 * and by the active health check on idle instances.
 */
final class WarmUp {
    private final int sampleRate;

    WarmUp(int sampleRate) {
        this.sampleRate = sampleRate;
    }

    void run(Recognizer recognizer) throws AsrException {
        run(recognizer, "warm-up");
    }

    void run(Recognizer recognizer, String source) throws AsrException {
        float[] quietNoise = new float[sampleRate];
        Random random = new Random(7);
        for (int i = 0; i < quietNoise.length; i++) {
            quietNoise[i] = (float) (random.nextGaussian() * 1e-3);
        }
        recognizer.transcribe(RecognitionRequest.of(source, new DecodedAudio(quietNoise, sampleRate, source)));
    }
}
