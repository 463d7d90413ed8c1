package io.asrhub.pieces;

import io.asrhub.schema.JobProgress;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.ManifestPiece;
import io.asrhub.schema.PieceResult;
import io.asrhub.schema.PieceStatus;
import io.asrhub.schema.PieceStitchState;
import io.asrhub.schema.SplitManifest;
import io.asrhub.schema.TranscriptResult;

import io.asrhub.trace.TraceContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;

/**
 * The stitching rules for one submission of a long job, without Kafka: which splits and piece
 * results count, when the job is complete, and the one final {@link TranscriptResult}. Its state is a
 * {@link PieceStitchState} so the stream processor can keep it in a state store.
 *
 * <p>A submission is announced by the {@link SplitManifest} of its split; only piece results of an
 * announced split that fit the manifest's layout count (anything else is {@link Outcome#REJECTED}
 * with a reason). A crash before the parent's commit splits it again with a new split id and the
 * same layout: both splits' pieces then count for the one submission. The first result of each piece
 * counts; an identical repeat is ignored. A FAILED piece, or no progress for the split timeout,
 * finishes the job at once with one FAILED result, without a partial transcript. Once finished,
 * everything else for the submission is ignored.
 */
final class JobStitch {
    enum Outcome {
        /** A new piece; the job is not complete yet. */
        PROGRESS,
        /** The last missing piece: {@link #result()} is the stitched transcript. */
        COMPLETE,
        /** A piece failed or the split timed out: {@link #result()} is the job's FAILED result. */
        FAILED,
        /** A manifest announced (another split of) the submission. */
        ANNOUNCED,
        /** This piece (or manifest) was already counted, with the same content. */
        DUPLICATE,
        /** The job already has its final result. */
        FINISHED_BEFORE,
        /** Does not fit the submission's split: {@link #rejection()} says why. */
        REJECTED
    }

    private final PieceStitchState state;
    private final SplitManifest manifest;
    private TranscriptResult result;
    private String rejection;
    private int piecesDone;

    private JobStitch(PieceStitchState state, SplitManifest manifest) {
        this.state = state;
        this.manifest = manifest;
    }

    static JobStitch resume(PieceStitchState state) throws IOException {
        return new JobStitch(state, PieceCodec.decodeManifest(bytes(state.getManifest())));
    }

    /** A submission's first split; {@code trace}: its manifest's (validated) trace context. */
    static JobStitch announce(SplitManifest m, long nowMs, TraceContext trace) {
        PieceStitchState state = PieceStitchState.newBuilder().setJobId(m.getJobId())
                .setSplitIds(new ArrayList<>(List.of(m.getSplitId())))
                .setManifest(ByteBuffer.wrap(PieceCodec.encode(m))).setCount(m.getCount())
                .setPieces(new HashMap<>()).setLastActivityMs(nowMs)
                .setTraceparent(trace.traceparent()).setTracestate(trace.tracestate()).build();
        return new JobStitch(state, m);
    }

    /** The job's trace context as its first manifest carried it (for results no input record moved on). */
    TraceContext trace() {
        return new TraceContext(state.getTraceparent(), state.getTracestate());
    }

