package io.asrhub.pieces;

import io.asrhub.config.Definition;
import io.asrhub.config.Rule;
import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
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
    public static final Definition<List<String>> DISTRIBUTED = Definition.list("chunking.distributed",
            List.of("medium", "large"), "lanes whose long jobs are split into pieces for the whole group (none: off)")
            .check(Rule.eachOneOf("small", "medium", "large", "none", "false"));
    public static final Definition<Boolean> LEND_RESERVED_SLOT = Definition.bool("chunking.lend-reserved-slot", true,
            "a piece may run on the small lane's reserved slot while no small job waits");
    public static final Definition<String> STITCHER = Definition.choice("chunking.stitcher", "embedded",
            "embedded: this worker runs a member of the stitcher; none: it runs elsewhere", "embedded", "none");
    /** A 30 s piece takes seconds; five minutes means a stuck engine, not a slow one. */
    public static final Definition<Duration> PIECE_TIMEOUT_MS = Definition.millis("chunking.piece-timeout-ms",
            300_000L, "a piece still running after this is dispatched again (0: no timeout)");
    /**
     * Well above a piece's worst case (piece timeout x max attempts) plus a queue of other jobs' pieces:
     * it only has to turn a split whose pieces were lost into a FAILED result instead of silence.
     */
    public static final Definition<Duration> SPLIT_TIMEOUT_MS = Definition.millis("chunking.split-timeout-ms",
            3_600_000L, "the stitcher fails a split with no manifest or piece result counted for this long")
            .check(Rule.atLeastMs(1_000));
    public static final List<Definition<?>> DEFINITIONS = List.of(DISTRIBUTED, LEND_RESERVED_SLOT, STITCHER,
            PIECE_TIMEOUT_MS, SPLIT_TIMEOUT_MS);
    public static final Duration DEFAULT_PIECE_TIMEOUT = PIECE_TIMEOUT_MS.defaultValue();
    public static final Duration DEFAULT_SPLIT_TIMEOUT = SPLIT_TIMEOUT_MS.defaultValue();

    /**
     * What a worker gets without configuration: long jobs of the medium and large lanes are split (whole,
     * a 30 s–5 min job had only the medium lane's one slot: docs/benchmarks.md, "Default routing").
     */
    public static final PieceSettings DEFAULT = new PieceSettings(EnumSet.of(Lane.MEDIUM, Lane.LARGE),
            ChunkingSettings.DEFAULT,
            PieceTopics.DEFAULT, true, true, DEFAULT_PIECE_TIMEOUT, DEFAULT_SPLIT_TIMEOUT);
    /** No splitting at all (and no pieces topic): every job runs whole on one slot. */
    public static final PieceSettings OFF = new PieceSettings(EnumSet.noneOf(Lane.class), ChunkingSettings.DEFAULT,
            PieceTopics.DEFAULT, false, false, Duration.ZERO, DEFAULT_SPLIT_TIMEOUT);

    public PieceSettings {
        lanes = lanes.isEmpty() ? EnumSet.noneOf(Lane.class) : EnumSet.copyOf(lanes);
    }

    public static PieceSettings read(Settings s) throws AsrException {
        ChunkingSettings chunking = ChunkingSettings.read(s);
        Set<Lane> lanes = chunking.enabled() ? lanes(s.get(DISTRIBUTED)) : EnumSet.noneOf(Lane.class);
        boolean embedded = s.get(STITCHER).equals("embedded");
        return new PieceSettings(lanes, chunking, PieceTopics.read(s), s.get(LEND_RESERVED_SLOT),
                embedded && !lanes.isEmpty(), s.get(PIECE_TIMEOUT_MS), s.get(SPLIT_TIMEOUT_MS));
    }

    /** The lanes named in {@link #DISTRIBUTED} ({@code none} or {@code false}: no lane). */
    private static Set<Lane> lanes(List<String> names) {
        Set<Lane> lanes = EnumSet.noneOf(Lane.class);
        for (String name : names) {
            String n = name.toLowerCase(Locale.ROOT);
            if (!n.equals("none") && !n.equals("false")) {
                lanes.add(Lane.valueOf(n.toUpperCase(Locale.ROOT)));
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
