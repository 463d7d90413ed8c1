package io.asrhub.worker;

import io.asrhub.kafka.WorkerSettings;
import io.asrhub.publish.JobOutcome;
import io.asrhub.records.Lane;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The worker checks the lane a producer chose against the audio it actually decoded: a job longer
 * than its lane's bound (a 40 s WAV or a 15-minute MP3 on the small lane) would otherwise hold that
 * lane's slot, including the one reserved so short clips never wait (issue 15, item 6). Such a job
 * is forwarded, unchanged, to the lane its decoded duration selects ({@code lanes.medium-from-ms},
 * {@code lanes.large-from-ms}), counted in {@code asr.lane.forwarded} and logged; its record here is
 * finished by that forward, published and committed like a result. A job on a lane above its size
 * runs where it is: it costs the producer a wait behind long files, not other producers a slot.
 * Only upward forwards exist, so a record can move at most twice and never loops.
 */
final class LaneCheck {
    /** Header on a forwarded record naming the lane it was first published to. */
    static final String FORWARDED_FROM = "asr-forwarded-from";
    private static final Logger LOG = LoggerFactory.getLogger(LaneCheck.class);

    private final WorkerSettings settings;
    private final MeterRegistry registry;

    LaneCheck(WorkerSettings settings, MeterRegistry registry) {
        this.settings = settings;
        this.registry = registry;
    }

    /** The forward of {@code p}'s record to a larger lane, or empty when the job belongs where it is. */
    Optional<JobOutcome> forwardIfLonger(PendingJob p, long durationMs) {
        if (p.isPiece()) {
            return Optional.empty(); // pieces are sized by the splitting worker
        }
        Lane belongs = settings.router().route(durationMs, 0);
        if (belongs.ordinal() <= p.lane.ordinal()) {
            return Optional.empty();
        }
        String topic = settings.topics().lane(belongs);
        ProducerRecord<String, byte[]> forward = new ProducerRecord<>(topic, null, p.record.key(), p.record.value());
        forward.headers().add(FORWARDED_FROM, name(p.lane).getBytes(StandardCharsets.UTF_8));
        Counter.builder("asr.lane.forwarded").tags("from", name(p.lane), "to", name(belongs))
                .description("jobs whose decoded duration is beyond their lane, forwarded to the lane it selects")
                .register(registry).increment();
        LOG.info("{}@{}: {} ms of audio is beyond the {} lane, forwarded to {}", p.partition, p.offset(), durationMs,
                name(p.lane), topic);
        return Optional.of(new JobOutcome(List.of(forward), true));
    }

    private static String name(Lane lane) {
        return lane.name().toLowerCase(Locale.ROOT);
    }
}
