package io.asrhub.records.registry;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.records.AvroCodec;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.InlineAudio;
import io.asrhub.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker's way of resolving schema ids: never waiting on the caller's thread, one fetch per id
 * in the background, retried while the registry does not answer, and the answer remembered.
 */
class SchemaLookupsTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private final FlakyRegistry registry = new FlakyRegistry().with(7, AudioJob.getClassSchema());
    private final SchemaLookups lookups = new SchemaLookups(new RegistryClient(registry.url()));

    SchemaLookupsTest() throws Exception {
    }

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void aHangingRegistryNeverHoldsUpTheCallerAndIsAskedOncePerId() throws Exception {
        registry.answering(true);
        registry.hang();
        byte[] framed = framed(7);
        for (int i = 0; i < 50; i++) {
            long start = System.nanoTime();
            assertNull(lookups.readyValue("lane", framed), "not known yet");
            assertTrue(System.nanoTime() - start < 100_000_000L, "answered without waiting for the registry");
        }
        Await.until("the background fetch reached the registry", () -> registry.requests() == 1, LIMIT);
        assertEquals(1, registry.requests(), "one fetch in flight per id, however often it is asked");
        registry.release();
        Await.until("the id is known", () -> lookups.readyValue("lane", framed) != null, LIMIT);
        assertEquals("job-1", AvroCodec.decodeJob(lookups.readyValue("lane", framed)).getJobId());
        int asked = registry.requests();
        lookups.readyValue("lane", framed);
        assertEquals(asked, registry.requests(), "a known id needs no registry");
    }

    @Test
    void whileTheRegistryFailsTheIdIsTriedAgainWithBackoffUntilItAnswers() throws Exception {
        byte[] framed = framed(7);
        Await.until("three failed tries", () -> {
            assertNull(lookups.readyValue("lane", framed));
            return registry.requests() >= 3;
        }, LIMIT);
        registry.answering(true);
        Await.until("the id is known once the registry answers", () -> lookups.readyValue("lane", framed) != null,
                LIMIT);
        byte[] single = AvroCodec.encode(job());
        assertArrayEquals(single, lookups.readyValue("lane", framed), "same body behind the single-object header");
    }

    @Test
    void anIdTheRegistryDoesNotHaveIsHandedOnForTheCodecToReject() throws Exception {
        registry.answering(true);
        byte[] unknown = framed(99);
        Await.until("the registry said 404", () -> lookups.lookup("lane", 99).state()
                == SchemaLookups.State.UNREADABLE, LIMIT);
        assertSame(unknown, lookups.readyValue("lane", unknown));
        AsrException e = assertThrows(AsrException.class, () -> AvroCodec.decodeJob(unknown));
        assertEquals(ErrorCode.MALFORMED_RECORD, e.code());
        byte[] single = AvroCodec.encode(job());
        assertSame(single, lookups.readyValue("lane", single), "single-object values need no lookup");
    }

    private static byte[] framed(int id) {
        return RegistryWireFormat.frame(id, AvroCodec.encode(job()), AvroCodec.HEADER_LENGTH);
    }

    private static AudioJob job() {
        return AudioJob.newBuilder().setJobId("job-1").setSubmittedAtMs(Instant.ofEpochMilli(1))
                .setAudio(new InlineAudio(ByteBuffer.wrap(new byte[]{1, 2, 3}))).setByteSize(3)
                .setAttributes(Map.of()).build();
    }
}
