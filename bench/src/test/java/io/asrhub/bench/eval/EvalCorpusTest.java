package io.asrhub.bench.eval;

import io.asrhub.errors.AsrException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalCorpusTest {
    @TempDir
    Path dir;

    @Test
    void sphinxTranscriptionFileGivesOneItemPerLineWithoutSentenceMarkers() throws Exception {
        Files.writeString(dir.resolve("transcription"), """
                <s> he was not an ill disposed young man </s> (book-0880)

                <s> he might even have been made amiable himself </s> (book-0930)
                """);
        Files.write(dir.resolve("book-0880.wav"), new byte[] {1});
        Files.write(dir.resolve("book-0930.flac"), new byte[] {1});

        EvalCorpus corpus = EvalCorpus.load(dir);

        assertEquals(List.of("book-0880", "book-0930"), corpus.items().stream().map(EvalCorpus.Item::id).toList());
        assertEquals("he was not an ill disposed young man", corpus.items().get(0).reference());
        assertEquals(dir.resolve("book-0930.flac"), corpus.items().get(1).audio());
    }

    @Test
    void aTranscriptionLineWithoutItsAudioIsNamed() throws Exception {
        Files.writeString(dir.resolve("transcription"), "hello there (missing-1)\n");
        AsrException e = assertThrows(AsrException.class, () -> EvalCorpus.load(dir));
        assertTrue(e.getMessage().contains("no audio file for missing-1"), e.getMessage());
    }

    @Test
    void withoutATranscriptionFileEveryTextWithAudioBesideItCounts() throws Exception {
        Files.writeString(dir.resolve("b.txt"), "second clip\n");
        Files.writeString(dir.resolve("a.txt"), "first clip\n");
        Files.writeString(dir.resolve("notes.txt"), "no audio: not an item\n");
        Files.write(dir.resolve("a.wav"), new byte[] {1});
        Files.write(dir.resolve("b.ogg"), new byte[] {1});

        EvalCorpus corpus = EvalCorpus.load(dir);

        assertEquals(List.of("a", "b"), corpus.items().stream().map(EvalCorpus.Item::id).toList());
        assertEquals("first clip", corpus.items().get(0).reference());
    }

    @Test
    void aFolderWithoutReferencesIsRefused() throws Exception {
        Files.write(dir.resolve("a.wav"), new byte[] {1});
        AsrException e = assertThrows(AsrException.class, () -> EvalCorpus.load(dir));
        assertTrue(e.getMessage().contains("no audio with a reference transcript"), e.getMessage());
    }
}
