package io.asrhub.bench;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.audio.DecodedAudio;
import io.asrhub.config.AudioLimits;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak heap of decoding one file to 16 kHz mono, as a worker does before recognition (the figures
 * in docs/reliability.md). Peak pool usage includes garbage not yet collected, so it is an upper
 * bound; run with e.g. -Xmx400m to see whether a decode fits.
 * Usage: scripts/bench DecodeMemoryBenchmark FILE...
 */
public final class DecodeMemoryBenchmark {
    public static void main(String[] args) throws Exception {
        AudioDecoder decoder = new AudioDecoder(AudioLimits.DEFAULT);
        for (String name : args) {
            byte[] data = Files.readAllBytes(Path.of(name));
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            long start = System.nanoTime();
            DecodedAudio audio = decoder.decode(name, data, AudioDecoder.WHISPER_SAMPLE_RATE);
            long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf("%s: %.1f MB in, %.1f min of %s, decoded in %d ms, heap peak %d MB%n", name,
                    data.length / 1e6, audio.durationMs() / 60_000.0, audio.sourceFormat(),
                    (System.nanoTime() - start) / 1_000_000, peak >> 20);
        }
    }
}
