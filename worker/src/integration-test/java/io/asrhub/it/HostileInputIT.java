package io.asrhub.it;

import io.asrhub.config.AudioLimits;
import io.asrhub.errors.ErrorCode;
import io.asrhub.worker.AsrWorker;
import io.asrhub.records.AvroCodec;
import io.asrhub.kafka.KafkaClients;
import io.asrhub.records.Lane;
import io.asrhub.client.ResultReader;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.AudioReference;
import io.asrhub.schema.InlineAudio;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.HostileAudio;
import io.asrhub.testsupport.Speech;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile-input campaign of issue 7 through the real broker: malformed records, lying audio
 * headers, damaged codecs and every reference trick go to ONE partition, followed by a good job.
 * Each must produce exactly one outcome with its expected code, the good job behind them must be
 * answered, every offset committed, and the worker still running.
 */
@ExtendWith(SharedKafka.class)
class HostileInputIT {
    private static final String SECRET = "root:x:0:0:hostile-secret-content";

    /** Expected error code per job id; null = must be transcribed (OK). */
    private final Map<String, ErrorCode> expected = new LinkedHashMap<>();
    private final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    private String topic;

    @Test
    void everyHostileInputGetsExactlyOneOutcomeAndTheJobBehindThemIsAnswered() throws Exception {
        Path base = Files.createDirectories(Path.of("target", "hostile-" + UUID.randomUUID().toString()
                .substring(0, 8)).toAbsolutePath());
        Path root = Files.createDirectories(base.resolve("root"));
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(),
                Map.of("worker.reference-roots", root.toString()));
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(h.settings, null)) {
            topic = h.settings.topics().lane(Lane.SMALL);
            AsrWorker worker = h.startWorker(2, "worker-hostile",
                    new AudioLimits(8L * 1024 * 1024, HostileAudio.MAX_DURATION_MS));
            ResultReader results = h.results();
            ResultReader deadLetters = h.deadLetters();

            malformedRecords();
            for (HostileAudio.Case c : HostileAudio.synthetic()) {
                inline("audio-" + c.name(), c.data(), c.expected());
            }
            if (Speech.hasTool("sox") && Speech.hasTool("espeak-ng")) {
                for (HostileAudio.Case c : HostileAudio.encoded()) {
                    inline("audio-" + c.name(), c.data(), c.expected());
                }
            }
            referenceTricks(base, root);
            byte[] speech = Files.readAllBytes(Speech.wav("short", Speech.SHORT));
            inline("good-after-everything", speech, null);

            long start = System.currentTimeMillis();
            for (ProducerRecord<String, byte[]> r : records) {
                producer.send(r).get();
            }
            List<TranscriptResult> answered = results.readUntil(r -> idsIn(r).containsAll(expected.keySet()),
                    WorkerHarness.seconds(60));
            long elapsed = System.currentTimeMillis() - start;
            assertEquals(0, EndToEndIT.waitForCommits(h), "every hostile record was committed past");
            answered.addAll(results.poll(java.time.Duration.ofMillis(500))); // any late duplicate
            List<TranscriptResult> letters = deadLetters.readUntil(
                    r -> r.size() >= expected.values().stream().filter(v -> v != null).count(), WorkerHarness.seconds(10));
            letters.addAll(deadLetters.poll(java.time.Duration.ofMillis(200)));

            List<String> wrong = new ArrayList<>();
            for (Map.Entry<String, ErrorCode> e : expected.entrySet()) {
                check(e.getKey(), e.getValue(), answered, letters, wrong);
            }
            assertTrue(wrong.isEmpty(), wrong.size() + " of " + expected.size() + " cases wrong:\n"
                    + String.join("\n", wrong));
            assertTrue(worker.isRunning(), "worker survived the campaign");
            System.out.printf("hostile-input campaign: %d cases on one partition answered in %d ms%n",
                    expected.size(), elapsed);
        }
    }

    private void check(String id, ErrorCode want, List<TranscriptResult> answered, List<TranscriptResult> letters,
                       List<String> wrong) {
        List<TranscriptResult> mine = answered.stream().filter(r -> r.getJobId().equals(id)).toList();
        List<TranscriptResult> dead = letters.stream().filter(r -> r.getJobId().equals(id)).toList();
        String label = id + " (want " + (want == null ? "OK" : want) + ")";
        if (mine.size() != 1) {
            wrong.add(label + ": " + mine.size() + " results");
            return;
        }
        TranscriptResult r = mine.get(0);
        System.out.printf("  %-40s %-18s %s%n", id, r.getStatus() == JobStatus.OK ? "OK" : r.getErrorCode(),
                r.getErrorMessage() == null ? "" : r.getErrorMessage());
        if (want == null) {
            if (r.getStatus() != JobStatus.OK || !dead.isEmpty()) {
                wrong.add(label + ": " + r.getStatus() + " " + r.getErrorCode() + " " + r.getErrorMessage());
            }
            return;
        }
        if (!want.name().equals(r.getErrorCode()) || dead.size() != 1 || !want.name().equals(dead.get(0).getErrorCode())) {
            wrong.add(label + ": got " + r.getErrorCode() + " (" + r.getErrorMessage() + "), " + dead.size()
                    + " dead letters");
        } else if (String.valueOf(r.getErrorMessage()).contains("hostile-secret")) {
            wrong.add(label + ": message echoes file contents: " + r.getErrorMessage());
        }
    }

    private void malformedRecords() throws Exception {
        raw("record-garbage", "definitely not avro".getBytes(StandardCharsets.UTF_8), ErrorCode.MALFORMED_RECORD);
        raw("record-empty-value", new byte[0], ErrorCode.MALFORMED_RECORD);
        raw("record-tombstone", null, ErrorCode.MALFORMED_RECORD);
        byte[] good = AvroCodec.encode(job("record-wrong-fingerprint", new InlineAudio(ByteBuffer.wrap(new byte[]{1}))));
        byte[] wrongPrint = good.clone();
        wrongPrint[5] ^= 0x5A;
        raw("record-wrong-fingerprint", wrongPrint, ErrorCode.MALFORMED_RECORD);
        raw("record-truncated-avro", Arrays.copyOf(good, good.length / 2), ErrorCode.MALFORMED_RECORD);
        raw("record-only-header", Arrays.copyOf(good, 10), ErrorCode.MALFORMED_RECORD);
        raw("record-length-bomb", lengthBomb(), ErrorCode.MALFORMED_RECORD);
        // A job written by Python's avro: same body, the fingerprint of Python's canonical form.
        byte[] speech = Files.readAllBytes(Speech.wav("short", Speech.SHORT));
        org.junit.jupiter.api.Assertions.assertNotEquals(SchemaNormalization.toParsingForm(AudioJob.getClassSchema()),
                pythonForm());
        byte[] python = AvroCodec.encode(job("record-python-fingerprint", new InlineAudio(ByteBuffer.wrap(speech))));
        ByteBuffer.wrap(python, 2, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(
                SchemaNormalization.fingerprint64(pythonForm().getBytes(StandardCharsets.UTF_8)));
        raw("record-python-fingerprint", python, null);
    }

    private void referenceTricks(Path base, Path root) throws Exception {
        Path secret = Files.writeString(base.resolve("secret.txt"), SECRET);
        Path clip = Files.copy(Speech.wav("short", Speech.SHORT), root.resolve("clip.wav"));
        ref("ref-good", clip.toUri().toString(), null);
        ref("ref-traversal", root.toUri() + "../secret.txt", ErrorCode.BAD_REFERENCE);
        ref("ref-encoded-traversal", root.toUri() + "%2e%2e/secret.txt", ErrorCode.BAD_REFERENCE);
        ref("ref-etc-passwd", "file:///etc/passwd", ErrorCode.BAD_REFERENCE);
        ref("ref-symlink-out", Files.createSymbolicLink(root.resolve("escape.wav"), secret).toUri().toString(),
                ErrorCode.BAD_REFERENCE);
        ref("ref-hard-link", Files.createLink(root.resolve("hard.wav"), secret).toUri().toString(),
                ErrorCode.BAD_REFERENCE);
        ref("ref-directory", Files.createDirectories(root.resolve("folder.wav")).toUri().toString(),
                ErrorCode.BAD_REFERENCE);
        Path fifo = root.resolve("pipe.wav");
        if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0) {
            ref("ref-fifo", fifo.toUri().toString(), ErrorCode.BAD_REFERENCE);
        }
        ref("ref-http", "http://169.254.169.254/latest/meta-data", ErrorCode.BAD_REFERENCE);
        ref("ref-ftp", "ftp://example.com/a.wav", ErrorCode.BAD_REFERENCE);
        ref("ref-remote-host", "file://remote-host/share/a.wav", ErrorCode.BAD_REFERENCE);
        ref("ref-missing", root.toUri() + "missing.wav", ErrorCode.BAD_REFERENCE);
        Path sparse = root.resolve("sparse-300mb.wav");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.write(HostileAudio.wav(16_000, 1, 16, 1, new byte[0], 300L * 1024 * 1024));
            f.setLength(300L * 1024 * 1024); // no blocks written: a huge file that costs nothing
        }
        ref("ref-huge-sparse", sparse.toUri().toString(), ErrorCode.TOO_LARGE);
    }

    private void inline(String id, byte[] data, ErrorCode want) {
        raw(id, AvroCodec.encode(job(id, new InlineAudio(ByteBuffer.wrap(data)))), want);
    }

    private void ref(String id, String uri, ErrorCode want) {
        raw(id, AvroCodec.encode(job(id, new AudioReference(uri))), want);
    }

    /** Everything goes to partition 0 of the small lane, in order, so one wedge would stop the rest. */
    private void raw(String id, byte[] value, ErrorCode want) {
        expected.put(id, want);
        records.add(new ProducerRecord<>(topic, 0, id, value));
    }

    private static AudioJob job(String id, Object audio) {
        return AudioJob.newBuilder().setJobId(id).setSubmittedAtMs(Instant.now()).setAudio(audio).setByteSize(0)
                .setAttributes(Map.of()).build();
    }

    private static java.util.Set<String> idsIn(List<TranscriptResult> results) {
        return results.stream().map(TranscriptResult::getJobId).collect(java.util.stream.Collectors.toSet());
    }

    /** 15 bytes: marker, the real AudioJob fingerprint, and a job id declaring 1 GiB. */
    private static byte[] lengthBomb() {
        ByteBuffer b = ByteBuffer.allocate(15).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0xC3).put((byte) 0x01).putLong(SchemaNormalization.parsingFingerprint64(AudioJob.getClassSchema()));
        b.put(new byte[]{(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08}); // zig-zag varint of 2^30
        return b.array();
    }

    /** Python's avro keeps {"type":"long"} for the timestamp-millis field in its canonical form. */
    private static String pythonForm() {
        return SchemaNormalization.toParsingForm(AudioJob.getClassSchema())
                .replace("{\"name\":\"submittedAtMs\",\"type\":\"long\"}",
                        "{\"name\":\"submittedAtMs\",\"type\":{\"type\":\"long\"}}");
    }
}
