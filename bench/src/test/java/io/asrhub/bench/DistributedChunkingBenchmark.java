package io.asrhub.bench;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.audio.WavWriter;
import io.asrhub.broker.LocalKafkaBroker;
import io.asrhub.client.ResultReader;
import io.asrhub.client.TopicAdmin;
import io.asrhub.config.AudioLimits;
import io.asrhub.config.PoolOptions;
import io.asrhub.config.ProviderConfig;
import io.asrhub.config.Settings;
import io.asrhub.kafka.KafkaClients;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pieces.EmbeddedStitcher;
import io.asrhub.pieces.PieceCodec;
import io.asrhub.pieces.PieceSettings;
import io.asrhub.pool.RecognizerPool;
import io.asrhub.provider.ProviderRegistry;
import io.asrhub.recognition.RecognitionPools;
import io.asrhub.recognition.RecognitionService;
import io.asrhub.records.AvroCodec;
import io.asrhub.records.Lane;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.AudioPiece;
import io.asrhub.schema.AudioReference;
import io.asrhub.schema.InlineAudio;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.PieceResult;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testkit.GeneratedWhisperModel;
import io.asrhub.testsupport.LongSpeech;
import io.asrhub.testsupport.Speech;
import io.asrhub.worker.AsrWorker;
import io.asrhub.worker.WorkerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Long jobs split into pieces across the worker group (issue 10), on a real KRaft broker with real
 * native whisper on a model generated with tiny.en's dimensions (state 384, 6 heads, 4 layers; random
 * weights, so every 30 s encoder pass costs what tiny.en's does, only the words are meaningless).
 * Every pool slot has 1 whisper thread. Each setup is its own consumer group with its own topics
 * ({@value #PARTITIONS} partitions each, the {@code worker --create-topics} default), workers and
 * embedded stitchers in this JVM, and only one setup runs at a time, so an idle one never takes CPU
 * from a measurement. Times are submit to the result as a read_committed client sees it.
 *
 * <ul>
 *   <li>{@code long}: a 10-minute recording as one large-lane job, {@code lanes.small-reserved-slots=1}
 *     (the default): (a) one worker, pool 2, {@code chunking.distributed=none} (whole on one slot) — the
 *     baseline; (b) one worker, pool 2, pieces (default: the small lane's reserved slot is lent to
 *     pieces); (b') as (b) with {@code chunking.lend-reserved-slot=false}, round 1 only and only with
 *     {@code -Dbench.not-lent=true}; (c) two workers of pool 1, pieces, consumer group; (d) as (c) in share
 *     groups (any idle worker takes the next piece); (a1) one worker, pool 1, whole — the baseline of
 *     "two workers of one slot against one". Rounds alternate the setups, each measurement on a fresh
 *     setup.</li>
 *   <li>{@code clips}: on setup (b), per round, 3 clips of 4.5 s alone, then the 10-minute job with 6
 *     clips one every 3 s from 4 s after it, while it runs in pieces.</li>
 *   <li>{@code burst}: 2 × 180 s files then 6 clips 0.5 s later, one worker, pool 2: one FIFO lane
 *     (no lanes, no reservation: the "one-lane" reference), (i) size lanes only, (ii) lanes with pieces
 *     ({@code lanes.large-from-ms=60000} so the 180 s files are in the large lane). Rounds alternate
 *     the setups, each measurement on a fresh setup, after 2 clips alone (the solo time).</li>
 * </ul>
 * Any lost, repeated or failed result, or a job without a result after 4 minutes, is printed as an
 * ANOMALY (with the workers', pools' and stitchers' state) and makes the exit code 1.
 * {@code -Dbench.verbose=true} prints when each piece ran and on which worker.
 * Usage: scripts/bench DistributedChunkingBenchmark long|clips|burst [ROUNDS]
 */
public final class DistributedChunkingBenchmark {
    private static final int PARTITIONS = 6;
    private static final int SOLO_CLIPS = 3;
    private static final int CLIPS_DURING = 6;
    private static final int BURST_SOLO_CLIPS = 2;
    private static final Path SPEECH = Path.of("target", "speech");
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);
    private static final List<String> ANOMALIES = new ArrayList<>();

    private DistributedChunkingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String part = args.length > 0 ? args[0] : "long";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path model = GeneratedWhisperModel.cached(Path.of("target", "models"),
                GeneratedWhisperModel.Dimensions.TINY_EN);
        Audio clip = Audio.of(Speech.wav("short", Speech.SHORT));
        System.out.printf("%s, %d cores, model %s (tiny.en dimensions), pool slots of 1 whisper thread, "
                        + "%d partitions per topic, clip %.1f s%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), model, PARTITIONS, clip.durationMs / 1000.0);
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(Path.of("target", "kafka-bench"))) {
            switch (part) {
                case "long" -> longJob(broker.bootstrapServers(), model, clip, rounds);
                case "clips" -> {
                    Audio recording = tenMinutes();
                    try (Group g = PIECES.start(broker.bootstrapServers(), model)) {
                        g.warmUp(clip);
                        System.out.printf("  %s; idle %s%n", g.describe(), g.idleCpu());
                        clipsDuringPieces(g, recording, clip, rounds);
                    }
                }
                case "burst" -> burst(broker.bootstrapServers(), model, clip, rounds);
                default -> throw new IllegalArgumentException("part must be long, clips or burst, not " + part);
            }
        }
        if (!ANOMALIES.isEmpty()) {
            System.out.printf("%n%d ANOMALIES:%n", ANOMALIES.size());
            ANOMALIES.forEach(a -> System.out.println("  " + a));
            System.exit(1);
        }
    }

    // ---------------------------------------------------------------- part 1 and 2: one 10-minute job

    /** A configuration: workers of one group, each with {@code slots} pool slots, and its settings. */
    record Setup(String name, String label, Map<String, String> overrides, int workers, int slots) {
        Group start(String bootstrap, Path model) throws Exception {
            return Group.start(bootstrap, label, overrides, workers, slots, model);
        }
    }

    private static final Setup WHOLE = new Setup("(a) 1 worker x pool 2, distributed off (whole)", "a",
            Map.of("chunking.distributed", "none"), 1, 2);
    private static final Setup PIECES = new Setup("(b) 1 worker x pool 2, pieces, reserved slot lent", "b",
            Map.of(), 1, 2);
    private static final Setup PIECES_NOT_LENT = new Setup("(b') 1 worker x pool 2, pieces, reserved slot not lent",
            "bn", Map.of("chunking.lend-reserved-slot", "false"), 1, 2);
    private static final Setup TWO_WORKERS = new Setup("(c) 2 workers x pool 1, pieces via consumer group", "c",
            Map.of("pieces.consumer", "group"), 2, 1);
    /** The default on a broker with share groups: lanes on the consumer group, pieces on their share group. */
    private static final Setup TWO_WORKERS_SHARED_PIECES = new Setup(
            "(e) 2 workers x pool 1, pieces via share group (default)", "e", Map.of(), 2, 1);
    /**
     * As (e) with a pieces topic of one partition: the share group's assignor shares a partition between
     * members only when the group has more members than partitions, so with 6 partitions each of two
     * workers gets 3 and runs only their pieces, as in a consumer group; with one, both take from it.
     */
    private static final Setup TWO_WORKERS_ONE_PIECE_PARTITION = new Setup(
            "(f) as (e), pieces topic of 1 partition", "f", Map.of("topics.partitions.pieces", "1"), 2, 1);
    private static final Setup WHOLE_ONE_SLOT = new Setup("(a1) 1 worker x pool 1, distributed off (whole)", "a1",
            Map.of("chunking.distributed", "none", "lanes.small-reserved-slots", "0"), 1, 1);
    private static final Setup SHARE_TWO_WORKERS = new Setup("(d) 2 workers x pool 1, pieces, share groups", "d",
            Map.of("worker.group-type", "share"), 2, 1);

    /**
     * Decodes and scans the recording a few times before any measurement: a worker that has run for a
     * while has the decoder, resampler and splitter compiled, and the first measurement of a fresh JVM
     * must not pay for compiling them (in one run the first whole-file setup started recognising 5.4 s
     * after submit, later ones 1.6-2.0 s). Prints each pass's time.
     */
    private static void warmDecoding(Audio recording) throws Exception {
        AudioDecoder decoder = new AudioDecoder(AudioLimits.DEFAULT);
        List<String> times = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            decoder.decode("warm-up", recording.bytes, AudioDecoder.WHISPER_SAMPLE_RATE);
            long t1 = System.nanoTime();
            try (io.asrhub.audio.PcmStream pcm = decoder.open("warm-up", new java.io.ByteArrayInputStream(recording.bytes),
                    AudioDecoder.WHISPER_SAMPLE_RATE)) {
                new io.asrhub.pieces.SplitScanner(io.asrhub.recognition.ChunkingSettings.DEFAULT).scan(pcm);
            }
            times.add(String.format("decode %d ms, scan %d ms", (t1 - t0) / 1_000_000,
                    (System.nanoTime() - t1) / 1_000_000));
        }
        System.out.printf("warm-up of decoding and splitting (JIT): %s%n", times);
    }

    private static Audio tenMinutes() throws Exception {
        Audio recording = Audio.of(LongSpeech.atLeastSeconds(600).wav());
        System.out.printf("10-minute recording: %.1f s, %d bytes (sent as a file reference: over the message limit)%n",
                recording.durationMs / 1000.0, recording.bytes.length);
        return recording;
    }

    /**
     * Rounds alternate the setups; each measurement gets a fresh setup (own group and topics) and only
     * that one runs, so no idle worker of another setup takes CPU from it. (b') runs in round 1 only.
     */
    private static void longJob(String bootstrap, Path model, Audio clip, int rounds) throws Exception {
        Audio recording = tenMinutes();
        warmDecoding(recording);
        List<Setup> all = Boolean.getBoolean("bench.not-lent")
                ? List.of(WHOLE_ONE_SLOT, WHOLE, PIECES, PIECES_NOT_LENT, TWO_WORKERS, TWO_WORKERS_SHARED_PIECES,
                TWO_WORKERS_ONE_PIECE_PARTITION, SHARE_TWO_WORKERS)
                : List.of(WHOLE_ONE_SLOT, WHOLE, PIECES, TWO_WORKERS, TWO_WORKERS_SHARED_PIECES,
                TWO_WORKERS_ONE_PIECE_PARTITION, SHARE_TWO_WORKERS);
        // -Dbench.setups=a1,b,c,e,d runs only those labels (in that order), to keep one run under the lock short.
        String only = System.getProperty("bench.setups");
        List<Setup> setups = only == null ? all : java.util.Arrays.stream(only.split(","))
                .map(l -> all.stream().filter(x -> x.label.equals(l.trim())).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no setup labelled " + l)))
                .toList();
        Map<Setup, List<Long>> times = new LinkedHashMap<>();
        setups.forEach(k -> times.put(k, new ArrayList<>()));
        for (int round = 1; round <= rounds; round++) {
            for (Setup setup : setups) {
                if (setup == PIECES_NOT_LENT && round > 1) {
                    continue; // the known-slow configuration: once is enough, and keeps the run under 10 minutes
                }
                try (Group g = setup.start(bootstrap, model)) {
                    g.warmUp(clip);
                    if (round == 1) {
                        System.out.printf("  %s; idle %s%n", g.describe(), g.idleCpu());
                    }
                    g.sampler.reset();
                    Cpu cpu = Cpu.now();
                    Sent sent = g.send(recording);
                    if (sent.lane != Lane.LARGE) {
                        throw new IllegalStateException("the recording went to " + sent.lane);
                    }
                    Seen result = g.await(sent.jobId);
                    long ms = result.observedMs - sent.sentMs;
                    times.get(setup).add(ms);
                    double busy = g.sampler.slotMs();
                    String cpuUse = Cpu.now().since(cpu);
                    System.out.printf("  round %d %-55s %7d ms  slots recognising %4.0f%% of %d x the run, "
                                    + "summed processing %d ms, %s %s%n", round, setup.name, ms,
                            100 * busy / (g.totalSlots() * (double) ms), g.totalSlots(),
                            result.result.getProcessingMs(), cpuUse, g.pieceSummary(sent.jobId));
                    g.checkExactlyOnce();
                }
            }
        }
        long baseline = median(times.getOrDefault(WHOLE, times.values().iterator().next()));
        System.out.printf("%n10-minute recording (%.1f s) as one large-lane job, submit -> final result, "
                        + "lanes.small-reserved-slots=1 (default), median of %d rounds:%n",
                recording.durationMs / 1000.0, rounds);
        for (Map.Entry<Setup, List<Long>> e : times.entrySet()) {
            long m = median(e.getValue());
            System.out.printf("  %-55s %7d ms  RTF %.3f  baseline/this %5.2fx   rounds %s%n", e.getKey().name, m,
                    m / (double) recording.durationMs, baseline / (double) m, e.getValue());
        }
    }

    /**
     * Each round: {@value #SOLO_CLIPS} clips alone (one after the other on the idle worker), then the
     * 10-minute job and {@value #CLIPS_DURING} clips one every 3 s from 4 s after it, while it runs in pieces.
     */
    private static void clipsDuringPieces(Group g, Audio recording, Audio clip, int rounds) throws Exception {
        List<Long> soloLatency = new ArrayList<>();
        List<Long> soloWait = new ArrayList<>();
        List<Long> latency = new ArrayList<>();
        List<Long> wait = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            List<Seen> solo = g.soloClips(clip, SOLO_CLIPS);
            solo.forEach(x -> soloLatency.add(x.latencyMs));
            solo.forEach(x -> soloWait.add(x.result.getQueueWaitMs()));
            System.out.printf("  round %d, clips alone: latency %s ms, queue wait %s ms, processing %s ms%n", round,
                    solo.stream().map(x -> x.latencyMs).toList(), solo.stream().map(x -> x.result.getQueueWaitMs())
                            .toList(), solo.stream().map(x -> x.result.getProcessingMs()).toList());
            List<Scheduled> plan = new ArrayList<>();
            plan.add(new Scheduled(0, recording));
            for (int k = 0; k < CLIPS_DURING; k++) {
                plan.add(new Scheduled(4_000 + 3_000L * k, clip));
            }
            Cpu cpu = Cpu.now();
            List<Sent> sent = g.play(plan);
            g.awaitAll(sent);
            Seen longResult = g.seen(sent.get(0).jobId);
            List<Seen> clips = sent.subList(1, sent.size()).stream().map(x -> g.seen(x.jobId)).toList();
            for (Sent x : sent.subList(1, sent.size())) {
                if (x.sentMs >= longResult.observedMs) {
                    anomaly("clip " + x.jobId + " was sent after the long job had finished: not during pieces");
                }
            }
            clips.forEach(x -> latency.add(x.latencyMs));
            clips.forEach(x -> wait.add(x.result.getQueueWaitMs()));
            System.out.printf("  round %d, clips during the long job: latency %s ms, queue wait %s ms, "
                            + "processing %s ms; long job %d ms %s, %s%n", round,
                    clips.stream().map(x -> x.latencyMs).toList(),
                    clips.stream().map(x -> x.result.getQueueWaitMs()).toList(),
                    clips.stream().map(x -> x.result.getProcessingMs()).toList(), longResult.latencyMs,
                    g.pieceSummary(sent.get(0).jobId), Cpu.now().since(cpu));
        }
        g.checkExactlyOnce();
        long soloP50 = percentile(soloLatency, 50);
        System.out.printf("%n4.5 s clips on (b), submit -> result, %d rounds; during: one every 3 s from 4 s after the "
                + "10-minute job, while it runs in pieces:%n", rounds);
        System.out.printf("  alone  (%2d clips): latency p50 %5d ms, max %5d ms; queue wait p50 %5d ms, max %5d ms%n",
                soloLatency.size(), soloP50, max(soloLatency), percentile(soloWait, 50), max(soloWait));
        System.out.printf("  during (%2d clips): latency p50 %5d ms, max %5d ms; queue wait p50 %5d ms, max %5d ms"
                        + "  -> latency p50 %.2fx, max %.2fx the solo p50%n", latency.size(), percentile(latency, 50),
                max(latency), percentile(wait, 50), max(wait), percentile(latency, 50) / (double) soloP50,
                max(latency) / (double) soloP50);
    }

    // ---------------------------------------------------------------- part 3: the scheduling burst

    private static final Setup ONE_LANE = new Setup("one FIFO lane (no lanes, no reservation)", "fifo",
            Map.of("lanes.medium-from-ms", "999999999", "lanes.large-from-ms", "999999999",
                    "lanes.small-reserved-slots", "0", "chunking.distributed", "none"), 1, 2);
    private static final Setup LANES = new Setup("(i) lanes, distributed off", "lanes",
            Map.of("lanes.large-from-ms", "60000", "chunking.distributed", "none"), 1, 2);
    private static final Setup LANES_PIECES = new Setup("(ii) lanes + pieces, reserved slot lent", "pieces",
            Map.of("lanes.large-from-ms", "60000"), 1, 2);

    /**
     * Rounds alternate the setups (the machine's speed drifts by tens of percent over minutes); each
     * measurement gets a fresh setup that runs alone, and first {@value #BURST_SOLO_CLIPS} clips alone.
     */
    private static void burst(String bootstrap, Path model, Audio clip, int rounds) throws Exception {
        Audio longFile = Audio.of(LongSpeech.atLeastSeconds(180).wav());
        System.out.printf("burst: 2 x %.1f s then 6 x %.1f s clips 0.5 s later, one worker, pool 2%n",
                longFile.durationMs / 1000.0, clip.durationMs / 1000.0);
        Map<String, BurstStats> stats = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Setup setup : List.of(ONE_LANE, LANES, LANES_PIECES)) {
                try (Group g = setup.start(bootstrap, model)) {
                    g.warmUp(clip);
                    List<Long> solo = g.soloClips(clip, BURST_SOLO_CLIPS).stream().map(s -> s.latencyMs).toList();
                    BurstStats st = stats.computeIfAbsent(setup.name, k -> new BurstStats());
                    st.solo.addAll(solo);
                    if (round == 1) {
                        System.out.printf("  %s; idle %s%n", g.describe(), g.idleCpu());
                    }
                    List<Scheduled> plan = new ArrayList<>(List.of(new Scheduled(0, longFile),
                            new Scheduled(0, longFile)));
                    for (int k = 0; k < 6; k++) {
                        plan.add(new Scheduled(500, clip));
                    }
                    g.sampler.reset();
                    Cpu cpu = Cpu.now();
                    List<Sent> sent = g.play(plan);
                    g.awaitAll(sent);
                    double sampledSlotMs = g.sampler.slotMs();
                    String cpuUse = Cpu.now().since(cpu);
                    long first = sent.stream().mapToLong(s -> s.sentMs).min().orElseThrow();
                    long last = sent.stream().mapToLong(s -> g.seen(s.jobId).observedMs).max().orElseThrow();
                    long makespan = last - first;
                    long busy = sent.stream().mapToLong(s -> g.seen(s.jobId).result.getProcessingMs()).sum();
                    List<Long> longDone = sent.subList(0, 2).stream().map(s -> g.seen(s.jobId).latencyMs).toList();
                    List<Long> clips = sent.subList(2, sent.size()).stream().map(s -> g.seen(s.jobId).latencyMs)
                            .toList();
                    st.clips.addAll(clips);
                    st.longDone.add(Math.max(longDone.get(0), longDone.get(1)));
                    st.makespan.add(makespan);
                    st.busy.add(busy);
                    st.use.add(busy / (2.0 * makespan));
                    st.sampledUse.add(sampledSlotMs / (2.0 * makespan));
                    System.out.printf("  round %d %-42s solo clips %s ms; long done %s ms, clips %s ms, makespan %d "
                                    + "ms, busy %d slot-ms (sampled %.0f), slot use %.2f, %s%n", round, setup.name,
                            solo, longDone, clips, makespan, busy, sampledSlotMs, busy / (2.0 * makespan), cpuUse);
                    for (Sent x : sent.subList(0, 2)) {
                        System.out.printf("      long file %s%n", g.pieceSummary(x.jobId));
                    }
                    g.checkExactlyOnce();
                }
            }
        }
        double oneLane = stats.values().iterator().next().medianLongDone();
        System.out.printf("%nburst, %d rounds: clip percentiles over all %d clips per setup (nearest rank), solo = "
                + "median of the %d clips alone, other columns median over rounds; slot use = summed processingMs / "
                + "(2 x makespan)%n", rounds, 6 * rounds, BURST_SOLO_CLIPS * rounds);
        double lanesOnly = stats.get(LANES.name).medianLongDone();
        System.out.printf("  %-42s %8s %8s %8s %9s %9s %10s %8s %8s %9s %9s%n", "setup", "solo ms", "p50 ms",
                "p95 ms", "p95/solo", "max/solo", "long done", "x 1-lane", "x (i)", "makespan", "slot use");
        for (Map.Entry<String, BurstStats> e : stats.entrySet()) {
            BurstStats st = e.getValue();
            long p95 = percentile(st.clips, 95);
            long solo = median(st.solo);
            System.out.printf("  %-42s %8d %8d %8d %9.2f %9.2f %10.0f %8.2f %8.2f %9d %6.2f (sampled %.2f)%n",
                    e.getKey(), solo, percentile(st.clips, 50), p95, p95 / (double) solo, max(st.clips) / (double) solo,
                    st.medianLongDone(), st.medianLongDone() / oneLane, st.medianLongDone() / lanesOnly,
                    median(st.makespan), medianD(st.use), medianD(st.sampledUse));
        }
        // Bounds set by the load itself, whatever the scheduler does (2 slots, jobs cannot be pre-empted):
        BurstStats pieces = stats.get(LANES_PIECES.name);
        System.out.printf("  bounds: 6 clips arriving together on 2 slots finish in 3 waves, so the last one (the "
                + "p95 of each round's 6) takes >= 3.0x solo; with clips served first, the long files end no "
                + "earlier than the work / 2 slots = %d ms (median summed processing of (ii) / 2) = %.2fx the "
                + "one-lane time%n",
                median(pieces.busy) / 2, median(pieces.busy) / 2.0 / oneLane);
    }

    private static final class BurstStats {
        final List<Long> solo = new ArrayList<>();
        final List<Long> clips = new ArrayList<>();
        final List<Long> longDone = new ArrayList<>();
        final List<Long> makespan = new ArrayList<>();
        final List<Long> busy = new ArrayList<>();
        final List<Double> use = new ArrayList<>();
        final List<Double> sampledUse = new ArrayList<>();

        double medianLongDone() {
            return median(longDone);
        }
    }

    // ---------------------------------------------------------------- one setup: workers, stitchers, readers

    /** An audio file to submit, read and probed once. */
    record Audio(Path file, byte[] bytes, long durationMs) {
        static Audio of(Path file) throws Exception {
            byte[] bytes = Files.readAllBytes(file);
            return new Audio(file, bytes,
                    new AudioDecoder(AudioLimits.DEFAULT).decodeNativeRate(file.toString(), bytes).durationMs());
        }
    }

    record Sent(String jobId, Lane lane, long sentMs) {
    }

    record Scheduled(long atMs, Audio audio) {
    }

    /** A result and when this program saw it (read_committed, as any client would). */
    record Seen(TranscriptResult result, long observedMs, long latencyMs) {
    }

    private static final class Group implements AutoCloseable {
        final String label;
        final WorkerSettings ws;
        final PieceSettings pieces;
        final List<AsrWorker> workers = new ArrayList<>();
        final List<RecognitionService> services = new ArrayList<>();
        final List<RecognizerPool> pools = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<EmbeddedStitcher> stitchers = new ArrayList<>();
        final KafkaProducer<String, byte[]> producer;
        ResultReader results;
        PieceLog pieceLog;
        final BusySampler sampler;
        final Map<String, Long> sentAt = new HashMap<>();
        final Map<String, List<Seen>> seen = new HashMap<>();
        final int slotsPerWorker;
        /** Whether pieces go through the pieces' share group (its assignment is described instead). */
        boolean shareGroupPieces;

        private Group(String label, WorkerSettings ws, PieceSettings pieces, int slotsPerWorker) {
            this.label = label;
            this.ws = ws;
            this.pieces = pieces;
            this.slotsPerWorker = slotsPerWorker;
            this.producer = KafkaClients.producer(ws, null);
            this.sampler = new BusySampler(pools);
        }

        static Group start(String bootstrap, String label, Map<String, String> overrides, int workerCount, int slots,
                           Path model) throws Exception {
            String id = label + "-" + UUID.randomUUID().toString().substring(0, 6);
            Map<String, String> v = new HashMap<>();
            v.put("kafka.bootstrap-servers", bootstrap);
            v.put("kafka.group-id", "bench-" + id);
            for (String t : List.of("small", "medium", "large", "results", "dead-letters", "pieces", "piece-results",
                    "progress")) {
                v.put("topics." + t, id + "." + t);
            }
            v.put("worker.reference-roots", SPEECH.toAbsolutePath().toString()); // the 10-minute file is a reference
            v.put("topics.partitions.lanes", String.valueOf(PARTITIONS));
            v.put("topics.replication-factor", "1");
            v.putAll(overrides);
            Settings settings = Settings.of(v);
            WorkerSettings ws = WorkerSettings.read(settings);
            PieceSettings pieces = PieceSettings.read(settings);
            TopicAdmin.ensureTopics(ws, pieces.topics(), io.asrhub.topics.TopicLayout.read(settings));
            Group g = new Group(label, ws, pieces, slots);
            try {
                for (int w = 0; w < workerCount; w++) {
                    Settings ownSettings = settings.with("worker.id", label + "-w" + w);
                    WorkerSettings own = WorkerSettings.read(ownSettings);
                    ProviderConfig config = new ProviderConfig("whisper", PoolOptions.builder().minSize(slots)
                            .maxSize(slots).acquireTimeout(Duration.ofMinutes(30)).build(), 1, model, Map.of());
                    RecognizerPool pool = RecognizerPool.start("whisper", new ProviderRegistry().open(config),
                            config.pool().withSmallLaneReservation(ws.smallReservedSlots()), new SimpleMeterRegistry());
                    RecognitionService service = new RecognitionService(new AudioDecoder(AudioLimits.DEFAULT), pool);
                    g.pools.add(pool);
                    g.services.add(service);
                    AsrWorker worker = io.asrhub.assembly.Workers.create(ownSettings, own, pieces,
                            RecognitionPools.single(service), new WorkerMetrics(new SimpleMeterRegistry()));
                    worker.start();
                    g.workers.add(worker);
                    if (pieces.embeddedStitcher()) { // as `asr-hub worker` does
                        g.stitchers.add(EmbeddedStitcher.start(own, pieces, new SimpleMeterRegistry()));
                    }
                }
                // The consumer group holds the pieces topic only when pieces go through it (not a share group).
                int topics = g.workers.get(0).describeSource().contains("pieces via consumer group") ? 4 : 3;
                g.shareGroupPieces = g.workers.get(0).describeSource().contains("pieces via share group");
                boolean share = "share".equals(v.get("worker.group-type")); // share groups: no partitions to own
                io.asrhub.testsupport.Await.until(label + ": every partition owned, stitchers running", () ->
                        (share ? g.workers.stream().allMatch(w -> w.health().isReady())
                                : g.workers.stream().mapToInt(AsrWorker::ownedPartitions).sum() == topics * PARTITIONS
                                && g.workers.stream().allMatch(w -> w.ownedPartitions() > 0))
                                && g.stitchers.stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING),
                        Duration.ofSeconds(90));
                // Made once the workers own the topics: a reader made right after creation may see no partitions.
                g.results = new ResultReader(ws.bootstrapServers(), ws.topics().results(), true);
                g.pieceLog = pieces.enabled() ? new PieceLog(ws.bootstrapServers(), pieces.topics().pieceResults())
                        : null;
            } catch (Exception | Error e) {
                g.close();
                throw e;
            }
            return g;
        }

        /** What this setup alone costs while idle (poll loops, stitchers, broker), over 3 s. */
        String idleCpu() throws InterruptedException {
            Cpu before = Cpu.now();
            Thread.sleep(3_000); // the measurement window itself: nothing to wait for
            return Cpu.now().since(before);
        }

        int totalSlots() {
            return pools.stream().mapToInt(p -> p.options().maxSize()).sum();
        }

        String describe() throws Exception {
            return String.format("%s: %d worker(s) x pool %d (reserved for small: %d), distributed %s, lend %s, "
                            + "stitchers %d%s", label, workers.size(), slotsPerWorker,
                    pools.get(0).options().reservedSlots(), pieces.enabled() ? pieces.lanes() : "off",
                    pieces.enabled() && pieces.lendReservedSlot(), stitchers.size(),
                    pieces.enabled() && workers.size() > 1 ? ", pieces partitions per member " + piecePartitions()
                            : "");
        }

        /** Which partitions of the pieces topic each member of the group (or the pieces' share group) is assigned. */
        private Map<String, List<Integer>> piecePartitions() throws Exception {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    ws.bootstrapServers()))) {
                if (shareGroupPieces) {
                    String group = io.asrhub.share.ShareSources.piecesGroup(ws.groupId());
                    Map<String, List<Integer>> out = new TreeMap<>();
                    for (var member : admin.describeShareGroups(List.of(group)).all().get().get(group).members()) {
                        out.put(member.clientId(), member.assignment().topicPartitions().stream()
                                .map(TopicPartition::partition).sorted().toList());
                    }
                    return out;
                }
                org.apache.kafka.clients.admin.ConsumerGroupDescription group;
                try {
                    group = admin.describeConsumerGroups(List.of(ws.groupId())).all().get().get(ws.groupId());
                } catch (java.util.concurrent.ExecutionException e) {
                    return Map.of(); // share groups: no consumer group, pieces go to whichever worker is idle
                }
                Map<String, List<Integer>> out = new TreeMap<>();
                for (var member : group.members()) {
                    out.put(member.clientId(), member.assignment().topicPartitions().stream()
                            .filter(tp -> tp.topic().equals(pieces.topics().pieces()))
                            .map(TopicPartition::partition).sorted().toList());
                }
                return out;
            }
        }

        /** One clip through the whole path; for the pieces setups also a 2-piece job straight on the pieces topic. */
        void warmUp(Audio clip) throws Exception {
            await(send(clip).jobId);
            if (pieces.enabled()) {
                String jobId = "warm-up-" + label;
                long now = System.currentTimeMillis();
                io.asrhub.testsupport.Splits split = io.asrhub.testsupport.Splits.of(jobId, 2, 0, 2_000);
                producer.send(new ProducerRecord<>(pieces.topics().pieceResults(), jobId,
                        PieceCodec.encode(split.manifest()))).get(); // announced first, as a splitting worker does
                for (int i = 0; i < 2; i++) {
                    AudioPiece piece = split.piece(i, WavWriter.pcm16(new float[32_000], 16_000));
                    producer.send(new ProducerRecord<>(pieces.topics().pieces(), jobId + "#" + i,
                            PieceCodec.encode(piece))).get();
                }
                sentAt.put(jobId, now);
                await(jobId);
            }
        }

        List<Seen> soloClips(Audio clip, int n) throws Exception {
            List<Seen> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(await(send(clip).jobId));
            }
            return out;
        }

        Sent send(Audio a) throws Exception {
            Lane lane = ws.router().route(a.durationMs, a.bytes.length);
            String jobId = UUID.randomUUID().toString();
            boolean inline = a.bytes.length <= ws.maxMessageBytes() - 64 * 1024; // as JobSubmitter decides
            long now = System.currentTimeMillis();
            AudioJob job = AudioJob.newBuilder().setJobId(jobId).setSubmittedAtMs(Instant.ofEpochMilli(now))
                    .setAudio(inline ? new InlineAudio(ByteBuffer.wrap(a.bytes))
                            : new AudioReference(a.file.toAbsolutePath().toUri().toString()))
                    .setContentType("audio/wav").setByteSize(a.bytes.length).setDurationMs(a.durationMs)
                    .setLanguageHint("en").setAttributes(Map.of("file", a.file.getFileName().toString())).build();
            sentAt.put(jobId, now);
            producer.send(new ProducerRecord<>(ws.topics().lane(lane), jobId, AvroCodec.encode(job))).get();
            return new Sent(jobId, lane, now);
        }

        /** Sends each job at its offset from now (polling results meanwhile). */
        List<Sent> play(List<Scheduled> plan) throws Exception {
            long start = System.currentTimeMillis();
            List<Sent> out = new ArrayList<>();
            for (Scheduled s : plan) {
                while (System.currentTimeMillis() < start + s.atMs) {
                    poll(Duration.ofMillis(Math.max(1, Math.min(20, start + s.atMs - System.currentTimeMillis()))));
                }
                out.add(send(s.audio));
            }
            return out;
        }

        void poll(Duration timeout) {
            for (TranscriptResult r : results.poll(timeout)) {
                long now = System.currentTimeMillis();
                Long sent = sentAt.get(r.getJobId());
                if (sent == null) {
                    anomaly(label + ": result for a job this benchmark did not submit: " + r.getJobId());
                    continue;
                }
                List<Seen> list = seen.computeIfAbsent(r.getJobId(), k -> new ArrayList<>());
                list.add(new Seen(r, now, now - sent));
                if (r.getStatus() != JobStatus.OK) {
                    anomaly(label + ": job " + r.getJobId() + " FAILED: " + r.getErrorCode() + " "
                            + r.getErrorMessage());
                }
                if (list.size() > 1) {
                    anomaly(label + ": result #" + list.size() + " for job " + r.getJobId() + " (workers "
                            + list.stream().map(x -> x.result.getWorkerId()).toList() + ")");
                }
            }
        }

        Seen await(String jobId) {
            awaitIds(List.of(jobId));
            return seen(jobId);
        }

        void awaitAll(List<Sent> sent) {
            awaitIds(sent.stream().map(Sent::jobId).toList());
        }

        private void awaitIds(List<String> ids) {
            long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
            while (!ids.stream().allMatch(seen::containsKey)) {
                if (System.nanoTime() > deadline) {
                    List<String> missing = ids.stream().filter(id -> !seen.containsKey(id)).toList();
                    String evidence = String.format("%s: no result after %s for %s; workers running %s, "
                                    + "pool in use %s, stitchers %s, piece results seen %s", label, JOB_TIMEOUT,
                            missing,
                            workers.stream().map(AsrWorker::isRunning).toList(),
                            pools.stream().map(RecognizerPool::inUse).toList(),
                            stitchers.stream().map(EmbeddedStitcher::state).toList(),
                            missing.stream().map(this::pieceSummary).toList());
                    anomaly(evidence);
                    throw new IllegalStateException(evidence);
                }
                poll(Duration.ofMillis(20));
            }
        }

        Seen seen(String jobId) {
            return seen.get(jobId).get(0);
        }

        /** Pieces of a job: count, who did how many, repeats, first start and stitch delay. */
        String pieceSummary(String jobId) {
            if (pieceLog == null) {
                return seen.containsKey(jobId) ? "(whole, " + seen(jobId).result.getWorkerId()
                        + ", recognition started " + seen(jobId).result.getQueueWaitMs() + " ms after submit)"
                        : "(whole, no result)";
            }
            pieceLog.poll();
            List<PieceLog.Entry> mine = pieceLog.entries.stream().filter(e -> e.result.getJobId().equals(jobId))
                    .toList();
            if (mine.isEmpty()) {
                return "(no piece results)";
            }
            Map<String, Integer> perWorker = new TreeMap<>();
            mine.forEach(e -> perWorker.merge(e.result.getWorkerId(), 1, Integer::sum));
            long distinct = mine.stream().map(e -> e.result.getIndex()).distinct().count();
            long lastPiece = mine.stream().mapToLong(e -> e.timestampMs).max().orElseThrow();
            String stitch = seen.containsKey(jobId) ? ", stitched " + (seen(jobId).observedMs - lastPiece)
                    + " ms after the last piece result" : "";
            long minWait = mine.stream().mapToLong(e -> e.result.getQueueWaitMs()).min().orElseThrow();
            if (Boolean.getBoolean("bench.verbose") && sentAt.containsKey(jobId)) { // piece timeline, from submit
                long t0 = sentAt.get(jobId);
                mine.stream().sorted(Comparator.comparingLong(e -> e.timestampMs)).forEach(e -> System.out.printf(
                        "      piece %2d %-6s recognising %6d..%6d ms after submit, result published at %6d ms%n",
                        e.result.getIndex() + 1, e.result.getWorkerId(), e.result.getQueueWaitMs(),
                        e.result.getQueueWaitMs() + e.result.getProcessingMs(), e.timestampMs - t0));
            }
            return String.format("(%d pieces, %s%s, first piece started %d ms after submit%s; %s)",
                    mine.get(0).result.getCount(), perWorker, mine.size() > distinct ? ", " + (mine.size() - distinct)
                            + " repeated" : "", minWait, stitch, timelines(mine));
        }

        /**
         * Per worker, from its pieces' start and end (ms after submit): when it started its first piece,
         * the idle time between its pieces (a piece's result written, acknowledged, the next one fetched
         * and started), and how long it stood idle at the end while another worker finished the last piece.
         */
        private static String timelines(List<PieceLog.Entry> pieces) {
            Map<String, List<PieceResult>> byWorker = new TreeMap<>();
            pieces.forEach(e -> byWorker.computeIfAbsent(e.result.getWorkerId(), k -> new ArrayList<>()).add(e.result));
            long lastEnd = pieces.stream().mapToLong(e -> e.result.getQueueWaitMs() + e.result.getProcessingMs())
                    .max().orElseThrow();
            List<String> out = new ArrayList<>();
            for (Map.Entry<String, List<PieceResult>> w : byWorker.entrySet()) {
                List<PieceResult> runs = w.getValue().stream().sorted(Comparator.comparingLong(r -> r.getQueueWaitMs()))
                        .toList();
                long gaps = 0;
                long maxGap = 0;
                for (int i = 1; i < runs.size(); i++) {
                    long gap = runs.get(i).getQueueWaitMs() - (runs.get(i - 1).getQueueWaitMs()
                            + runs.get(i - 1).getProcessingMs());
                    gaps += Math.max(0, gap);
                    maxGap = Math.max(maxGap, gap);
                }
                PieceResult last = runs.get(runs.size() - 1);
                long busy = runs.stream().mapToLong(PieceResult::getProcessingMs).sum();
                out.add(String.format("%s: first at %d, busy %d, gaps %d (max %d, %d pieces), idle at the end %d",
                        w.getKey(), runs.get(0).getQueueWaitMs(), busy, gaps, maxGap, runs.size(),
                        lastEnd - last.getQueueWaitMs() - last.getProcessingMs()));
            }
            return String.join("; ", out);
        }

        /** After a quiet period: every submitted job has exactly one result. */
        void checkExactlyOnce() {
            long until = System.currentTimeMillis() + 2_000;
            while (System.currentTimeMillis() < until) {
                poll(Duration.ofMillis(100));
            }
            for (String id : sentAt.keySet()) {
                int n = seen.getOrDefault(id, List.of()).size();
                if (n != 1) {
                    anomaly(label + ": job " + id + " has " + n + " results");
                }
            }
            System.out.printf("  %s: %d jobs, %d results%n", label, sentAt.size(),
                    seen.values().stream().mapToInt(List::size).sum());
        }

        @Override
        public void close() {
            sampler.close();
            workers.forEach(AsrWorker::stop);
            stitchers.forEach(EmbeddedStitcher::close);
            services.forEach(RecognitionService::close);
            if (results != null) {
                results.close();
            }
            if (pieceLog != null) {
                pieceLog.close();
            }
            producer.close(Duration.ofSeconds(2));
        }
    }

    /** Every piece result published (read_committed), with its record timestamp. */
    private static final class PieceLog implements AutoCloseable {
        record Entry(PieceResult result, long timestampMs) {
        }

        private final KafkaConsumer<String, byte[]> consumer;
        final List<Entry> entries = new ArrayList<>();

        PieceLog(String bootstrap, String topic) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                    new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            if (partitions.isEmpty()) {
                throw new IllegalStateException("no partitions for " + topic);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        void poll() {
            for (int i = 0; i < 3; i++) { // a few polls: the results just seen were published before
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (PieceCodec.isManifest(r.value())) {
                        continue; // a split's announcement, not a piece's result
                    }
                    try {
                        entries.add(new Entry(PieceCodec.decodePieceResult(r.value()), r.timestamp()));
                    } catch (java.io.IOException e) {
                        anomaly("undecodable piece result at " + r.topic() + "-" + r.partition() + "@" + r.offset());
                    }
                }
            }
        }

        @Override
        public void close() {
            consumer.close(Duration.ZERO);
        }
    }

    /** Integrates the number of pool instances recognising (every 5 ms) between reset() and slotMs(). */
    private static final class BusySampler implements AutoCloseable {
        private final List<RecognizerPool> pools;
        private final Thread thread;
        private volatile boolean running = true;
        private double slotMs;
        private long last = System.nanoTime();

        BusySampler(List<RecognizerPool> pools) {
            this.pools = pools;
            this.thread = new Thread(this::run, "busy-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            while (running) {
                try {
                    Thread.sleep(5); // the sampling period of slot use, not a wait for a condition
                } catch (InterruptedException e) {
                    return;
                }
                int inUse = pools.stream().mapToInt(RecognizerPool::inUse).sum();
                synchronized (this) {
                    long now = System.nanoTime();
                    slotMs += inUse * (now - last) / 1e6;
                    last = now;
                }
            }
        }

        synchronized void reset() {
            slotMs = 0;
            last = System.nanoTime();
        }

        synchronized double slotMs() {
            return slotMs;
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
        }
    }

    /**
     * CPU time from /proc (Linux): the machine's busy and steal time and this JVM's plus its children's
     * (the broker), so each measurement can show whether anything else ran on the cores meanwhile.
     */
    record Cpu(long busy, long steal, long jvm, long children, long atNanos) {
        static Cpu now() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3])
                        + Long.parseLong(f[6]) + Long.parseLong(f[7]);
                long children = 0;
                for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
                    children += process(child.pid());
                }
                return new Cpu(busy, Long.parseLong(f[8]), process(ProcessHandle.current().pid()), children,
                        System.nanoTime());
            } catch (java.io.IOException | RuntimeException e) {
                return new Cpu(0, 0, 0, 0, System.nanoTime()); // not Linux: shown as zeros
            }
        }

        private static long process(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
            } catch (java.io.IOException | RuntimeException e) {
                return 0; // exited meanwhile
            }
        }

        /** Average cores used since {@code before}: by this benchmark, by everything else, stolen by the host. */
        String since(Cpu before) {
            double seconds = (atNanos - before.atNanos) / 1e9;
            double tick = 100.0; // USER_HZ
            double jvmCores = (jvm - before.jvm) / tick / seconds;
            double broker = (children - before.children) / tick / seconds;
            double all = (busy - before.busy) / tick / seconds;
            return String.format("cpu: workers' JVM %.2f, broker %.2f, others %.2f, steal %.2f cores", jvmCores, broker,
                    Math.max(0, all - jvmCores - broker), (steal - before.steal) / tick / seconds);
        }
    }

    // ---------------------------------------------------------------- figures

    private static synchronized void anomaly(String what) {
        ANOMALIES.add(what);
        System.out.println("ANOMALY: " + what);
    }

    private static long median(List<Long> values) {
        long[] s = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double medianD(List<Double> values) {
        double[] s = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Nearest rank: every reported value was observed. */
    private static long percentile(List<Long> values, double p) {
        long[] s = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.min(s.length, Math.max(rank, 1)) - 1];
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(-1);
    }
}
