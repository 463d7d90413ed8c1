package io.asrhub.provider.whisper;

import io.asrhub.config.ProviderConfig;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.provider.Provider;
import io.asrhub.provider.Recognizer;
import io.github.givimad.whisperjni.WhisperContext;
import io.github.givimad.whisperjni.WhisperJNI;
import io.github.givimad.whisperjni.WhisperState;

import java.nio.file.Path;

/** A loaded whisper model. Each {@link #newRecognizer()} adds one decoding state (KV cache, buffers). */
final class WhisperProvider implements Provider {
    /** whisper.cpp's fixed input rate. */
    static final int WHISPER_SAMPLE_RATE = 16_000;

    private final WhisperJNI whisper;
    private final WhisperContext context;
    private final WhisperOptions options;
    private final String modelName;
    private final boolean multilingual;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    WhisperProvider(WhisperJNI whisper, WhisperContext context, ProviderConfig config, String description)
            throws io.asrhub.errors.AsrException {
        this.whisper = whisper;
        this.context = context;
        this.multilingual = whisper.isMultilingual(context);
        this.options = WhisperOptions.from(config, multilingual);
        this.modelName = modelName(config.modelPath());
    }

    @Override
    public String name() {
        return "whisper";
    }

    @Override
    public String modelName() {
        return modelName;
    }

    @Override
    public int sampleRate() {
        return WHISPER_SAMPLE_RATE;
    }

    @Override
    public Recognizer newRecognizer() throws AsrException {
        WhisperState state = NativeGate.INSTANCE.exclusive(() -> whisper.initState(context));
        if (state == null) {
            throw new AsrException(ErrorCode.PROVIDER_FAILED, "whisper.cpp could not allocate a decoding state");
        }
        return new WhisperRecognizer(whisper, context, state, options, multilingual);
    }

    @Override
    public void close() {
        // Idempotent: freeing a native context twice would crash the JVM.
        if (closed.compareAndSet(false, true)) {
            NativeGate.INSTANCE.exclusive(() -> whisper.free(context));
        }
    }

    private static String modelName(Path path) {
        String file = path.getFileName().toString();
        return file.replaceFirst("^ggml-", "").replaceFirst("\\.bin$", "");
    }
}