    /** The store key of a submission: its job id and the parent record's coordinates, hashed to a bounded size. */
    static String submissionKey(String jobId, String topic, Integer partition, Long offset) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((jobId + "\u0000" + topic + "\u0000" + partition + "\u0000" + offset)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    PieceStitchState state() {
        return state;
    }

    /** The final result after {@link Outcome#COMPLETE} or {@link Outcome#FAILED}. */
    TranscriptResult result() {
        return result;
    }

    /** Why the last input was {@link Outcome#REJECTED}: the {@code reason} tag of {@code asr.stitch.rejected}. */
    String rejection() {
        return rejection;
    }

    /**
     * Another manifest for this submission: the same layout under a new split id (the parent was split
     * again after a crash) adds the id; a different layout (a worker with other chunking settings split it
     * again) replaces the split, dropping pieces held so far, since only the latest split's pieces are
     * still coming for sure.
     */
    Outcome announceAgain(SplitManifest m, long nowMs) {
        if (state.getFinished()) {
            return Outcome.FINISHED_BEFORE;
        }
        if (state.getSplitIds().contains(m.getSplitId())) {
            return m.equals(manifest) ? Outcome.DUPLICATE : reject("conflicting-manifest");
        }
        if (m.getPieces().equals(manifest.getPieces())) {
            state.getSplitIds().add(m.getSplitId());
        } else {
            state.setSplitIds(new ArrayList<>(List.of(m.getSplitId())));
            state.setManifest(ByteBuffer.wrap(PieceCodec.encode(m)));
            state.setCount(m.getCount());
            state.setPieces(new HashMap<>());
            state.setAudioMsDone(0);
        }
        state.setLastActivityMs(nowMs);
        return Outcome.ANNOUNCED;
    }

    Outcome accept(PieceResult piece, long nowMs) {
        if (state.getFinished()) {
            return Outcome.FINISHED_BEFORE;
        }
        if (!state.getSplitIds().contains(piece.getSplitId())) {
            return reject("unknown-split");
        }
        if (piece.getCount() != state.getCount()) {
            return reject("count-mismatch");
        }
        if (piece.getIndex() < 0 || piece.getIndex() >= state.getCount()) {
            return reject("index-out-of-range");
        }
        ManifestPiece expected = manifest.getPieces().get(piece.getIndex());
        if (expected.getOffsetMs() != piece.getOffsetMs() || expected.getDurationMs() != piece.getDurationMs()) {
            return reject("layout-mismatch");
        }
        String key = Integer.toString(piece.getIndex());
        ByteBuffer held = state.getPieces().get(key);
        if (held != null) {
            return sameContent(held, piece) ? Outcome.DUPLICATE : reject("conflicting-duplicate");
        }
        state.setLastActivityMs(nowMs);
        if (piece.getStatus() == PieceStatus.FAILED) {
            piecesDone = state.getPieces().size();
            result = FinalResults.pieceFailed(piece);
            finish(nowMs);
            return Outcome.FAILED;
        }
        state.getPieces().put(key, ByteBuffer.wrap(PieceCodec.encode(piece)));
        state.setAudioMsDone(state.getAudioMsDone() + piece.getDurationMs());
        piecesDone = state.getPieces().size();
        if (state.getPieces().size() < state.getCount()) {
            return Outcome.PROGRESS;
        }
        result = FinalResults.stitched(inOrder());
        finish(nowMs);
        return Outcome.COMPLETE;
    }

    /** FAILED when no manifest or piece counted for {@code timeoutMs}: a split never ends in silence. */
    Outcome expireIfSilent(long nowMs, long timeoutMs) {
        if (state.getFinished() || nowMs - state.getLastActivityMs() < timeoutMs) {
            return Outcome.PROGRESS;
        }
        piecesDone = state.getPieces().size();
        result = FinalResults.timedOut(manifest, timeoutMs, piecesDone);
        finish(nowMs);
        return Outcome.FAILED;
    }

    boolean expired(long nowMs, long retentionMs) {
        return state.getFinished() && state.getFinishedAtMs() + retentionMs < nowMs;
    }

    private Outcome reject(String reason) {
        rejection = reason;
        return Outcome.REJECTED;
    }

    /** A repeat is harmless when it says the same; timings and the worker may differ on a redo. */
    private static boolean sameContent(ByteBuffer held, PieceResult piece) {
        try {
            PieceResult first = PieceCodec.decodePieceResult(held);
            return first.getStatus() == piece.getStatus() && first.getText().equals(piece.getText());
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** Progress after the piece just accepted (or the failure). */
    JobProgress progress(long nowMs) {
        boolean failed = result != null && result.getStatus() == JobStatus.FAILED;
        return JobProgress.newBuilder().setJobId(state.getJobId()).setSplitId(state.getSplitIds().get(0))
                .setPiecesDone(piecesDone).setPiecesTotal(state.getCount()).setAudioMsDone(state.getAudioMsDone())
                .setAudioMsTotal(manifest.getAudioDurationMs()).setFailed(failed).setUpdatedAtMs(nowMs).build();
    }

    /** Keeps only a small marker, so repeats arriving later are recognised and ignored. */
    private void finish(long nowMs) {
        state.setFinished(true);
        state.setFinishedAtMs(nowMs);
        state.setPieces(new HashMap<>());
    }

    private List<PieceResult> inOrder() {
        List<PieceResult> pieces = new ArrayList<>(state.getCount());
        for (int i = 0; i < state.getCount(); i++) {
            try {
                pieces.add(PieceCodec.decodePieceResult(state.getPieces().get(Integer.toString(i))));
            } catch (IOException e) {
                throw new UncheckedIOException("piece " + i + " of " + state.getJobId() + " in the state store", e);
            }
        }
        return pieces;
    }
}
