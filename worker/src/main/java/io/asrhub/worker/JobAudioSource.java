package io.asrhub.worker;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.AudioReference;
import io.asrhub.schema.InlineAudio;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fetches a job's audio bytes. References are only {@code file:} URIs that resolve (after
 * following links) inside a configured root directory: a job must not make the worker read
 * /etc/passwd or fetch from an arbitrary network address.
 */
public final class JobAudioSource {
    private final List<Path> roots;
    private final long maxBytes;

    public JobAudioSource(List<Path> roots, long maxBytes) {
        this.roots = roots;
        this.maxBytes = maxBytes;
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
            throw bad(uriText, "cannot be resolved (" + e.getMessage() + ")");
        }
        Path resolved = path;
        if (roots.stream().noneMatch(root -> resolved.startsWith(realOrSelf(root)))) {
            throw bad(uriText, "is outside the allowed directories " + roots);
        }
        try {
            if (Files.size(resolved) > maxBytes) {
                throw new AsrException(ErrorCode.TOO_LARGE, uriText + ": " + Files.size(resolved)
                        + " bytes exceeds the limit of " + maxBytes + " bytes");
            }
            return Files.readAllBytes(resolved);
        } catch (IOException e) {
            throw new AsrException(ErrorCode.IO_ERROR, uriText + ": cannot be read (" + e.getMessage() + ")", e);
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
