package io.asrhub.audio;

import io.asrhub.config.AudioLimits;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.testsupport.HostileAudio;
import io.asrhub.testsupport.Speech;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, item 5: memory follows the data, not the header. A 1 s, 192 kHz FLAC whose STREAMINFO
 * claims one hour (about 20 KB) used to reserve a buffer for the whole claim (2.7 GB); it must
 * cost well under 100 MB and still be answered TRUNCATED_AUDIO, under the default 4 h limit so the
 * claim passes the header's duration check.
 */
@org.junit.jupiter.api.parallel.Isolated // measures the whole JVM's heap peak: other tests' allocations would count
class HeaderClaimMemoryTest {
    @Test
    void aOneHourClaimOnOneSecondOf192kHzCostsUnder100Mb() throws Exception {
        Speech.requireTool("sox");
        byte[] flac = HostileAudio.flac192k(3600);
        AudioDecoder decoder = new AudioDecoder(AudioLimits.DEFAULT);
        decoder.decode("warm-up", HostileAudio.flac192k(1), AudioDecoder.WHISPER_SAMPLE_RATE); // classes loaded

        System.gc();
        long before = heapUsed();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        AsrException e = assertThrows(AsrException.class,
                () -> decoder.decode("claims-1h.flac", flac, AudioDecoder.WHISPER_SAMPLE_RATE));
        long peakExtra = heapPeak() - before;

        assertEquals(ErrorCode.TRUNCATED_AUDIO, e.code(), e.getMessage());
        System.out.printf("192 kHz FLAC, %d bytes, STREAMINFO claims 1 h: heap peak %.1f MB above the %.1f MB "
                + "before the decode (upper bound: includes garbage not yet collected)%n", flac.length,
                peakExtra / 1e6, before / 1e6);
        assertTrue(peakExtra < 100_000_000L, "decoding cost " + peakExtra / 1_000_000 + " MB of heap");
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getUsage().getUsed()).sum();
    }

    private static long heapPeak() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }
}
