package io.asrhub.provider.whisper;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Walks a ggml model file's whole structure (header, mel filters, vocabulary, every tensor's
 * extent) before native code sees it. whisper.cpp accepts a file cut off before its first tensor
 * as an "empty model" and then aborts the JVM on first use; this check turns that, and every other
 * damaged file, into a MODEL_INVALID error.
 */
final class WhisperModelFile {
    static final int GGML_MAGIC = 0x67676d6c;
    private static final int MAX_TENSORS = 10_000;

    private WhisperModelFile() {
    }

    /** Returns a short description of the model; throws when the file is missing or unusable. */
    static String validate(Path model) throws AsrException {
        if (model == null) {
            throw ModelMissing.noModel();
        }
        if (!Files.isRegularFile(model)) {
            throw ModelMissing.notFound(model);
        }
        try (FileChannel ch = FileChannel.open(model, StandardOpenOption.READ)) {
            Reader r = new Reader(ch, model);
            if (r.int32() != GGML_MAGIC) {
                throw invalid(model, "not a whisper.cpp ggml model (bad magic number)");
            }
            int[] h = new int[11];
            for (int i = 0; i < h.length; i++) {
                h[i] = r.int32();
                if (h[i] < 0) {
                    throw invalid(model, "header has negative dimensions");
                }
            }
            int nVocab = h[0];
            int nMel = r.int32();
            int nFft = r.int32();
            r.skip((long) nMel * nFft * 4, "mel filters");
            int vocabEntries = r.int32();
            for (int i = 0; i < vocabEntries; i++) {
                r.skip(r.int32(), "vocabulary");
            }
            int tensors = 0;
            while (ch.position() < ch.size()) {
                r.skipTensor();
                if (++tensors > MAX_TENSORS) {
                    throw invalid(model, "implausible number of tensors");
                }
            }
            if (tensors == 0) {
                throw invalid(model, "file is truncated: it has no tensors");
            }
            return "n_vocab=" + nVocab + ", n_audio_state=" + h[2] + ", " + tensors + " tensors";
        } catch (IOException e) {
            throw new AsrException(ErrorCode.IO_ERROR, model + ": cannot read model (" + e.getMessage() + ")", e);
        }
    }

    static AsrException invalid(Path model, String why) {
        return new AsrException(ErrorCode.MODEL_INVALID, model + ": " + why
                + ". Download a verified model with: asr-hub models pull tiny.en");
    }

    /** Little-endian reads with bounds checks that report truncation instead of throwing EOF. */
    private static final class Reader {
        private final FileChannel ch;
        private final Path model;
        private final ByteBuffer four = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);

        Reader(FileChannel ch, Path model) {
            this.ch = ch;
            this.model = model;
        }

        int int32() throws IOException, AsrException {
            four.clear();
            while (four.hasRemaining()) {
                if (ch.read(four) < 0) {
                    throw invalid(model, "file is truncated");
                }
            }
            return four.flip().getInt();
        }

        void skip(long bytes, String section) throws IOException, AsrException {
            if (bytes < 0 || ch.position() + bytes > ch.size()) {
                throw invalid(model, "file is truncated (in the " + section + ")");
            }
            ch.position(ch.position() + bytes);
        }

        void skipTensor() throws IOException, AsrException {
            int dims = int32();
            int nameLength = int32();
            int type = int32();
            if (dims < 1 || dims > 4 || nameLength < 1 || nameLength > 256) {
                throw invalid(model, "tensor header is corrupt");
            }
            long elements = 1;
            for (int i = 0; i < dims; i++) {
                int d = int32();
                if (d < 1) {
                    throw invalid(model, "tensor has an empty dimension");
                }
                elements *= d;
            }
            skip(nameLength, "tensor names");
            skip(tensorBytes(type, elements), "tensor data");
        }

        private long tensorBytes(int type, long elements) throws AsrException {
            return switch (type) {
                case 0 -> elements * 4;           // F32
                case 1 -> elements * 2;           // F16
                case 2 -> elements / 32 * 18;     // Q4_0
                case 3 -> elements / 32 * 20;     // Q4_1
                case 6 -> elements / 32 * 22;     // Q5_0
                case 7 -> elements / 32 * 24;     // Q5_1
                case 8 -> elements / 32 * 34;     // Q8_0
                case 10 -> elements / 256 * 84;   // Q2_K
                case 11 -> elements / 256 * 110;  // Q3_K
                case 12 -> elements / 256 * 144;  // Q4_K
                case 13 -> elements / 256 * 176;  // Q5_K
                case 14 -> elements / 256 * 210;  // Q6_K
                default -> throw invalid(model, "tensor type " + type + " is not supported by this checker");
            };
        }
    }
}
