package io.asrhub.worker;

import io.asrhub.audio.AudioSlice;
import io.asrhub.audio.AudioSplitter;
import io.asrhub.audio.DecodedAudio;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pieces.PieceSettings;
import io.asrhub.publish.JobOutcome;

import java.util.List;
import java.util.Optional;

/**
 * Decides whether a decoded job is split into pieces for the whole group (its lane is one of
 * {@code chunking.distributed} and it is longer than {@code chunking.from-ms}), and builds the
 * piece records. The parent record is then finished by publishing its pieces: it is committed only
 * once every piece is acknowledged by the broker, so a crash before that splits it again (the
 * stitcher counts the first result of each piece and ignores repeats).
 */
final class LongJobSplitter {
    /** Room in a piece record for everything besides its audio. */
    private static final int RECORD_OVERHEAD = 64 * 1024;

    private final PieceSettings settings;
    private final AudioSplitter splitter;
    private final PieceRecords records;
    private final int maxMessageBytes;

    LongJobSplitter(PieceSettings settings, WorkerSettings worker, PieceRecords records) {
        this.settings = settings;
        this.splitter = settings.chunking().splitter();
        this.records = records;
        this.maxMessageBytes = worker.maxMessageBytes();
    }

    /** The pieces of {@code p}'s job as the records to publish, or empty when it runs whole. */
    Optional<JobOutcome> split(PendingJob p, DecodedAudio audio) throws AsrException {
        if (p.isPiece() || !settings.splits(p.lane)) {
            return Optional.empty();
        }
        List<AudioSlice> slices = splitter.split(audio);
        if (slices.size() <= 1) {
            return Optional.empty();
        }
        long pieceBytes = (long) slices.stream().mapToInt(AudioSlice::length).max().orElse(0) * 2 + RECORD_OVERHEAD;
        if (pieceBytes > maxMessageBytes) {
            // Only a configuration can cause this (chunking.max-piece-ms against kafka.max-message-bytes).
            throw new AsrException(ErrorCode.CONFIG_INVALID, "a piece of " + settings.chunking().maxPieceMs()
                    + " ms needs " + pieceBytes + " bytes, more than kafka.max-message-bytes (" + maxMessageBytes
                    + "); lower chunking.max-piece-ms");
        }
        return Optional.of(records.split(p.record, p.lane, p.job, audio, slices));
    }
}
