package io.asrhub.audio;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an Ogg file (RFC 3533) into the packets of its first logical stream and reports the last
 * granule position, which for Opus gives the duration without decoding anything.
 */
final class OggPackets {
    private static final int HEADER = 27;

    final List<byte[]> packets = new ArrayList<>();
    long lastGranule = -1;

    static OggPackets parse(String source, byte[] data) throws AsrException {
        OggPackets result = new OggPackets();
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        int pos = 0;
        Integer serial = null;
        while (pos + HEADER <= data.length) {
            if (data[pos] != 'O' || data[pos + 1] != 'g' || data[pos + 2] != 'g' || data[pos + 3] != 'S') {
                throw corrupt(source, "Ogg page sync lost at byte " + pos);
            }
            long granule = b.getLong(pos + 6);
            int pageSerial = b.getInt(pos + 14);
            int segments = data[pos + 26] & 0xff;
            int bodyStart = pos + HEADER + segments;
            if (bodyStart > data.length) {
                throw corrupt(source, "Ogg page header is truncated");
            }
            int bodyLength = 0;
            for (int i = 0; i < segments; i++) {
                bodyLength += data[pos + HEADER + i] & 0xff;
            }
            if (bodyStart + bodyLength > data.length) {
                break; // truncated final page: keep what was complete, as players do
            }
            if (serial == null) {
                serial = pageSerial;
            }
            if (pageSerial == serial) {
                int offset = bodyStart;
                for (int i = 0; i < segments; i++) {
                    int lace = data[pos + HEADER + i] & 0xff;
                    packet.write(data, offset, lace);
                    offset += lace;
                    if (lace < 255) {
                        result.packets.add(packet.toByteArray());
                        packet.reset();
                    }
                }
                if (granule >= 0) {
                    result.lastGranule = granule;
                }
            }
            pos = bodyStart + bodyLength;
        }
        if (result.packets.isEmpty()) {
            throw corrupt(source, "no complete Ogg packet");
        }
        return result;
    }

    private static AsrException corrupt(String source, String what) {
        return new AsrException(ErrorCode.CORRUPT_AUDIO, source + ": corrupt Ogg file: " + what);
    }
}
