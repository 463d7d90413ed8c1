package io.asrhub.recognition;

import io.asrhub.audio.AudioSplitter;
import io.asrhub.config.Definition;
import io.asrhub.config.Rule;
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
    public static final Definition<Boolean> ENABLED = Definition.bool("chunking.enabled", true,
            "split long recordings into pieces recognised in parallel");
    public static final Definition<Long> MAX_PIECE_MS = Definition.longValue("chunking.max-piece-ms", 30_000L,
            "longest piece").check(Rule.atLeast(200)); // two of the splitter's 100 ms windows
    public static final Definition<Long> SEARCH_MS = Definition.longValue("chunking.search-ms", 5_000L,
            "how far before each piece limit a pause is searched for (below max-piece-ms)").check(Rule.atLeast(0));
    public static final Definition<Long> FROM_MS = Definition.longValue("chunking.from-ms", 45_000L,
            "recordings shorter than this are never split").check(Rule.atLeast(0));
    public static final List<Definition<?>> DEFINITIONS = List.of(ENABLED, MAX_PIECE_MS, SEARCH_MS, FROM_MS);

    public static final ChunkingSettings DEFAULT = new ChunkingSettings(ENABLED.defaultValue(),
            MAX_PIECE_MS.defaultValue(), SEARCH_MS.defaultValue(), FROM_MS.defaultValue());

    public ChunkingSettings {
        splitter(maxPieceMs, searchMs, fromMs); // one place validates the combination
    }

    public static ChunkingSettings read(Settings settings) throws AsrException {
        boolean enabled = settings.get(ENABLED);
        long max = settings.get(MAX_PIECE_MS);
        long search = settings.get(SEARCH_MS);
        long from = settings.get(FROM_MS);
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
