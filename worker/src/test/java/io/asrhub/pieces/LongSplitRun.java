package io.asrhub.pieces;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.audio.PcmStream;
import io.asrhub.audio.WavWriter;
import io.asrhub.config.AudioLimits;
import io.asrhub.recognition.ChunkingSettings;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * Splits {@code HOURS} of synthetic 16 kHz speech-like WAV, generated as it is read (the recording
 * itself is never in memory), the way a streaming splitter does: a scan for the cut points, then a
 * second read that cuts, encodes and sends every piece to a producer that acknowledges and forgets.
 * With {@code hold}, every piece's WAV bytes are kept instead, as the held path does. Prints
 * "pieces=N samples=M". Run in a JVM of its own with a small heap by {@link StreamingSplitMemoryTest}.
 */
public final class LongSplitRun {
    private LongSplitRun() {
    }

    public static void main(String[] args) throws Exception {
        double hours = Double.parseDouble(args[0]);
        boolean hold = args.length > 1 && args[1].equals("hold");
        long frames = (long) (hours * 3600 * 16_000);
        AudioDecoder decoder = new AudioDecoder(new AudioLimits(1 << 20, 60_000, false, 5L * 3600 * 1000));
        SplitScanner.Scan scan;
        try (PcmStream pcm = decoder.open("synthetic", new SyntheticWav(frames), 16_000)) {
            scan = new SplitScanner(ChunkingSettings.DEFAULT).scan(pcm);
        }
        SplitPlan plan = scan.plan();
        PieceSender sender = new PieceSender(new ForgettingProducer(), Duration.ofSeconds(10));
        List<byte[]> held = new ArrayList<>();
        float[] buffer = new float[PlannedPieces.longest(plan)];
        try (PcmStream pcm = decoder.open("synthetic", new SyntheticWav(frames), 16_000)) {
            PlannedPieces pieces = new PlannedPieces(plan, pcm, "synthetic");
            for (int i = 0; i < plan.count(); i++) {
                byte[] wav = WavWriter.pcm16(buffer, pieces.next(buffer), plan.sampleRate());
                if (hold) {
                    held.add(wav);
                } else {
                    sender.send(new ProducerRecord<>("asr.pieces", "j#" + i, wav));
                }
            }
        }
        sender.awaitAll();
        System.out.println("pieces=" + plan.count() + " samples=" + plan.totalSamples() + " held=" + held.size());
    }

    /** Acknowledges every send at once and keeps nothing, as a broker takes the records away. */
    private static final class ForgettingProducer extends MockProducer<String, byte[]> {
        ForgettingProducer() {
            super(true, null, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
            Future<RecordMetadata> sent = super.send(record);
            clear();
            return sent;
        }
    }

    /**
     * A 16 kHz mono 16-bit WAV of {@code frames} samples made up while it is read: 2.6 s of a
     * warbling tone, then 0.35 s of near silence, over and over, so the splitter finds pauses.
     */
    static final class SyntheticWav extends InputStream {
        private static final int PERIOD = (int) (2.95 * 16_000);
        private static final int VOICED = (int) (2.6 * 16_000);
        /** One period, computed once: reading must cost little next to the splitting it feeds. */
        private static final short[] PATTERN = new short[PERIOD];

        static {
            for (int i = 0; i < PERIOD; i++) {
                PATTERN[i] = (short) (i < VOICED ? 8_000 * Math.sin(i * (0.2 + i % 1600 * 1e-5)) : i % 5 - 2);
            }
        }

        private final byte[] header;
        private final long length;
        private long position;

        SyntheticWav(long frames) {
            long data = frames * 2;
            ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
            h.put("RIFF".getBytes()).putInt((int) Math.min(0xFFFFFFFFL, 36 + data)).put("WAVE".getBytes());
            h.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(16_000)
                    .putInt(32_000).putShort((short) 2).putShort((short) 16);
            h.put("data".getBytes()).putInt((int) Math.min(0x7FFFF000L, data));
            this.header = h.array();
            this.length = 44 + data;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(len, length - position);
            for (int i = 0; i < n; i++, position++) {
                b[off + i] = position < 44 ? header[(int) position] : sampleByte(position - 44);
            }
            return n;
        }

        private static byte sampleByte(long offset) {
            long frame = offset / 2;
            int value = PATTERN[(int) (frame % PERIOD)];
            return (byte) ((offset & 1) == 0 ? value : value >> 8);
        }
    }

}
