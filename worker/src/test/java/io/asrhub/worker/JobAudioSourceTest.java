package io.asrhub.worker;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.AudioReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every reference trick of the hostile-input campaign ends as a permanent error that echoes no file content. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JobAudioSourceTest {
    private static final String SECRET = "root:x:0:0:secret-content";
    private static final String NOT_ALLOWED = "is not allowed";

    @TempDir
    Path base;

    private Path root;
    private Path outside;
    private JobAudioSource source;

    @org.junit.jupiter.api.BeforeEach
    void layout() throws Exception {
        root = Files.createDirectories(base.resolve("root"));
        outside = Files.writeString(base.resolve("secret.txt"), SECRET);
        source = new JobAudioSource(List.of(root), 1000, Duration.ofSeconds(5));
    }

    @Test
    void aRegularFileInsideTheRootIsRead() throws Exception {
        Path clip = Files.write(root.resolve("clip.wav"), new byte[]{1, 2, 3});
        assertArrayEquals(new byte[]{1, 2, 3}, source.read(job(clip.toUri().toString())));
    }

    @Test
    void aFileInASubdirectoryIsRead() throws Exception {
        Path clip = Files.write(Files.createDirectories(root.resolve("a/b")).resolve("clip.wav"), new byte[]{5});
        assertArrayEquals(new byte[]{5}, source.read(job(clip.toUri().toString())));
    }

    @Test
    void aRootThatIsItselfALinkIsFollowed() throws Exception {
        Path linkedRoot = Files.createSymbolicLink(base.resolve("linked-root"), root);
        Files.write(root.resolve("clip.wav"), new byte[]{6});
        JobAudioSource viaLink = new JobAudioSource(List.of(linkedRoot), 1000, Duration.ofSeconds(5));
        assertArrayEquals(new byte[]{6}, viaLink.read(job(linkedRoot.resolve("clip.wav").toUri().toString())));
    }

    /**
     * Links are never followed below the root, not even to a file inside it: a link that is checked
     * and then opened can be swapped in between (issue 15, item 4). Copy the file instead.
     */
    @Test
    void anySymlinkBelowTheRootIsRefused() throws Exception {
        Path clip = Files.write(root.resolve("clip.wav"), new byte[]{4});
        refused(Files.createSymbolicLink(root.resolve("alias.wav"), clip).toUri().toString(), NOT_ALLOWED);
        refused(Files.createSymbolicLink(root.resolve("escape.wav"), outside).toUri().toString(), NOT_ALLOWED);
        Path dirLink = Files.createSymbolicLink(root.resolve("up"), base);
        refused(dirLink.toUri() + "/secret.txt", NOT_ALLOWED);
        Path inner = Files.createSymbolicLink(root.resolve("inner"), Files.createDirectories(root.resolve("real")));
        Files.write(root.resolve("real/clip.wav"), new byte[]{7});
        refused(inner.toUri() + "/clip.wav", NOT_ALLOWED);
    }

    @Test
    void traversalAndEncodedTraversalLeaveTheRoot() {
        refused(root.toUri() + "../secret.txt", NOT_ALLOWED);
        refused(root.toUri() + "%2e%2e/secret.txt", NOT_ALLOWED);
        refused("file:///etc/passwd", NOT_ALLOWED);
    }

    /** Issue 15, item 4: the answer does not say whether a path exists, nor where the roots are. */
    @Test
    void existingAndMissingPathsGetTheSameAnswerWithoutTheRoots() throws Exception {
        Files.write(root.resolve("clip.wav"), new byte[]{1});
        List<String> uris = List.of("file:///etc/passwd", "file:///etc/zz-no-such-file",
                outside.toUri().toString(), base.resolve("zz-missing.txt").toUri().toString(),
                root.toUri() + "missing.wav", root.toUri() + "no/such/dir/clip.wav", root.toUri() + "clip.wav/x");
        java.util.Set<String> answers = new java.util.HashSet<>();
        for (String uri : uris) {
            AsrException e = assertThrows(AsrException.class, () -> source.read(job(uri)), uri);
            assertEquals(ErrorCode.BAD_REFERENCE, e.code());
            String answer = e.getMessage().replace(uri, "URI"); // the sender's own URI is echoed, nothing else
            assertFalse(answer.contains(root.toString()) || answer.contains(base.toString()), "names the root: " + answer);
            answers.add(answer);
        }
        assertEquals(1, answers.size(), "one answer for all: " + answers);
    }

    @Test
    void aHardLinkIsRefused() throws Exception {
        Path link;
        try {
            link = Files.createLink(root.resolve("hard.wav"), outside);
        } catch (UnsupportedOperationException | java.io.IOException e) {
            Assumptions.abort("hard links not supported here: " + e);
            return;
        }
        refused(link.toUri().toString(), NOT_ALLOWED);
    }

    @Test
    void aDirectoryIsAPermanentBadReference() throws Exception {
        Path dir = Files.createDirectories(root.resolve("folder.wav"));
        refused(dir.toUri().toString(), NOT_ALLOWED);
        refused(root.toUri().toString(), NOT_ALLOWED);
    }

    @Test
    void aFifoIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = root.resolve("pipe.wav");
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("mkfifo is not available: " + e);
            return;
        }
        Assumptions.assumeTrue(p.waitFor() == 0, "mkfifo failed");
        refused(fifo.toUri().toString(), NOT_ALLOWED);
    }

    @Test
    void otherSchemesAndBrokenUrisAreRefused() {
        refused("http://169.254.169.254/latest/meta-data", "only file: references");
        refused("ftp://example.com/a.wav", "only file: references");
        refused("file://remote-host/share/a.wav", "not a valid local file URI");
        refused("not a uri at all", "not a valid URI");
        refused(root.toUri() + "missing.wav", NOT_ALLOWED);
    }

    @Test
    void anOversizedFileIsTooLarge() throws Exception {
        Path big = Files.write(root.resolve("big.wav"), new byte[1001]);
        AsrException e = assertThrows(AsrException.class, () -> source.read(job(big.toUri().toString())));
        assertEquals(ErrorCode.TOO_LARGE, e.code());
    }

    private void refused(String uri, String reason) {
        AsrException e = assertThrows(AsrException.class, () -> source.read(job(uri)), uri);
        assertEquals(ErrorCode.BAD_REFERENCE, e.code(), e.getMessage());
        assertFalse(e.isTransient());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertFalse(e.getMessage().contains("secret-content"), "no file content in: " + e.getMessage());
    }

    private static AudioJob job(String uri) {
        return AudioJob.newBuilder().setJobId("j").setSubmittedAtMs(Instant.now()).setAudio(new AudioReference(uri))
                .setByteSize(0).setAttributes(Map.of()).build();
    }
}
