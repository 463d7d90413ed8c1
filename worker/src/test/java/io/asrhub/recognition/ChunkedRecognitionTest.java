package io.asrhub.recognition;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.audio.DecodedAudio;
import io.asrhub.config.AudioLimits;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.config.PoolOptions;
import io.asrhub.pool.RecognizerPool;
import io.asrhub.provider.Segment;
import io.asrhub.testsupport.FakeProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pieces of one recording run concurrently on the pool and come back stitched in order. */
class ChunkedRecognitionTest {
    private final FakeProvider provider = new FakeProvider();
    private RecognitionService service;

    private ChunkedRecognition start(ChunkingSettings settings) throws AsrException {
        service = new RecognitionService(new AudioDecoder(AudioLimits.DEFAULT), RecognizerPool.start("fake", provider,
                PoolOptions.builder().minSize(2).maxSize(2).acquireTimeout(Duration.ofSeconds(30)).warmUp(false)
                        .build(), new SimpleMeterRegistry()));
        return new ChunkedRecognition(service, settings);
    }

    @AfterEach
    void close() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void piecesRunOnEverySlotAndAreStitchedInOrderWithOffsetTimestamps() throws Exception {
        provider.workMillis = 150;
        try (ChunkedRecognition chunked = start(ChunkingSettings.DEFAULT)) {
            Transcription t = chunked.recognise("long", silence(100_000), null);

            assertEquals(4, t.pieces());
            assertEquals("ok long#1 ok long#2 ok long#3 ok long#4", t.transcript().text());
            List<Segment> segments = t.transcript().segments();
            assertEquals(4, segments.size());
            for (int i = 1; i < segments.size(); i++) {
                Segment s = segments.get(i);
                long pieceStart = s.startMs();
                assertTrue(pieceStart > segments.get(i - 1).startMs() + 25_000 && pieceStart <= i * 30_000L,
                        "piece " + (i + 1) + " starts at " + pieceStart);
                assertEquals(pieceStart + 10, s.endMs(), "segment keeps its length, moved by the piece start");
            }
            assertEquals(0, segments.get(0).startMs());
            assertEquals(100_000, t.audioDurationMs());
            assertEquals(2, provider.maxConcurrentCalls.get(), "pieces of one file used both slots");
            assertEquals(0, provider.doubleUse.get());
        }
    }

    @Test
    void shortAudioAndDisabledChunkingGoThroughInOneCall() throws Exception {
        try (ChunkedRecognition chunked = start(ChunkingSettings.DEFAULT.withEnabled(false))) {
            Transcription t = chunked.recognise("long", silence(100_000), null);
            assertEquals(1, t.pieces());
            assertEquals("ok long", t.transcript().text());
        }
        try (ChunkedRecognition chunked = new ChunkedRecognition(service, ChunkingSettings.DEFAULT)) {
            Transcription t = chunked.recognise("short", silence(44_000), null);
            assertEquals(1, t.pieces());
            assertEquals("ok short", t.transcript().text());
        }
        assertEquals(2, provider.calls.get());
    }

    @Test
    void aFailedPieceFailsTheRecordingNamingThePieceAndItsTimeRange() throws Exception {
        try (ChunkedRecognition chunked = start(ChunkingSettings.DEFAULT)) {
            AsrException e = assertThrows(AsrException.class, () -> chunked.recognise("fail", silence(70_000), null));
            assertEquals(ErrorCode.PROVIDER_FAILED, e.code());
            assertTrue(e.getMessage().startsWith("fail: piece 1/3 (0.0 s - "), e.getMessage());
        }
    }

    private static DecodedAudio silence(int ms) {
        return new DecodedAudio(new float[ms * 16], 16_000, "silence");
    }
}
