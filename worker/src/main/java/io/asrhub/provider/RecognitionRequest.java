package io.asrhub.provider;

import io.asrhub.audio.DecodedAudio;

/**
 * One clip to recognise. {@code language} overrides the provider's configured language when not
 * null (e.g. a job's language hint).
 */
public record RecognitionRequest(String source, DecodedAudio audio, String language, boolean wordTimestamps) {
    public static RecognitionRequest of(String source, DecodedAudio audio) {
        return new RecognitionRequest(source, audio, null, false);
    }
}
