package io.asrhub.recognition;

import io.asrhub.audio.AudioSlice;
import io.asrhub.audio.DecodedAudio;
import io.asrhub.provider.Segment;
import io.asrhub.provider.Transcript;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TranscriptJoinerTest {
    @Test
    void movesSegmentsByThePieceStartAndJoinsTextInOrder() {
        DecodedAudio recording = new DecodedAudio(new float[16_000 * 60], 16_000, "wav");
        List<AudioSlice> pieces = List.of(new AudioSlice(recording, 0, 0, 16_000 * 28),
                new AudioSlice(recording, 1, 16_000 * 28, 16_000 * 2), // a piece with nothing said
                new AudioSlice(recording, 2, 16_000 * 30, 16_000 * 30));
        List<Transcript> transcripts = List.of(
                new Transcript("one two", List.of(new Segment(0, 900, "one"), new Segment(900, 2_000, "two")), null),
                new Transcript("  ", List.of(), null),
                new Transcript(" three ", List.of(new Segment(500, 1_500, "three")), "en"));

        Transcript t = TranscriptJoiner.stitch(pieces, transcripts);

        assertEquals("one two three", t.text());
        assertEquals(List.of(new Segment(0, 900, "one"), new Segment(900, 2_000, "two"),
                new Segment(30_500, 31_500, "three")), t.segments());
        assertEquals("en", t.language());
    }

    @Test
    void refusesMismatchedLists() {
        DecodedAudio recording = new DecodedAudio(new float[16_000], 16_000, "wav");
        assertThrows(IllegalArgumentException.class, () -> TranscriptJoiner.stitch(
                List.of(new AudioSlice(recording, 0, 0, 16_000)), List.of()));
    }
}
