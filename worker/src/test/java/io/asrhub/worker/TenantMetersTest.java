package io.asrhub.worker;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.asrhub.records.Lane;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.InlineAudio;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tenant names are producer input: tags only when opted in, cleaned, and a bounded number of them. */
class TenantMetersTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static PendingJob job(String tenant) {
        AudioJob job = AudioJob.newBuilder().setJobId("j").setSubmittedAtMs(Instant.now())
                .setAudio(new InlineAudio(ByteBuffer.wrap(new byte[]{1}))).setByteSize(1).setTenant(tenant).build();
        return new PendingJob(new ConsumerRecord<>("asr.jobs.small", 0, 0, "j", new byte[0]), 0, Lane.SMALL, job, "fake");
    }

    private Set<String> tenantTags() {
        return registry.find("asr.tenant.queue_wait").meters().stream().map(Meter::getId)
                .map(id -> id.getTag("tenant")).collect(Collectors.toSet());
    }

    @Test
    void offByDefaultItRegistersNothing() {
        new TenantMeters(registry, false).started(job("team-a"));
        assertTrue(registry.getMeters().isEmpty());
    }

    @Test
    void controlCharactersAreReplacedAndMissingTenantsNamed() {
        TenantMeters meters = new TenantMeters(registry, true);
        meters.started(job("evil\n# TYPE x counter\r"));
        meters.started(job(null));
        assertEquals(Set.of("evil_# TYPE x counter_", TenantMeters.NONE), tenantTags());
    }

    @Test
    void theNumberOfTenantTagsIsBounded() {
        TenantMeters meters = new TenantMeters(registry, true);
        for (int i = 0; i < 3 * TenantMeters.MAX_TENANTS; i++) {
            meters.started(job("tenant-" + i));
        }
        Set<String> tags = tenantTags();
        assertEquals(TenantMeters.MAX_TENANTS + 1, tags.size());
        assertTrue(tags.contains(TenantMeters.OTHER));
        assertTrue(tags.contains("tenant-0"), "the first tenants keep their own series");
    }
}
