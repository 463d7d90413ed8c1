package io.asrhub.worker;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.AudioReference;
import io.asrhub.schema.InlineAudio;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches a job's audio bytes. References are only {@code file:} URIs that resolve (after
 * following links) inside a configured root directory: a job must not make the worker read
 * /etc/passwd or fetch from an arbitrary network address.
 *
 * <p>Only regular files with a single link are read: a FIFO or device would block a job slot
 * for ever, a directory can never be audio, and a hard link inside the root may point at any file
 * of the same file system (its target cannot be told from its name). The file is opened without
 * following links and read on a watchdog thread, bounded in size and in time. Error messages
 * name the reference, never the file's contents.
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
        Path path = resolveInsideRoots(uriText);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new AsrException(ErrorCode.IO_ERROR, "audio reference " + uriText + " cannot be read ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        if (attributes.isDirectory()) {
            throw bad(uriText, "is a directory, not an audio file");
        }
        if (!attributes.isRegularFile()) {
            throw bad(uriText, "is not a regular file (FIFOs, devices and sockets are never read)");
        }
        if (linkCount(path) > 1) {
            throw bad(uriText, "has several hard links; a hard link can reach files outside the allowed "
                    + "directories, so only files with a single link are read (copy the file instead)");
        }
        if (attributes.size() > maxBytes) {
            throw new AsrException(ErrorCode.TOO_LARGE, "audio reference " + uriText + ": " + attributes.size()
                    + " bytes exceeds the limit of " + maxBytes + " bytes");
        }
        return readWithDeadline(uriText, path);
    }

    /** Resolves every link and {@code ..}, then insists the result lies inside an allowed root. */
    private Path resolveInsideRoots(String uriText) throws AsrException {
        URI uri;
        try {
            uri = URI.create(uriText);
        } catch (IllegalArgumentException e) {
            throw bad(uriText, "is not a valid URI");
        }
        if (!"file".equalsIgnoreCase(uri.getScheme())) {
            throw bad(uriText, "uses scheme '" + uri.getScheme() + "'; only file: references are accepted");
        }
        if (roots.isEmpty()) {
            throw bad(uriText, "file references are disabled (set worker.reference-roots to allow directories)");
        }
        Path path;
        try {
            path = Path.of(uri).toRealPath();
        } catch (NoSuchFileException e) {
            throw bad(uriText, "does not exist");
        } catch (IOException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw bad(uriText, "cannot be resolved (" + e.getClass().getSimpleName() + ")");
        }
        Path resolved = path;
        if (roots.stream().noneMatch(root -> resolved.startsWith(realOrSelf(root)))) {
            throw bad(uriText, "is outside the allowed directories " + roots);
        }
        return resolved;
    }

    /**
     * Opens without following links (the path is already real, so a link here means it was swapped
     * after the check) and reads at most maxBytes + 1 bytes. A read that outlives the deadline is
     * abandoned: closing the channel interrupts it, and the daemon thread cannot hold the job.
     */
    private byte[] readWithDeadline(String uriText, Path path) throws AsrException {
        SeekableByteChannel[] opened = new SeekableByteChannel[1];
        Future<byte[]> read = READERS.submit(() -> {
            try (SeekableByteChannel channel = Files.newByteChannel(path, StandardOpenOption.READ,
                    LinkOption.NOFOLLOW_LINKS)) {
                synchronized (opened) {
                    opened[0] = channel;
                }
                return readCapped(uriText, channel);
            }
        });
        try {
            return read.get(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
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
            if (cause instanceof AsrException asr) {
                throw asr;
            }
            if (cause instanceof java.nio.file.FileSystemLoopException
                    || String.valueOf(cause.getMessage()).contains("Too many levels of symbolic links")) {
                throw bad(uriText, "was replaced by a symbolic link while being read");
            }
            throw new AsrException(ErrorCode.IO_ERROR, "audio reference " + uriText + " cannot be read ("
                    + cause.getClass().getSimpleName() + ")", cause);
        }
    }

    private byte[] readCapped(String uriText, SeekableByteChannel channel) throws IOException, AsrException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        while (channel.read(chunk) >= 0) {
            out.write(chunk.array(), 0, chunk.position());
            chunk.clear();
            if (out.size() > maxBytes) {
                throw new AsrException(ErrorCode.TOO_LARGE, "audio reference " + uriText
                        + " grew beyond the limit of " + maxBytes + " bytes while being read");
            }
        }
        return out.toByteArray();
    }

    /** The number of hard links, or 1 where the file system does not report it (non-POSIX). */
    private static int linkCount(Path path) {
        try {
            return (Integer) Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return 1;
        }
    }

    private static void closeQuietly(SeekableByteChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // already failing; the timeout is what gets reported
            }
        }
    }

    private static Path realOrSelf(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            return root;
        }
    }

    private static AsrException bad(String uri, String why) {
        return new AsrException(ErrorCode.BAD_REFERENCE, "audio reference " + uri + " " + why);
    }
}
