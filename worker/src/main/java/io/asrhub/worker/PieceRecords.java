package io.asrhub.worker;

import io.asrhub.audio.AudioSlice;
import io.asrhub.audio.DecodedAudio;
import io.asrhub.audio.WavWriter;
import io.asrhub.errors.AsrException;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pieces.PieceCodec;
import io.asrhub.pieces.SplitPlan;
import io.asrhub.pieces.PieceTopics;
import io.asrhub.publish.JobOutcome;
import io.asrhub.records.Lane;
import io.asrhub.recognition.Transcription;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.AudioPiece;
import io.asrhub.schema.JobProgress;
import io.asrhub.schema.ManifestPiece;
import io.asrhub.schema.PieceResult;
import io.asrhub.schema.PieceSegment;
import io.asrhub.schema.PieceStatus;
import io.asrhub.schema.SplitManifest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The records of the distributed long-audio path: the pieces a long job is split into (plus its
 * first progress record), and the result of one piece. Final results are the stitcher's job.
 */
final class PieceRecords {
    private final WorkerSettings settings;
    private final PieceTopics topics;

    private final PiecePartitions partitions;

    PieceRecords(WorkerSettings settings, PieceTopics topics, PiecePartitions partitions) {
        this.settings = settings;
        this.topics = topics;
        this.partitions = partitions;
    }

    /**
     * A new split of the parent job, all records at once (the held path, used where pieces cannot be
     * sent from the job thread): first its {@link SplitManifest} (to the piece-results topic, where
     * the stitcher learns of the split before any of its pieces can have a result), then one AudioPiece
     * per slice (16-bit PCM WAV at the decoded rate: 30 s at 16 kHz is 0.96 MB) on the partition
     * {@link PiecePartitions} chooses, then a progress record "0 of N done". All carry the same
     * random split id, so two submissions with one jobId never mix.
     */
    JobOutcome split(ConsumerRecord<String, byte[]> parent, Lane lane, AudioJob job, DecodedAudio audio,
                     List<AudioSlice> slices) {
        String splitId = SplitIds.next();
        long[] ends = slices.stream().mapToLong(AudioSlice::end).toArray();
        SplitPlan plan = new SplitPlan(audio.sampleRate(), ends, new long[ends.length], audio.sourceFormat(),
                audio.truncated());
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>(slices.size() + 2);
        out.add(manifest(parent, lane, job, plan, splitId));
        for (AudioSlice slice : slices) {
            float[] samples = new float[slice.length()];
            slice.samples().get(samples);
            out.add(piece(parent, lane, job, plan, slice.index(), WavWriter.pcm16(samples, audio.sampleRate()),
                    splitId));
        }
        out.add(started(job, plan, splitId));
        return new JobOutcome(List.copyOf(out), true);
    }

    /** The split's manifest: its id, piece count and every piece's offset and duration. */
    ProducerRecord<String, byte[]> manifest(ConsumerRecord<String, byte[]> parent, Lane lane, AudioJob job,
                                            SplitPlan plan, String splitId) {
        List<ManifestPiece> layout = new ArrayList<>(plan.count());
        for (int i = 0; i < plan.count(); i++) {
            layout.add(new ManifestPiece(plan.startMs(i), plan.endMs(i) - plan.startMs(i)));
        }
        SplitManifest m = SplitManifest.newBuilder().setJobId(job.getJobId()).setSplitId(splitId)
                .setCount(plan.count()).setPieces(layout).setAudioDurationMs(plan.durationMs())
                .setLane(lane.name().toLowerCase(Locale.ROOT))
                .setWorkerId(settings.workerId()).setCreatedAtMs(System.currentTimeMillis())
                .setSourceTopic(parent.topic()).setSourcePartition(parent.partition()).setSourceOffset(parent.offset())
                .build();
        return new ProducerRecord<>(topics.pieceResults(), job.getJobId(), PieceCodec.encode(m));
    }

    /** Piece {@code index} of the plan with its audio, on the partition {@link PiecePartitions} chooses. */
    ProducerRecord<String, byte[]> piece(ConsumerRecord<String, byte[]> parent, Lane lane, AudioJob job,
                                         SplitPlan plan, int index, byte[] wav, String splitId) {
        String jobId = job.getJobId();
        long submitted = job.getSubmittedAtMs() != null ? job.getSubmittedAtMs().toEpochMilli() : 0;
        AudioPiece piece = AudioPiece.newBuilder().setJobId(jobId).setSplitId(splitId).setIndex(index)
                .setCount(plan.count()).setOffsetMs(plan.startMs(index))
                .setDurationMs(plan.endMs(index) - plan.startMs(index))
                .setAudio(ByteBuffer.wrap(wav)).setContentType("audio/wav").setSubmittedAtMs(submitted)
                .setLanguageHint(job.getLanguageHint()).setLane(lane.name().toLowerCase(Locale.ROOT))
                .setAudioDurationMs(plan.durationMs()).setSourceTopic(parent.topic())
                .setSourcePartition(parent.partition()).setSourceOffset(parent.offset()).build();
        return new ProducerRecord<>(topics.pieces(), partitions.forPiece(jobId, index, plan.count()),
                jobId + "#" + index, PieceCodec.encode(piece));
    }

