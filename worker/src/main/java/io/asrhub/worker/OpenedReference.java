package io.asrhub.worker;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Deque;

/**
 * A referenced audio file opened by {@link JobAudioSource} (the file's channel plus the directory
 * handles it was opened through), read as a stream that fails once more than {@code maxBytes} come
 * out of it: the size checked at the open does not bind a file that grows while it is read. Closing
 * the stream closes the channel and the directories.
 */
final class OpenedReference extends InputStream {
    private final String uriText;
    private final SeekableByteChannel channel;
    private final Deque<Closeable> handles;
    private final long maxBytes;
    private long read;

    OpenedReference(String uriText, SeekableByteChannel channel, Deque<Closeable> handles, long maxBytes) {
        this.uriText = uriText;
        this.channel = channel;
        this.handles = handles;
        this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = channel.read(ByteBuffer.wrap(b, off, len));
        if (n > 0) {
            read += n;
            if (read > maxBytes) {
                // The limit travels as the cause, so the decoder reports TOO_LARGE rather than an I/O error.
                throw new IOException("limit", new AsrException(ErrorCode.TOO_LARGE, "audio reference " + uriText
                        + " grew beyond the limit of " + maxBytes + " bytes while being read"));
            }
        }
        return n;
    }

    @Override
    public void close() {
        while (!handles.isEmpty()) {
            try {
                handles.pop().close();
            } catch (IOException e) {
                // done reading either way
            }
        }
    }
}
