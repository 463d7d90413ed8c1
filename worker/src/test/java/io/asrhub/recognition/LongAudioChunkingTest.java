package io.asrhub.recognition;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.audio.AudioSlice;
import io.asrhub.audio.DecodedAudio;
import io.asrhub.config.AudioLimits;
import io.asrhub.config.ProviderConfig;
import io.asrhub.eval.WordErrorRate;
import io.asrhub.config.PoolOptions;
import io.asrhub.pool.RecognizerPool;
import io.asrhub.provider.ProviderRegistry;
import io.asrhub.provider.Segment;
import io.asrhub.testsupport.LongSpeech;
import io.asrhub.testsupport.RealModel;
import io.asrhub.testsupport.TinyWhisperModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ten minutes of espeak-ng sentences separated by pauses, split with the default settings and
 * recognised through a real whisper.cpp pool (the suite's generated model: real native code,
 * meaningless words; every piece of at most 30 s decodes to exactly one segment spanning it).
 */
class LongAudioChunkingTest {
    private static LongSpeech.Recording recording;
    private static DecodedAudio audio;

    @BeforeAll
    static void recording() throws Exception {
        recording = LongSpeech.atLeastSeconds(600);
        audio = new AudioDecoder(AudioLimits.DEFAULT).decodeFile(recording.wav(), 16_000);
    }

    /**
     * Each piece costs a full 30 s encoder window, so the recording is cut into as few pieces as its
     * length allows (the old rule, the quietest pause of the last 5 s, made 22 pieces of ~28 s here),
     * every cut within 2 s of its limit and at a quiet point: most in the silence between sentences,
     * the others in a dip between words, never in speech at full level.
     */
    @Test
    void theFewestPiecesCutAtQuietPointsNearTheLimitCoverEverySampleOnce() {
        List<AudioSlice> pieces = ChunkingSettings.DEFAULT.splitter().split(audio);

        assertTrue(audio.durationMs() >= 600_000, "recording of " + audio.durationMs() + " ms");
        assertEquals((audio.durationMs() + 29_999) / 30_000, pieces.size(), "pieces of one 30 s window each");
        long total = 0;
        for (int i = 0; i < pieces.size(); i++) {
            AudioSlice p = pieces.get(i);
            assertTrue(p.length() <= 30 * 16_000, p.describe(pieces.size()));
            if (i + 1 < pieces.size()) {
                assertTrue(p.length() >= 28 * 16_000, "cut within 2 s of the limit: " + p.describe(pieces.size()));
            }
            assertEquals(i == 0 ? 0 : pieces.get(i - 1).end(), p.offset(), "piece " + i + " starts where the last ended");
            total += p.length();
        }
        assertEquals(audio.samples().length, total, "no sample lost or repeated");

        double speech = rms(audio.samples(), 0, audio.samples().length);
        int inSilence = 0;
        for (int i = 0; i + 1 < pieces.size(); i++) {
            int cut = pieces.get(i).end();
            double around = rms(audio.samples(), cut - 800, cut + 800); // 50 ms either side
            assertTrue(around < 0.3 * speech, String.format("cut %d at %.2f s: RMS %.5f around it, speech %.5f",
                    i, cut / 16_000.0, around, speech));
            inSilence += around < 0.01 * speech ? 1 : 0;
        }
        assertTrue(inSilence * 2 >= pieces.size() - 1, inSilence + " of " + (pieces.size() - 1) + " cuts in silence");
    }

    @Test
    void chunkedTimestampsAreMonotonicAndCoverTheRecordingOnePiecePerSegment() throws Exception {
        List<AudioSlice> pieces = ChunkingSettings.DEFAULT.splitter().split(audio);
        try (RecognitionService service = whisper(TinyWhisperModel.shared(), 2);
             ChunkedRecognition chunked = new ChunkedRecognition(service, ChunkingSettings.DEFAULT)) {
            Transcription t = chunked.recognise("long", audio, null);

            assertEquals(pieces.size(), t.pieces());
            List<Segment> segments = t.transcript().segments();
            assertEquals(pieces.size(), segments.size(), "one segment per piece: none lost or doubled");
            for (int i = 0; i < segments.size(); i++) {
                Segment s = segments.get(i);
                AudioSlice p = pieces.get(i);
                assertEquals(p.startMs(), s.startMs(), 20, "segment " + i + " starts at its piece's start");
                assertEquals(p.endMs(), s.endMs(), 20, "segment " + i + " ends at its piece's end");
                if (i > 0) {
                    assertTrue(s.startMs() >= segments.get(i - 1).endMs(), "monotonic at segment " + i);
                }
            }
            assertEquals(audio.durationMs(), segments.get(segments.size() - 1).endMs(), 20, "covers the recording");
        }
    }

    @Test
    void withARealModelChunkingCostsAtMostTwoPointsOfWordErrorRate() throws Exception {
        Path model = RealModel.require();
        try (RecognitionService service = whisper(model, 2);
             ChunkedRecognition chunked = new ChunkedRecognition(service, ChunkingSettings.DEFAULT);
             ChunkedRecognition whole = new ChunkedRecognition(service, ChunkingSettings.DEFAULT.withEnabled(false))) {
            double chunkedWer = WordErrorRate.of(recording.text(), chunked.recognise("long", audio, null)
                    .transcript().text());
            double wholeWer = WordErrorRate.of(recording.text(), whole.recognise("long", audio, null)
                    .transcript().text());
            System.out.printf("WER over %d s: whole %.3f, chunked %.3f%n", audio.durationMs() / 1000, wholeWer,
                    chunkedWer);
            assertTrue(chunkedWer <= wholeWer + 0.02, "chunked WER " + chunkedWer + " vs whole " + wholeWer);
        }
    }

    private static RecognitionService whisper(Path model, int slots) throws Exception {
        ProviderConfig config = new ProviderConfig("whisper", PoolOptions.builder().minSize(slots).maxSize(slots)
                .acquireTimeout(Duration.ofMinutes(5)).build(), 1, model, Map.of());
        return new RecognitionService(new AudioDecoder(AudioLimits.DEFAULT), RecognizerPool.start("whisper",
                new ProviderRegistry().open(config), config.pool(), new SimpleMeterRegistry()));
    }

    private static double rms(float[] samples, int from, int to) {
        double sum = 0;
        for (int i = Math.max(0, from); i < Math.min(samples.length, to); i++) {
            sum += (double) samples[i] * samples[i];
        }
        return Math.sqrt(sum / (Math.min(samples.length, to) - Math.max(0, from)));
    }
}
