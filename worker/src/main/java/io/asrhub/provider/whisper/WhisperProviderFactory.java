package io.asrhub.provider.whisper;

import io.asrhub.config.ProviderConfig;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.provider.Provider;
import io.asrhub.provider.ProviderFactory;
import io.github.givimad.whisperjni.WhisperContext;
import io.github.givimad.whisperjni.WhisperJNI;

import java.io.IOException;

/** Engine "whisper": whisper.cpp through whisper-jni, one loaded model shared by all pool slots. */
public final class WhisperProviderFactory implements ProviderFactory {
    private static volatile boolean libraryLoaded;

    @Override
    public String name() {
        return "whisper";
    }

    @Override
    public java.util.List<io.asrhub.config.Definition<?>> options() {
        return WhisperOptions.DEFINITIONS;
    }

    /** Applies the documented model search order and says how to get a model when there is none. */
    @Override
    public ProviderConfig resolve(ProviderConfig config) throws AsrException {
        java.nio.file.Path model = new io.asrhub.model.ModelLocator().locate(config.modelPath())
                .orElseThrow(ModelMissing::noModel);
        if (!java.nio.file.Files.isRegularFile(model)) {
            throw ModelMissing.notFound(model);
        }
        return config.withModelPath(model);
    }

    @Override
    public Provider open(ProviderConfig config) throws AsrException {
        String description = WhisperModelFile.validate(config.modelPath());
        WhisperJNI whisper = new WhisperJNI();
        loadLibrary();
        WhisperContext context;
        try {
            // No-state context: the weights live here once; every pool slot adds only its own state.
            context = initNoState(whisper, config.modelPath());
        } catch (IOException | RuntimeException e) {
            throw new AsrException(ErrorCode.MODEL_INVALID,
                    config.modelPath() + ": whisper.cpp could not load the model (" + e.getMessage() + ")", e);
        }
        if (context == null) {
            throw new AsrException(ErrorCode.MODEL_INVALID, config.modelPath() + ": whisper.cpp could not load the model");
        }
        return new WhisperProvider(whisper, context, config, description);
    }

    private static WhisperContext initNoState(WhisperJNI whisper, java.nio.file.Path model) throws IOException {
        NativeGate.INSTANCE.enterExclusive();
        try {
            return whisper.initNoState(model);
        } finally {
            NativeGate.INSTANCE.exitExclusive();
        }
    }

    private static synchronized void loadLibrary() throws AsrException {
        if (libraryLoaded) {
            return;
        }
        try {
            WhisperJNI.loadLibrary();
            WhisperJNI.setLibraryLogger(line -> { });
            libraryLoaded = true;
        } catch (IOException | UnsatisfiedLinkError e) {
            throw new AsrException(ErrorCode.PROVIDER_FAILED,
                    "cannot load the whisper.cpp native library for this platform (" + e.getMessage() + ")", e);
        }
    }
}
