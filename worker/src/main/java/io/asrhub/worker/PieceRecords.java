package io.asrhub.worker;

import io.asrhub.audio.AudioSlice;
import io.asrhub.audio.DecodedAudio;
import io.asrhub.audio.WavWriter;
import io.asrhub.errors.AsrException;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pieces.PieceCodec;
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
     * A new split of the parent job: first its {@link SplitManifest} (to the piece-results topic, where
     * the stitcher learns of the split before any of its pieces can have a result), then one AudioPiece
     * per slice (16-bit PCM WAV at the decoded rate: 30 s at 16 kHz is 0.96 MB) on the partition
     * {@link PiecePartitions} chooses, then a progress record "0 of N done". All carry the same
     * random split id, so two submissions with one jobId never mix.
     */
    JobOutcome split(ConsumerRecord<String, byte[]> parent, Lane lane, AudioJob job, DecodedAudio audio,
                     List<AudioSlice> slices) {
        String splitId = SplitIds.next();
        String jobId = job.getJobId();
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>(slices.size() + 2);
        out.add(new ProducerRecord<>(topics.pieceResults(), jobId, PieceCodec.encode(manifest(parent, lane, job,
                audio, slices, splitId))));
        long submitted = job.getSubmittedAtMs() != null ? job.getSubmittedAtMs().toEpochMilli() : 0;
        for (AudioSlice slice : slices) {
            float[] samples = new float[slice.length()];
            slice.samples().get(samples);
            AudioPiece piece = AudioPiece.newBuilder().setJobId(jobId).setSplitId(splitId).setIndex(slice.index())
                    .setCount(slices.size()).setOffsetMs(slice.startMs()).setDurationMs(slice.endMs() - slice.startMs())
                    .setAudio(ByteBuffer.wrap(WavWriter.pcm16(samples, audio.sampleRate())))
                    .setContentType("audio/wav").setSubmittedAtMs(submitted).setLanguageHint(job.getLanguageHint())
                    .setLane(lane.name().toLowerCase(Locale.ROOT))
                    .setAudioDurationMs(audio.durationMs()).setSourceTopic(parent.topic())
                    .setSourcePartition(parent.partition()).setSourceOffset(parent.offset()).build();
            out.add(new ProducerRecord<>(topics.pieces(), partitions.forPiece(jobId, slice.index(), slices.size()),
                    jobId + "#" + slice.index(), PieceCodec.encode(piece)));
        }
        JobProgress started = JobProgress.newBuilder().setJobId(jobId).setSplitId(splitId).setPiecesDone(0)
                .setPiecesTotal(slices.size()).setAudioMsDone(0).setAudioMsTotal(audio.durationMs())
                .setUpdatedAtMs(System.currentTimeMillis()).build();
        out.add(new ProducerRecord<>(topics.progress(), jobId, PieceCodec.encode(started)));
        return new JobOutcome(List.copyOf(out), true);
    }

    private SplitManifest manifest(ConsumerRecord<String, byte[]> parent, Lane lane, AudioJob job,
                                   DecodedAudio audio, List<AudioSlice> slices, String splitId) {
        List<ManifestPiece> layout = new ArrayList<>(slices.size());
        slices.forEach(s -> layout.add(new ManifestPiece(s.startMs(), s.endMs() - s.startMs())));
        return SplitManifest.newBuilder().setJobId(job.getJobId()).setSplitId(splitId).setCount(slices.size())
                .setPieces(layout).setAudioDurationMs(audio.durationMs()).setLane(lane.name().toLowerCase(Locale.ROOT))
                .setWorkerId(settings.workerId()).setCreatedAtMs(System.currentTimeMillis())
                .setSourceTopic(parent.topic()).setSourcePartition(parent.partition()).setSourceOffset(parent.offset())
                .build();
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