    /** The first progress record of a split: 0 of N pieces done. */
    ProducerRecord<String, byte[]> started(AudioJob job, SplitPlan plan, String splitId) {
        JobProgress started = JobProgress.newBuilder().setJobId(job.getJobId()).setSplitId(splitId).setPiecesDone(0)
                .setPiecesTotal(plan.count()).setAudioMsDone(0).setAudioMsTotal(plan.durationMs())
                .setUpdatedAtMs(System.currentTimeMillis()).build();
        return new ProducerRecord<>(topics.progress(), job.getJobId(), PieceCodec.encode(started));
    }

    /**
     * Piece {@code index} of a split whose manifest is out could not be produced (the audio changed
     * on the second read): a FAILED piece result, which the stitcher turns into the job's one FAILED
     * result and dead letter.
     */
    JobOutcome pieceFailed(ConsumerRecord<String, byte[]> parent, Lane lane, AudioJob job, SplitPlan plan, int index,
                           String splitId, AsrException error) {
        PieceResult result = PieceResult.newBuilder().setJobId(job.getJobId()).setSplitId(splitId).setIndex(index)
                .setCount(plan.count()).setOffsetMs(plan.startMs(index))
                .setDurationMs(plan.endMs(index) - plan.startMs(index)).setStatus(PieceStatus.FAILED).setText("")
                .setSegments(List.of()).setProvider("").setModel("").setLane(lane.name().toLowerCase(Locale.ROOT))
                .setAudioDurationMs(plan.durationMs()).setWorkerId(settings.workerId())
                .setErrorCode(error.code().name()).setErrorMessage(ResultRecords.truncate(error.getMessage()))
                .setSourceTopic(parent.topic()).setSourcePartition(parent.partition()).setSourceOffset(parent.offset())
                .build();
        return new JobOutcome(List.of(new ProducerRecord<>(topics.pieceResults(), job.getJobId(),
                PieceCodec.encode(result))), false);
    }

    /**
     * The same piece again, for another slot or worker, after a run passed the piece timeout: on the
     * next partition, so that (with two or more workers) most likely not the stuck worker takes it.
     */
    JobOutcome redispatch(ConsumerRecord<String, byte[]> record, AudioPiece piece, int attempt) {
        AudioPiece again = AudioPiece.newBuilder(piece).setAttempt(attempt).build();
        return new JobOutcome(List.of(new ProducerRecord<>(topics.pieces(),
                partitions.next(record.topic(), record.partition()), record.key(), PieceCodec.encode(again))), true);
    }

    JobOutcome succeeded(PendingJob p, Transcription t, long queueWaitMs, int attempts) {
        List<PieceSegment> segments = new ArrayList<>();
        t.transcript().segments().forEach(s -> segments.add(new PieceSegment(s.startMs(), s.endMs(), s.text())));
        PieceResult result = base(p, t.provider(), t.model()).setStatus(PieceStatus.OK)
                .setText(t.transcript().text()).setSegments(segments).setLanguage(t.transcript().language())
                .setQueueWaitMs(queueWaitMs).setProcessingMs(t.processingMs()).build();
        return outcome(p, result, true);
    }

    /** A piece that failed for good: the stitcher turns it into the job's one FAILED result and dead letter. */
    JobOutcome failed(PendingJob p, AsrException error, String provider, String model) {
        PieceResult result = base(p, provider, model).setStatus(PieceStatus.FAILED)
                .setErrorCode(error.code().name())
                .setErrorMessage(ResultRecords.truncate(error.getMessage()))
                .build();
        return outcome(p, result, false);
    }

    private JobOutcome outcome(PendingJob p, PieceResult result, boolean ok) {
        return new JobOutcome(List.of(new ProducerRecord<>(topics.pieceResults(), p.piece.getJobId(),
                PieceCodec.encode(result))), ok);
    }

    private PieceResult.Builder base(PendingJob p, String provider, String model) {
        AudioPiece piece = p.piece;
        return PieceResult.newBuilder().setJobId(piece.getJobId()).setSplitId(piece.getSplitId())
                .setIndex(piece.getIndex())
                .setCount(piece.getCount()).setOffsetMs(piece.getOffsetMs()).setDurationMs(piece.getDurationMs())
                .setStatus(PieceStatus.FAILED).setText("").setSegments(List.of()).setProvider(provider)
                .setModel(model).setLane(piece.getLane()).setAudioDurationMs(piece.getAudioDurationMs())
                .setWorkerId(settings.workerId()).setSourceTopic(piece.getSourceTopic())
                .setSourcePartition(piece.getSourcePartition()).setSourceOffset(piece.getSourceOffset());
    }
}
