package io.asrhub.worker;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.AudioReference;
import io.asrhub.schema.InlineAudio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches a job's audio bytes. References are only {@code file:} URIs whose path lies inside a
 * configured root directory ({@link ReferencePath}): a job must not make the worker read
 * /etc/passwd or fetch from an arbitrary network address.
 *
 * <p>Only regular files with a single link, reached through no symbolic link, are read: a FIFO or
 * device would block a job slot for ever, a directory can never be audio, a hard link inside the
 * root may point at any file of the same file system, and a symbolic link could be swapped between
 * a check and the open. The file is opened relative to the root without following links and read
 * on a watchdog thread, bounded in size and in time. Every refusal of a path has one message, so
 * the answer reveals neither whether a path exists nor where the roots are; the message never
 * quotes the file's contents.
 */
public final class JobAudioSource {
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "asr-reference-reader");
        t.setDaemon(true); // a read stuck in the kernel must not keep the JVM alive
        return t;
    });

    private final List<Path> roots;
    private final long maxBytes;
    private final Duration readTimeout;

    public JobAudioSource(List<Path> roots, long maxBytes) {
        this(roots, maxBytes, DEFAULT_READ_TIMEOUT);
    }

    public JobAudioSource(List<Path> roots, long maxBytes, Duration readTimeout) {
        this.roots = roots;
        this.maxBytes = maxBytes;
        this.readTimeout = readTimeout;
    }

    public byte[] read(AudioJob job) throws AsrException {
        Object audio = job.getAudio();
        if (audio instanceof InlineAudio inline) {
            ByteBuffer data = inline.getData().duplicate();
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            return bytes;
        }
        if (audio instanceof AudioReference ref) {
            return readReference(ref.getUri());
        }
        throw new AsrException(ErrorCode.MALFORMED_RECORD, "job has no audio");
    }

    private byte[] readReference(String uriText) throws AsrException {
        return withDeadline(uriText, ReferencePath.of(uriText, roots), true, byte[].class);
    }

    /**
     * The job's audio as a stream: inline bytes, or a reference opened under the same rules and
     * deadline as {@link #read}, then read by the caller as it goes (not limited in size, see below), so
     * a long recording need not be in memory at once. The caller closes it.
     */
    public java.io.InputStream open(AudioJob job) throws AsrException {
        Object audio = job.getAudio();
        if (audio instanceof InlineAudio inline) {
            ByteBuffer data = inline.getData().duplicate();
            if (data.hasArray()) {
                return new java.io.ByteArrayInputStream(data.array(), data.arrayOffset() + data.position(),
                        data.remaining());
            }
            return new java.io.ByteArrayInputStream(read(job));
        }
        if (audio instanceof AudioReference ref) {
            // No size limit here: the decoder reads a stream as it goes and limits it by duration
            // (audio.max-streamed-duration-ms), and reads at most audio.max-bytes of what it decodes whole.
            return withDeadline(ref.getUri(), ReferencePath.of(ref.getUri(), roots), false, OpenedReference.class);
        }
        throw new AsrException(ErrorCode.MALFORMED_RECORD, "job has no audio");
    }

    /**
     * Opens (and with {@code readAll} reads, at most maxBytes + 1 bytes) on a watchdog thread. A read
     * (or the open of a FIFO swapped in after the type check) that outlives the deadline is abandoned:
     * closing the channel interrupts it, and the daemon thread cannot hold the job.
     */
    private <T> T withDeadline(String uriText, ReferencePath target, boolean readAll, Class<T> type)
            throws AsrException {
        java.io.Closeable[] opened = new java.io.Closeable[1];
        Future<Object> read = READERS.submit(() -> {
            OpenedReference file = openWithoutLinks(uriText, target, opened, readAll ? maxBytes : Long.MAX_VALUE);
            if (!readAll) {
                return file;
            }
            try (file) {
                return file.readAllBytes();
            }
        });
        try {
            return type.cast(read.get(readTimeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            read.cancel(true);
            synchronized (opened) {
                closeQuietly(opened[0]);
            }
            throw new AsrException(ErrorCode.IO_ERROR, "audio reference " + uriText + " could not be read within "
                    + readTimeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            read.cancel(true);
            Thread.currentThread().interrupt();
            throw new AsrException(ErrorCode.INTERRUPTED, "audio reference " + uriText + ": reading was interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io && io.getCause() instanceof AsrException limit) {
                throw limit;
            }
            if (cause instanceof AsrException asr) {
                throw asr;
            }
            if (cause instanceof java.nio.file.FileSystemException) {
                // Missing, a link on the way (ELOOP), not a directory, no permission: one answer for all.
                throw ReferencePath.notAllowed(uriText, cause.toString());
            }
            throw new AsrException(ErrorCode.IO_ERROR, "audio reference " + uriText + " cannot be read ("
                    + cause.getClass().getSimpleName() + ")", cause);
        }
    }

    /**
     * Walks from the root one name at a time, each directory opened relative to its parent without
     * following links (openat with O_NOFOLLOW on Linux, through SecureDirectoryStream), and opens
     * the file the same way: no link anywhere on the path is ever followed, so a path checked
     * lexically cannot be redirected outside the root between the check and the open.
     */
    private OpenedReference openWithoutLinks(String uriText, ReferencePath target, java.io.Closeable[] opened,
                                             long limit) throws IOException, AsrException {
        java.util.Deque<java.io.Closeable> open = new java.util.ArrayDeque<>();
        boolean handedOver = false;
        try {
            DirectoryStream<Path> rootStream = Files.newDirectoryStream(target.root());
            open.push(rootStream);
            if (!(rootStream instanceof SecureDirectoryStream<Path> dir)) {
                throw new AsrException(ErrorCode.BAD_REFERENCE, "audio reference " + uriText
                        + " cannot be read: this platform cannot open files without following links");
            }
            int names = target.relative().getNameCount();
            for (int i = 0; i < names - 1; i++) {
                dir = dir.newDirectoryStream(target.relative().getName(i), LinkOption.NOFOLLOW_LINKS);
                open.push(dir);
            }
            Path name = target.relative().getFileName();
            PosixFileAttributes attributes = dir.getFileAttributeView(name, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes();
            if (!attributes.isRegularFile()) {
                throw ReferencePath.notAllowed(uriText, attributes.isSymbolicLink() ? "a symbolic link"
                        : attributes.isDirectory() ? "a directory" : "not a regular file (FIFO, device, socket)");
            }
            if (linkCount(target.root().resolve(target.relative())) > 1) {
                // A hard link inside the root may point at any file of the same file system.
                throw ReferencePath.notAllowed(uriText, "several hard links");
            }
            if (attributes.size() > limit) {
                throw new AsrException(ErrorCode.TOO_LARGE, "audio reference " + uriText + ": " + attributes.size()
                        + " bytes exceeds the limit of " + limit + " bytes");
            }
            SeekableByteChannel channel = dir.newByteChannel(name,
                    java.util.Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
            synchronized (opened) {
                opened[0] = channel;
            }
            open.push(channel);
            handedOver = true;
            return new OpenedReference(uriText, channel, open, limit);
        } finally {
            while (!handedOver && !open.isEmpty()) {
                closeQuietly(open.pop());
            }
        }
    }

    /** The number of hard links, or 1 where the file system does not report it (non-POSIX). */
    private static int linkCount(Path path) {
        try {
            return (Integer) Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return 1;
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // already failing, or done: nothing to report
            }
        }
    }
}
