package io.asrhub.testsupport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;

/** Long synthetic recordings (8 kHz 8-bit, tone plus noise) that keep a recognizer busy for seconds. */
public final class ToneWav {
    private ToneWav() {
    }

    public static Path write(Path file, int seconds) throws IOException {
        int rate = 8000;
        int n = rate * seconds;
        ByteBuffer b = ByteBuffer.allocate(44 + n).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + n).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate)
                .putShort((short) 1).putShort((short) 8);
        b.put("data".getBytes()).putInt(n);
        Random random = new Random(seconds);
        for (int i = 0; i < n; i++) {
            double v = 0.3 * Math.sin(2 * Math.PI * 220 * i / rate) + 0.05 * random.nextGaussian();
            b.put((byte) (128 + Math.max(-127, Math.min(127, (int) (v * 127)))));
        }
        Files.createDirectories(file.getParent());
        // Tests running at the same time may write the same clip: readers see the old or the new file, never half.
        Path partial = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
        Files.write(partial, b.array());
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
