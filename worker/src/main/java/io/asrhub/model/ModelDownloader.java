package io.asrhub.model;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Downloads a catalogue model into the model directory. Bytes go to {@code NAME.part} first and
 * a later run resumes from there with an HTTP Range request; the file only gets its final name
 * once size and SHA-256 match the catalogue, so a model that is found is always a verified one.
 */
public final class ModelDownloader {
    private final HttpClient client;
    private final String baseUrl;

    public ModelDownloader(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public Path pull(ModelSpec spec, Path directory, DownloadProgress progress) throws AsrException {
        Path target = directory.resolve(spec.fileName());
        Path partial = directory.resolve(spec.fileName() + ".part");
        try {
            Files.createDirectories(directory);
            if (Files.isRegularFile(target) && verify(target, spec) == null) {
                return target;
            }
            long have = Files.isRegularFile(partial) ? Files.size(partial) : 0;
            if (have > spec.sizeBytes()) {
                Files.delete(partial);
                have = 0;
            }
            if (have < spec.sizeBytes()) {
                fetch(spec, partial, have, progress);
            }
            String problem = verify(partial, spec);
            if (problem != null) {
                Files.deleteIfExists(partial);
                throw new AsrException(ErrorCode.MODEL_INVALID, "download of " + spec.name() + " failed verification: "
                        + problem + "; the partial file was removed, run the command again");
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new AsrException(ErrorCode.IO_ERROR, "cannot download model " + spec.name() + " from " + baseUrl + " ("
                    + e + "). Run the same command again to resume; without access to that host, copy a ggml model"
                    + " file into " + directory + " or point ASR_HUB_WHISPER_MODEL (or ASR_HUB_MODEL_BASE_URL, a mirror)"
                    + " at it", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AsrException(ErrorCode.INTERRUPTED, "download of " + spec.name() + " interrupted; run again to resume");
        }
    }

    private void fetch(ModelSpec spec, Path partial, long offset, DownloadProgress progress)
            throws IOException, InterruptedException, AsrException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + spec.fileName())).GET();
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        boolean resumed = status == 206;
        if (status != 200 && status != 206) {
            response.body().close();
            throw new AsrException(ErrorCode.IO_ERROR, "model host answered HTTP " + status + " for " + spec.fileName());
        }
        long done = resumed ? offset : 0;
        // A server that ignores Range sends the whole file (200): start over rather than append.
        StandardOpenOption mode = resumed ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        try (InputStream in = response.body();
             OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
            byte[] buffer = new byte[256 * 1024];
            int n;
            progress.update(done, spec.sizeBytes());
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                done += n;
                progress.update(done, spec.sizeBytes());
                if (done > spec.sizeBytes()) {
                    break;
                }
            }
        }
    }

    /** Returns null when the file matches the catalogue entry, otherwise what is wrong. */
    static String verify(Path file, ModelSpec spec) throws IOException {
        long size = Files.size(file);
        if (size != spec.sizeBytes()) {
            return "size " + size + " bytes, expected " + spec.sizeBytes();
        }
        String actual = sha256(file);
        return actual.equalsIgnoreCase(spec.sha256()) ? null : "SHA-256 " + actual + ", expected " + spec.sha256();
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 20];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
