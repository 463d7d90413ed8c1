package io.asrhub.pieces;

import io.asrhub.schema.AudioPiece;
import io.asrhub.schema.JobProgress;
import io.asrhub.schema.PieceResult;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The piece records follow the evolution rules of docs/schemas.md and round-trip. */
class PieceSchemasTest {
    @Test
    void everyNonCoreFieldHasADefault() {
        assertDefaults(AudioPiece.getClassSchema(), Set.of("jobId", "index", "count", "offsetMs", "durationMs", "audio"));
        assertDefaults(PieceResult.getClassSchema(), Set.of("jobId", "index", "count", "offsetMs", "status"));
        assertDefaults(JobProgress.getClassSchema(), Set.of("jobId", "piecesDone", "piecesTotal", "audioMsDone"));
        assertDefaults(io.asrhub.schema.SplitManifest.getClassSchema(), Set.of("jobId", "splitId", "count", "pieces"));
    }

    @Test
    void aPieceRoundTripsWithItsParentsCoordinates() throws Exception {
        AudioPiece piece = AudioPiece.newBuilder().setJobId("j").setIndex(3).setCount(20).setOffsetMs(87_450)
                .setDurationMs(29_950).setAudio(ByteBuffer.wrap(new byte[]{'f', 'L', 'a', 'C'}))
                .setSourceTopic("asr.jobs.large").setSourcePartition(2).setSourceOffset(17L).build();
        byte[] bytes = PieceCodec.encode(piece);
        assertEquals((byte) 0xC3, bytes[0], "single-object encoding like every other record");
        assertEquals(piece, PieceCodec.decodePiece(bytes));
        assertEquals("audio/flac", piece.getContentType());
    }

    private static void assertDefaults(Schema schema, Set<String> core) {
        for (Schema.Field field : schema.getFields()) {
            assertTrue(core.contains(field.name()) || field.hasDefaultValue(),
                    schema.getName() + "." + field.name() + " needs a default");
        }
    }
}
