package io.asrhub.provider.whisper;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

import java.nio.file.Path;

/** The one message every command shows when no whisper model is available: what to run to get one. */
public final class ModelMissing {
    private ModelMissing() {
    }

    public static final String HOW_TO_GET = "Get one with `asr-hub models pull tiny.en` (or base.en, small.en, ...), "
            + "or point to an existing ggml file with --model PATH or ASR_HUB_WHISPER_MODEL=PATH.";

    public static AsrException noModel() {
        return new AsrException(ErrorCode.MODEL_MISSING, "No whisper model found. " + HOW_TO_GET);
    }

    public static AsrException notFound(Path path) {
        return new AsrException(ErrorCode.MODEL_MISSING, "Whisper model " + path + " does not exist. " + HOW_TO_GET);
    }
}
