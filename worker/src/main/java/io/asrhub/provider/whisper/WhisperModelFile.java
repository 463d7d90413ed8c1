package io.asrhub.provider.whisper;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks a model file before it reaches native code: whisper.cpp trusts its input, so a wrong or
 * damaged file must be rejected here with a message instead of crashing the JVM there.
 */
final class WhisperModelFile {
    static final int GGML_MAGIC = 0x67676d6c;
    private static final int HEADER_INTS = 12;

    private WhisperModelFile() {
    }

    /** Returns a short description like "n_vocab=51864, 4 audio layers"; throws when unusable. */
    static String validate(Path model) throws AsrException {
        if (model == null) {
            throw ModelMissing.noModel();
        }
        if (!Files.isRegularFile(model)) {
            throw ModelMissing.notFound(model);
        }
        try (InputStream in = Files.newInputStream(model)) {
            byte[] head = in.readNBytes(HEADER_INTS * 4);
            if (head.length < HEADER_INTS * 4) {
                throw invalid(model, "file is too short to be a whisper model");
            }
            ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
            if (b.getInt() != GGML_MAGIC) {
                throw invalid(model, "not a whisper.cpp ggml model (bad magic number)");
            }
            int nVocab = b.getInt();
            int audioCtx = b.getInt();
            int audioState = b.getInt();
            b.getInt();
            int audioLayers = b.getInt();
            if (nVocab <= 0 || audioCtx <= 0 || audioState <= 0 || audioLayers <= 0) {
                throw invalid(model, "header has impossible dimensions");
            }
            long minimumBytes = (long) nVocab * audioState; // the token embedding alone, at one byte/weight
            if (Files.size(model) < minimumBytes) {
                throw invalid(model, "file is truncated (" + Files.size(model) + " bytes, the header needs more than "
                        + minimumBytes + ")");
            }
            return "n_vocab=" + nVocab + ", n_audio_state=" + audioState + ", " + audioLayers + " audio layers";
        } catch (IOException e) {
            throw new AsrException(ErrorCode.IO_ERROR, model + ": cannot read model (" + e.getMessage() + ")", e);
        }
    }

    private static AsrException invalid(Path model, String why) {
        return new AsrException(ErrorCode.MODEL_INVALID, model + ": " + why
                + ". Download a verified model with: asr-hub models pull tiny.en");
    }
}
