package io.asrhub.it;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.config.AudioLimits;
import io.asrhub.config.Settings;
import io.asrhub.worker.WorkerMetrics;
import io.asrhub.config.PoolOptions;
import io.asrhub.pool.RecognizerPool;
import io.asrhub.recognition.RecognitionService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.FileReader;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A share worker in a process of its own, so a test can kill -9 it while it holds records.
 * Args: settings file (properties), slots, job time in ms. Prints "STARTED jobId" per job start.
 */
public final class ShareWorkerProcess {
    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        try (FileReader in = new FileReader(args[0])) {
            p.load(in);
        }
        Map<String, String> values = new HashMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
        int slots = Integer.parseInt(args[1]);
        ScriptedProvider engine = new ScriptedProvider(Long.parseLong(args[2]), 0, id -> {
            System.out.println("STARTED " + id);
            System.out.flush();
        });
        RecognizerPool pool = RecognizerPool.start("scripted", engine,
                PoolOptions.builder().minSize(slots).maxSize(slots).warmUp(false).build(), new SimpleMeterRegistry());
        Settings settings = Settings.of(values);
        io.asrhub.assembly.Workers.create(settings, io.asrhub.kafka.WorkerSettings.read(settings),
                io.asrhub.pieces.PieceSettings.OFF, io.asrhub.recognition.RecognitionPools.single(
                        new RecognitionService(new AudioDecoder(AudioLimits.DEFAULT), pool)),
                new WorkerMetrics(new SimpleMeterRegistry())).start();
        new java.util.concurrent.CountDownLatch(1).await(); // runs until the test kills the process
    }
}
