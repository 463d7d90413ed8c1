package io.asrhub.model;

/** Receives download progress; the CLI draws a bar, tests record calls. */
@FunctionalInterface
public interface DownloadProgress {
    void update(long bytesDone, long bytesTotal);

    DownloadProgress NONE = (done, total) -> { };
}
