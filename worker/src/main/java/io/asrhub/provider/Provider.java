package io.asrhub.provider;

import io.asrhub.errors.AsrException;

/**
 * A configured engine with its shared resources loaded (model weights, HTTP client). It hands
 * out {@link Recognizer} slots that share those resources, which is how a pool of N whisper slots
 * holds the weights once.
 */
public interface Provider extends AutoCloseable {
    /** Engine name as used in config, e.g. "whisper". */
    String name();

    /** Model identifier reported on every transcript. */
    String modelName();

    /** Sample rate the recognizers expect in {@link RecognitionRequest#audio()}; every engine declares its own. */
    int sampleRate();

    Recognizer newRecognizer() throws AsrException;

    @Override
    void close();
}
