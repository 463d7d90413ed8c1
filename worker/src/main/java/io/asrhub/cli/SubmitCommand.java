package io.asrhub.cli;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.config.Settings;
import io.asrhub.client.JobSubmitter;
import io.asrhub.kafka.KafkaClients;
import io.asrhub.client.ProgressReader;
import io.asrhub.client.ResultReader;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pieces.PieceTopics;
import io.asrhub.recognition.RecognitionRuntime;
import io.asrhub.schema.JobProgress;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.trace.TraceContext;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Publishes files as jobs, choosing the lane from their duration; optionally waits for the transcripts. */
@Command(name = "submit", mixinStandardHelpOptions = true, description = "Publish audio files as transcription jobs.")
final class SubmitCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*")
    List<Path> files;

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--config", paramLabel = "FILE")
    Path config;

    @Option(names = "--wait", description = "print each transcript as it arrives")
    boolean waitForResults;

    @Option(names = "--timeout", defaultValue = "600", description = "seconds to wait with --wait")
    long timeoutSeconds;

    @Option(names = "--language", paramLabel = "CODE")
    String language;

    @Option(names = "--format", defaultValue = "text", description = "text or json")
    OutputFormat format;

    @Option(names = "--provider", paramLabel = "NAME",
            description = "ask workers to use this provider's pool (the job's providerHint)")
    String provider;

    @Option(names = "--tenant", paramLabel = "NAME",
            description = "the producer these jobs count against (at most 64 characters): workers admit a lane's "
                    + "jobs round-robin across tenants")
    String tenant;
    @Option(names = "--traceparent", paramLabel = "HEADER", description = "W3C traceparent every job carries "
            + "(default: a new trace per job), e.g. from the caller's span")
    String traceparent;

    @Override
    public Integer call() throws Exception {
        TraceContext trace = null;
        if (traceparent != null) {
            TraceContext.Read read = TraceContext.parse(traceparent);
            if (read.dropped() != null) {
                throw new io.asrhub.errors.AsrException(io.asrhub.errors.ErrorCode.CONFIG_INVALID,
                        "--traceparent: " + read.dropped());
            }
            trace = read.context();
        }
        if (tenant != null && tenant.length() > io.asrhub.records.FieldBounds.TENANT) {
            // Workers would dead-letter every job with FIELD_TOO_LARGE: refuse before publishing.
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--tenant has " + tenant.length() + " characters, more than the "
                            + io.asrhub.records.FieldBounds.TENANT + " allowed");
        }
        KafkaOptions.Cluster cluster = kafka.connect(config);
        Settings settings = cluster.settings();
        WorkerSettings ws = cluster.kafka();
        return submitAndWait(ws, PieceTopics.read(settings).progress(),
                new AudioDecoder(RecognitionRuntime.audioLimits(settings)), files, language, provider, tenant, trace,
                format, waitForResults, Duration.ofSeconds(timeoutSeconds));
    }

    static int submitAndWait(WorkerSettings ws, String progressTopic, AudioDecoder probe, List<Path> files,
                             String language, String provider, OutputFormat format, boolean wait, Duration timeout)
            throws Exception {
        return submitAndWait(ws, progressTopic, probe, files, language, provider, null, null, format, wait, timeout);
    }

    /** With {@code wait}: prints each transcript on stdout and shows the progress of split jobs on stderr. */
    /** {@code trace}: the trace context of every job, or null for a new trace per job. */
    static int submitAndWait(WorkerSettings ws, String progressTopic, AudioDecoder probe, List<Path> files,
                             String language, String provider, String tenant, TraceContext trace,
                             OutputFormat format, boolean wait,
                             Duration timeout) throws Exception {
        Map<String, Path> pending = new HashMap<>();
        WaitProgress progressLine = new WaitProgress(System.err, pending);
        // Position the readers before publishing so no result or progress record can slip past them.
        try (ResultReader reader = wait ? new ResultReader(ws, ws.topics().results(), false) : null;
             ProgressReader progress = wait ? new ProgressReader(ws, progressTopic) : null;
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(ws, null)) {
            JobSubmitter submitter = new JobSubmitter(producer, ws, probe);
            for (Path file : files) {
                JobSubmitter.Submitted s = submitter.submit(file, language, provider, tenant,
                        trace != null ? trace : TraceContext.fresh());
                pending.put(s.jobId(), file);
                System.err.printf("submitted %s -> %s (job %s, trace %s)%n", file, ws.topics().lane(s.lane()), s.jobId(),
                        s.trace().traceId());
            }
            if (!wait) {
                return ExitCodes.OK;
            }
            int failed = 0;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                for (JobProgress p : progress.poll(Duration.ofMillis(20))) {
                    progressLine.update(p);
                }
                for (TranscriptResult r : reader.poll(Duration.ofMillis(180))) {
                    Path file = pending.get(r.getJobId());
                    if (file != null) {
                        progressLine.finished(r.getJobId());
                        pending.remove(r.getJobId());
                        System.out.println(ResultFormatter.format(r, format, file.toString()));
                        System.out.flush();
                        progressLine.draw();
                        if (r.getStatus() != io.asrhub.schema.JobStatus.OK) {
                            failed++;
                        }
                    }
                }
            }
            progressLine.endLine();
            if (!pending.isEmpty()) {
                System.err.println("timed out waiting for " + pending.size() + " transcript(s): " + pending.values());
                return ExitCodes.SOME_FAILED;
            }
            return failed == 0 ? ExitCodes.OK : ExitCodes.SOME_FAILED;
        }
    }
}
