package io.asrhub.bench;

import io.asrhub.testkit.GeneratedWhisperModel;
import io.asrhub.testsupport.Speech;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratedWhisperModelTest {
    @TempDir
    Path dir;

    /** Real tiny.en tensor shapes: the file is within 0.2% of ggml-tiny.en.bin (77,704,715 bytes). */
    @Test
    void tinyEnDimensionsGiveARealSizedModelThatWhisperCppRunsToTheScriptedWords() throws Exception {
        Path model = GeneratedWhisperModel.cached(dir, GeneratedWhisperModel.Dimensions.TINY_EN);
        long size = Files.size(model);
        assertTrue(Math.abs(size - 77_704_715L) < 77_704_715L * 0.002, "size " + size);
        assertEquals(model, GeneratedWhisperModel.cached(dir, GeneratedWhisperModel.Dimensions.TINY_EN),
                "generated once, then reused");

        float[] speech = new io.asrhub.audio.AudioDecoder(io.asrhub.config.AudioLimits.DEFAULT)
                .decodeFile(Speech.wav("short", Speech.SHORT), 16_000).samples();
        try (RawWhisper whisper = new RawWhisper(model)) {
            var state = whisper.newState();
            String text = whisper.transcribe(state, speech, 2);
            whisper.free(state);
            assertEquals(6, text.split(" ").length, "one scripted six-word segment per window: '" + text + "'");
        }
    }
}
