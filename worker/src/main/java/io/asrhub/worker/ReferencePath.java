package io.asrhub.worker;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a {@code file:} reference points, decided from its text alone: the URI's path is
 * normalised ({@code ..} removed) and must lie inside a configured root. Nothing on disk is looked
 * at here, so the answer cannot tell whether a path outside the roots exists (issue 15, item 4);
 * {@link JobAudioSource} then opens the file relative to the root without following any link, which
 * is what makes the lexical check sound.
 *
 * <p>Every refusal of a path gives the same message, naming neither the roots nor the reason; the
 * reason and the roots go to the worker's log at debug level.
 */
record ReferencePath(Path root, Path relative) {
    private static final Logger LOG = LoggerFactory.getLogger(ReferencePath.class);

    static ReferencePath of(String uriText, List<Path> roots) throws AsrException {
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
            throw bad(uriText, "cannot be read: file references are disabled on this worker");
        }
        Path path;
        try {
            path = Path.of(uri).toAbsolutePath().normalize();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw bad(uriText, "is not a valid local file URI");
        }
        for (Path configured : roots) {
            Path root = configured.toAbsolutePath().normalize();
            if (path.startsWith(root) && !path.equals(root)) {
                return new ReferencePath(realOrSelf(root), root.relativize(path));
            }
        }
        throw notAllowed(uriText, "outside the reference roots " + roots);
    }

    /** The one answer for a path the worker will not read, whether it exists or not. */
    static AsrException notAllowed(String uriText, String reason) {
        LOG.debug("audio reference {} refused: {}", uriText, reason);
        return bad(uriText, "is not allowed: it must name a regular file (single link, no symbolic links) "
                + "inside the worker's reference directories");
    }

    static AsrException bad(String uri, String why) {
        return new AsrException(ErrorCode.BAD_REFERENCE, "audio reference " + uri + " " + why);
    }

    /** The root itself may be a link (e.g. /data -> /mnt/data): it is configuration, so it is followed. */
    private static Path realOrSelf(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            return root;
        }
    }
}
