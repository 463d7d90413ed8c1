package io.asrhub.model;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Downloads from a real local HTTP server: verification, resume with Range, and failure modes. */
class ModelDownloaderTest {
    private static final String FILE = "ggml-test.bin";
    private static byte[] content;
    private static String sha;

    @TempDir
    Path dir;

    private HttpServer server;
    private ExecutorService serverExecutor;
    /** Range header of every request the server saw (null when absent). */
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final AtomicInteger requestCount = new AtomicInteger();
    private volatile boolean honourRange = true;
    /** When > 0 the next response stops after this many body bytes and drops the connection. */
    private volatile int cutAfter;
    private volatile int forcedStatus;

    @BeforeAll
    static void makeContent() throws Exception {
        content = new byte[3 * 1024 * 1024];
        new Random(42).nextBytes(content);
        sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        serverExecutor = Executors.newFixedThreadPool(2);
        server.setExecutor(serverExecutor);
        server.createContext("/", this::serve);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        serverExecutor.shutdownNow();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            requestCount.incrementAndGet();
            paths.add(exchange.getRequestURI().getPath());
            String range = exchange.getRequestHeaders().getFirst("Range");
            ranges.add(range);
            if (forcedStatus != 0) {
                exchange.sendResponseHeaders(forcedStatus, -1);
                return;
            }
            if (!exchange.getRequestURI().getPath().equals("/models/" + FILE)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            int start = 0;
            int status = 200;
            if (range != null && honourRange) {
                Matcher m = Pattern.compile("bytes=(\\d+)-").matcher(range);
                if (m.matches()) {
                    start = Integer.parseInt(m.group(1));
                    status = 206;
                    exchange.getResponseHeaders().set("Content-Range",
                            "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
                }
            }
            int length = content.length - start;
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(status, length);
            int cut = cutAfter;
            if (cut > 0) {
                cutAfter = 0;
                exchange.getResponseBody().write(content, start, Math.min(cut, length));
                exchange.getResponseBody().flush();
                // Fewer bytes than the declared Content-Length: closing drops the connection.
                return;
            }
            exchange.getResponseBody().write(content, start, length);
        } catch (IOException e) {
            // expected when a response is deliberately cut short
        }
    }

    private ModelDownloader downloader() {
        return new ModelDownloader("http://127.0.0.1:" + server.getAddress().getPort() + "/models");
    }

    private ModelSpec spec() {
        return new ModelSpec("test", FILE, content.length, sha);
    }

    /** Records progress calls and checks they never go backwards. */
    private static final class Recorder implements DownloadProgress {
        final List<long[]> calls = new ArrayList<>();

        @Override
        public void update(long bytesDone, long bytesTotal) {
            calls.add(new long[] {bytesDone, bytesTotal});
        }

        void assertMonotonicEndingAt(long total) {
            assertFalse(calls.isEmpty(), "progress was reported");
            long previous = -1;
            for (long[] c : calls) {
                assertEquals(total, c[1], "total is the catalogue size");
                assertTrue(c[0] >= previous, "progress went backwards: " + previous + " -> " + c[0]);
                previous = c[0];
            }
            assertEquals(total, calls.get(calls.size() - 1)[0], "progress ends at the total");
        }
    }

    @Test
    void fullDownloadIsVerifiedAndPlaced() throws Exception {
        Recorder progress = new Recorder();
        Path result = downloader().pull(spec(), dir, progress);

        assertEquals(dir.resolve(FILE), result);
        assertArrayEquals(content, Files.readAllBytes(result));
        assertFalse(Files.exists(dir.resolve(FILE + ".part")), ".part is gone after success");
        assertEquals(List.of("/models/" + FILE), paths);
        assertNull(ranges.get(0), "a fresh download asks for the whole file");
        progress.assertMonotonicEndingAt(content.length);
        assertTrue(progress.calls.size() > 2, "progress reported while downloading, not just at the end");
    }

    @Test
    void createsMissingModelDirectory() throws Exception {
        Path nested = dir.resolve("a/b/models");
        Path result = downloader().pull(spec(), nested, DownloadProgress.NONE);
        assertEquals(nested.resolve(FILE), result);
        assertEquals(sha, ModelDownloader.sha256(result));
    }

    @Test
    void interruptedDownloadLeavesPartAndResumesWithRange() throws Exception {
        cutAfter = content.length / 2;
        Path part = dir.resolve(FILE + ".part");

        AsrException e = assertThrows(AsrException.class, () -> downloader().pull(spec(), dir, DownloadProgress.NONE));
        assertEquals(ErrorCode.IO_ERROR, e.code());
        assertTrue(e.isTransient());
        assertTrue(Files.exists(part), ".part kept for resuming");
        long partial = Files.size(part);
        assertTrue(partial > 0 && partial < content.length, "partial size " + partial);
        assertArrayEquals(Arrays.copyOf(content, (int) partial), Files.readAllBytes(part), "partial bytes are a prefix");
        assertFalse(Files.exists(dir.resolve(FILE)), "no final file from an incomplete download");

        Recorder progress = new Recorder();
        Path result = downloader().pull(spec(), dir, progress);

        assertEquals(2, ranges.size());
        assertEquals("bytes=" + partial + "-", ranges.get(1), "second request resumes at the partial size");
        assertArrayEquals(content, Files.readAllBytes(result));
        assertFalse(Files.exists(part));
        assertEquals(partial, progress.calls.get(0)[0], "progress starts from the bytes already there");
        progress.assertMonotonicEndingAt(content.length);
    }

    @Test
    void serverIgnoringRangeStillYieldsCorrectFile() throws Exception {
        honourRange = false;
        Path part = dir.resolve(FILE + ".part");
        // A leftover partial whose bytes are NOT a prefix of the real file: appending to it would corrupt.
        byte[] junk = new byte[1000];
        Arrays.fill(junk, (byte) 0x5a);
        Files.write(part, junk);

        Path result = downloader().pull(spec(), dir, DownloadProgress.NONE);

        assertEquals("bytes=1000-", ranges.get(0), "the downloader asked to resume");
        assertArrayEquals(content, Files.readAllBytes(result));
        assertFalse(Files.exists(part));
    }

    @Test
    void wrongChecksumIsModelInvalidAndLeavesNothing() throws Exception {
        String wrong = sha.substring(0, sha.length() - 1) + (sha.endsWith("0") ? "1" : "0");
        ModelSpec bad = new ModelSpec("test", FILE, content.length, wrong);

        AsrException e = assertThrows(AsrException.class, () -> downloader().pull(bad, dir, DownloadProgress.NONE));

        assertEquals(ErrorCode.MODEL_INVALID, e.code());
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
        assertFalse(Files.exists(dir.resolve(FILE)), "no unverified file under the final name");
        assertFalse(Files.exists(dir.resolve(FILE + ".part")), "no .part left behind");
    }

    @Test
    void wrongSizeInSpecIsModelInvalid() throws Exception {
        ModelSpec bad = new ModelSpec("test", FILE, content.length - 10, sha);
        AsrException e = assertThrows(AsrException.class, () -> downloader().pull(bad, dir, DownloadProgress.NONE));
        assertEquals(ErrorCode.MODEL_INVALID, e.code());
        assertFalse(Files.exists(dir.resolve(FILE)));
        assertFalse(Files.exists(dir.resolve(FILE + ".part")));
    }

    @Test
    void http404IsReported() {
        ModelSpec missing = new ModelSpec("nope", "ggml-nope.bin", 10, sha);
        AsrException e = assertThrows(AsrException.class, () -> downloader().pull(missing, dir, DownloadProgress.NONE));
        assertTrue(e.getMessage().contains("404"), e.getMessage());
        assertEquals(List.of("/models/ggml-nope.bin"), paths);
        assertFalse(Files.exists(dir.resolve("ggml-nope.bin")));
    }

    @Test
    void verifiedExistingFileNeedsNoRequest() throws Exception {
        Files.write(dir.resolve(FILE), content);
        Path result = downloader().pull(spec(), dir, DownloadProgress.NONE);
        assertEquals(dir.resolve(FILE), result);
        assertEquals(0, requestCount.get(), "no HTTP request for an already verified model");
    }

    @Test
    void corruptExistingFileIsReplaced() throws Exception {
        byte[] corrupt = content.clone();
        corrupt[12345] ^= 1;
        Files.write(dir.resolve(FILE), corrupt);
        Path result = downloader().pull(spec(), dir, DownloadProgress.NONE);
        assertEquals(1, requestCount.get());
        assertArrayEquals(content, Files.readAllBytes(result));
    }

    @Test
    void completePartIsVerifiedWithoutRequest() throws Exception {
        Files.write(dir.resolve(FILE + ".part"), content);
        Path result = downloader().pull(spec(), dir, DownloadProgress.NONE);
        assertEquals(0, requestCount.get());
        assertArrayEquals(content, Files.readAllBytes(result));
        assertFalse(Files.exists(dir.resolve(FILE + ".part")));
    }
}
