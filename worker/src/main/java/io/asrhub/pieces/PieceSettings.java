package io.asrhub.pieces;

import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.records.Lane;
import io.asrhub.recognition.ChunkingSettings;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splitting long jobs across the workers of a group (docs/long-audio.md): the one definition of
 * the {@code chunking.distributed}, {@code chunking.lend-reserved-slot} and {@code chunking.stitcher}
 * keys and their defaults.
 *
 * @param lanes            lanes whose long jobs are split into pieces on the pieces topic
 * @param chunking         where and how recordings are cut (the same splitter as {@code transcribe})
 * @param topics           pieces, piece results and progress topics
 * @param lendReservedSlot a piece may run on the small lane's reserved slot while no small job waits
 * @param embeddedStitcher this worker also runs (a member of) the stitcher that emits final results
 * @param pieceTimeout     a piece running longer is dispatched again (to any worker); zero: never
 * @param splitTimeout     the stitcher fails a split with no manifest or piece result counted for this long
 */
public record PieceSettings(Set<Lane> lanes, ChunkingSettings chunking, PieceTopics topics,
                            boolean lendReservedSlot, boolean embeddedStitcher, Duration pieceTimeout,
                            Duration splitTimeout) {
    public static final String DISTRIBUTED = "chunking.distributed";
    public static final String LEND_RESERVED_SLOT = "chunking.lend-reserved-slot";
    public static final String STITCHER = "chunking.stitcher";
    public static final String PIECE_TIMEOUT_MS = "chunking.piece-timeout-ms";
    /** A 30 s piece takes seconds; five minutes means a stuck engine, not a slow one. */
    public static final Duration DEFAULT_PIECE_TIMEOUT = Duration.ofMinutes(5);
    public static final String SPLIT_TIMEOUT_MS = "chunking.split-timeout-ms";
    /**
     * Well above a piece's worst case (piece timeout x max attempts) plus a queue of other jobs' pieces:
     * it only has to turn a split whose pieces were lost into a FAILED result instead of silence.
     */
    public static final Duration DEFAULT_SPLIT_TIMEOUT = Duration.ofHours(1);

    /** What a worker gets without configuration: the large lane's long jobs are split. */
    public static final PieceSettings DEFAULT = new PieceSettings(EnumSet.of(Lane.LARGE), ChunkingSettings.DEFAULT,
            PieceTopics.DEFAULT, true, true, DEFAULT_PIECE_TIMEOUT, DEFAULT_SPLIT_TIMEOUT);
    /** No splitting at all (and no pieces topic): every job runs whole on one slot. */
    public static final PieceSettings OFF = new PieceSettings(EnumSet.noneOf(Lane.class), ChunkingSettings.DEFAULT,
            PieceTopics.DEFAULT, false, false, Duration.ZERO, DEFAULT_SPLIT_TIMEOUT);

    public PieceSettings {
        lanes = lanes.isEmpty() ? EnumSet.noneOf(Lane.class) : EnumSet.copyOf(lanes);
    }

    public static List<String> knownKeys() {
        return List.of(DISTRIBUTED, LEND_RESERVED_SLOT, STITCHER, PIECE_TIMEOUT_MS, SPLIT_TIMEOUT_MS);
    }

    public static PieceSettings read(Settings s) throws AsrException {
        ChunkingSettings chunking = ChunkingSettings.read(s);
        Set<Lane> lanes = chunking.enabled() ? lanes(s.get(DISTRIBUTED, "large")) : EnumSet.noneOf(Lane.class);
        String stitcher = s.get(STITCHER, "embedded").trim().toLowerCase(Locale.ROOT);
        if (!stitcher.equals("embedded") && !stitcher.equals("none")) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, STITCHER + " must be 'embedded' or 'none', not '"
                    + stitcher + "'");
        }
        long timeoutMs = s.getLong(PIECE_TIMEOUT_MS, DEFAULT_PIECE_TIMEOUT.toMillis());
        if (timeoutMs < 0) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, PIECE_TIMEOUT_MS + " must not be negative (0: no timeout)");
        }
        long splitTimeoutMs = s.getLong(SPLIT_TIMEOUT_MS, DEFAULT_SPLIT_TIMEOUT.toMillis());
        if (splitTimeoutMs < 1_000) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, SPLIT_TIMEOUT_MS + " must be at least 1000: a split "
                    + "whose pieces stop arriving must end in a FAILED result");
        }
        return new PieceSettings(lanes, chunking, PieceTopics.read(s), s.getBoolean(LEND_RESERVED_SLOT, true),
                stitcher.equals("embedded") && !lanes.isEmpty(), Duration.ofMillis(timeoutMs),
                Duration.ofMillis(splitTimeoutMs));
    }

    private static Set<Lane> lanes(String value) throws AsrException {
        Set<Lane> lanes = EnumSet.noneOf(Lane.class);
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty() || v.equals("none") || v.equals("false")) {
            return lanes;
        }
        for (String name : v.split(",")) {
            try {
                lanes.add(Lane.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new AsrException(ErrorCode.CONFIG_INVALID, DISTRIBUTED + ": '" + name.trim()
                        + "' is not a lane (small, medium, large, or none)");
            }
        }
        return lanes;
    }

    /** Whether this worker splits long jobs and helps with pieces at all. */
    public boolean enabled() {
        return !lanes.isEmpty();
    }

    public boolean splits(Lane lane) {
        return lanes.contains(lane);
    }

    public PieceSettings withLendReservedSlot(boolean value) {
        return new PieceSettings(lanes, chunking, topics, value, embeddedStitcher, pieceTimeout, splitTimeout);
    }

    public PieceSettings withSplitTimeout(Duration value) {
        return new PieceSettings(lanes, chunking, topics, lendReservedSlot, embeddedStitcher, pieceTimeout, value);
    }

    public PieceSettings withPieceTimeout(Duration value) {
        return new PieceSettings(lanes, chunking, topics, lendReservedSlot, embeddedStitcher, value, splitTimeout);
    }
}
