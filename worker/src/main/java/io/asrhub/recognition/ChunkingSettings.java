package io.asrhub.recognition;

import io.asrhub.audio.AudioSplitter;
import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

import java.util.List;

/**
 * How long recordings are split into pieces that run in parallel: the one definition of the
 * {@code chunking.*} keys and their defaults (documented in docs/configuration.md).
 *
 * @param enabled    split at all
 * @param maxPieceMs longest piece; 30 s is whisper's window, so a piece is one encoder pass
 * @param searchMs   how far before each limit the splitter looks for a pause
 * @param fromMs     recordings shorter than this are never split
 */
public record ChunkingSettings(boolean enabled, long maxPieceMs, long searchMs, long fromMs) {
    public static final String ENABLED = "chunking.enabled";
    public static final String MAX_PIECE_MS = "chunking.max-piece-ms";
    public static final String SEARCH_MS = "chunking.search-ms";
    public static final String FROM_MS = "chunking.from-ms";

    public static final ChunkingSettings DEFAULT = new ChunkingSettings(true, 30_000, 5_000, 45_000);

    public ChunkingSettings {
        splitter(maxPieceMs, searchMs, fromMs); // one place validates the combination
    }

    /** Keys whose environment overrides are honoured even when absent from the file. */
    public static List<String> knownKeys() {
        return List.of(ENABLED, MAX_PIECE_MS, SEARCH_MS, FROM_MS);
    }

    public static ChunkingSettings read(Settings settings) throws AsrException {
        boolean enabled = settings.getBoolean(ENABLED, DEFAULT.enabled());
        long max = settings.getLong(MAX_PIECE_MS, DEFAULT.maxPieceMs());
        long search = settings.getLong(SEARCH_MS, DEFAULT.searchMs());
        long from = settings.getLong(FROM_MS, DEFAULT.fromMs());
        try {
            return new ChunkingSettings(enabled, max, search, from);
        } catch (IllegalArgumentException e) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, "chunking: " + e.getMessage());
        }
    }

    public ChunkingSettings withEnabled(boolean value) {
        return new ChunkingSettings(value, maxPieceMs, searchMs, fromMs);
    }

    public AudioSplitter splitter() {
        return splitter(maxPieceMs, searchMs, fromMs);
    }

    private static AudioSplitter splitter(long maxPieceMs, long searchMs, long fromMs) {
        return new AudioSplitter(maxPieceMs, searchMs, fromMs);
    }
}
