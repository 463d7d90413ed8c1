package io.asrhub.worker;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.audio.DecodedAudio;
import io.asrhub.config.AudioLimits;
import io.asrhub.config.Settings;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pieces.PieceSender;
import io.asrhub.pieces.PieceSettings;
import io.asrhub.pieces.SplitScanner;
import io.asrhub.publish.JobOutcome;
import io.asrhub.records.Lane;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.AudioReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * Runs what a splitting worker's job thread does with one long job given by file reference, without
 * a broker or an engine, so its memory can be measured from outside ({@code /usr/bin/time -v}):
 * {@code held} reads and decodes the whole file, splits it and builds every piece record before
 * they are published (the worker before streaming, and in exactly-once mode still); {@code streamed}
 * scans the file and sends each piece as it is cut. Records go to a producer that acknowledges and
 * forgets them. Prints the pieces, the time to the first piece sent and the total time.
 *
 * <p>{@code java -cp CLASSPATH io.asrhub.worker.SplitMemoryProbe held|streamed FILE}
 */
public final class SplitMemoryProbe {
    private SplitMemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        boolean streamed = args[0].equals("streamed");
        Path file = Path.of(args[1]).toAbsolutePath();
        long started = System.nanoTime();
        long[] firstPieceNanos = {0};
        int[] pieces = {0};
        ForgettingProducer producer = new ForgettingProducer(() -> {
            if (pieces[0]++ == 0) {
                firstPieceNanos[0] = System.nanoTime() - started;
            }
        });
        WorkerSettings settings = WorkerSettings.read(Settings.of(Map.of("worker.reference-roots",
                file.getParent().toString())));
        AudioLimits limits = new AudioLimits(8L << 30, 4L * 3600 * 1000);
        AudioDecoder decoder = new AudioDecoder(limits, Duration.ofMinutes(30));
        PieceSettings pieceSettings = PieceSettings.DEFAULT;
        PieceRecords records = new PieceRecords(settings, pieceSettings.topics(),
                new PiecePartitions(pieceSettings.topics().pieces(), t -> 6));
        LongJobSplitter splitter = new LongJobSplitter(pieceSettings, settings, records,
                streamed ? new PieceSender(producer, Duration.ofMinutes(1)) : null);
        JobAudioSource source = new JobAudioSource(List.of(file.getParent()), limits.maxBytes());
        AudioJob job = AudioJob.newBuilder().setJobId("probe").setSubmittedAtMs(Instant.now())
                .setAudio(new AudioReference(file.toUri().toString())).setByteSize(Files.size(file)).build();
        PendingJob p = new PendingJob(new ConsumerRecord<>("asr.jobs.large", 0, 0L, "probe", new byte[0]), 0,
                Lane.LARGE, job, "whisper");
        JobOutcome outcome;
        if (streamed) {
            LongJobSplitter.AudioOpener opener = () -> decoder.open("probe", source.open(job), 16_000);
            SplitScanner.Scan scan = splitter.scan(opener);
            outcome = splitter.publish(p, scan.plan(), opener, () -> { });
        } else {
            DecodedAudio audio = decoder.decode("probe", source.read(job), 16_000);
            outcome = splitter.split(p, audio).orElseThrow();
        }
        for (ProducerRecord<String, byte[]> r : outcome.records()) {
            if (r.topic().equals(pieceSettings.topics().pieces())) {
                producer.send(r).get();
            }
        }
        System.out.printf("mode=%s pieces=%d firstPieceMs=%d totalMs=%d%n", args[0], pieces[0],
                firstPieceNanos[0] / 1_000_000, (System.nanoTime() - started) / 1_000_000);
    }

    /** Acknowledges every send at once and keeps nothing, as a broker would take the records away. */
    static final class ForgettingProducer extends MockProducer<String, byte[]> {
        private final Runnable onPiece;

        ForgettingProducer(Runnable onPiece) {
            super(true, null, new StringSerializer(), new ByteArraySerializer());
            this.onPiece = onPiece;
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
            Future<RecordMetadata> sent = super.send(record);
            if (record.topic().equals(io.asrhub.pieces.PieceTopics.DEFAULT.pieces())) {
                onPiece.run();
            }
            clear();
            return sent;
        }
    }
}
