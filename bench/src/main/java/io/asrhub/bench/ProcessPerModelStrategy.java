package io.asrhub.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The design document's multi-process design: N child JVMs ({@link RecognizerProcessMain}), each loading
 * its own copy of the model, and a dispatcher that hands each job to the first free process (FIFO
 * otherwise). Peak memory is the sum over the model processes.
 */
final class ProcessPerModelStrategy implements Strategy {
    private record Waiting(BenchJob job, Done done) {
    }

    private final Path model;
    private final int processes;
    private final int threads;
    private final List<ModelProcess> all = new ArrayList<>();
    private final Deque<ModelProcess> free = new ArrayDeque<>();
    private final Deque<Waiting> queue = new ArrayDeque<>();

    ProcessPerModelStrategy(Path model, int processes, int threads) {
        this.model = model;
        this.processes = processes;
        this.threads = threads;
    }

    @Override
    public void start() throws Exception {
        for (int i = 0; i < processes; i++) { // started together, as a supervisor would
            all.add(new ModelProcess(i));
        }
        for (ModelProcess p : all) {
            p.awaitReady();
            free.add(p);
        }
    }

    @Override
    public synchronized void submit(BenchJob job, float[] audio, Done done) {
        queue.add(new Waiting(job, done));
        dispatch();
    }

    private synchronized void dispatch() {
        while (!queue.isEmpty() && !free.isEmpty()) {
            free.poll().send(queue.poll());
        }
    }

    private synchronized void finished(ModelProcess p) {
        free.add(p);
        dispatch();
    }

    @Override
    public synchronized int busySlots() {
        return all.size() - free.size();
    }

    @Override
    public long childProcessesPeakRssKb() {
        return all.stream().mapToLong(p -> JavaCommand.peakRssKb(p.process.pid())).sum();
    }

    @Override
    public void close() {
        for (ModelProcess p : all) {
            p.process.destroy();
        }
        for (ModelProcess p : all) {
            try {
                p.process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One child JVM with one request in flight at most; a reader thread completes that request. */
    private final class ModelProcess {
        private final Process process;
        private final Writer requests;
        private final BufferedReader replies;
        private volatile Waiting current;

        ModelProcess(int index) throws IOException {
            process = new ProcessBuilder(JavaCommand.of(RecognizerProcessMain.class, "256m",
                    Path.of(System.getProperty("java.io.tmpdir"), "asr-hub-model-process-%p.hs_err.log"), List.of(model.toString(), String.valueOf(threads))))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        void awaitReady() throws IOException {
            String line = replies.readLine();
            if (!"READY".equals(line)) {
                throw new IOException("model process " + process.pid() + " did not start (said: " + line + ")");
            }
            Thread reader = new Thread(this::readReplies, "model-process-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        void send(Waiting w) {
            current = w;
            try {
                requests.write(w.job().id() + "\t" + w.job().clip().toAbsolutePath() + "\n");
                requests.flush();
            } catch (IOException e) {
                current = null;
                w.done().finished(null, e);
            }
        }

        private void readReplies() {
            try {
                String line;
                while ((line = replies.readLine()) != null) {
                    String[] f = line.split("\t", 3);
                    Waiting w = current;
                    current = null;
                    finished(this);
                    if ("OK".equals(f[1])) {
                        w.done().finished(f.length > 2 ? f[2] : "", null);
                    } else {
                        w.done().finished(null, new IOException(f.length > 2 ? f[2] : "failed"));
                    }
                }
            } catch (IOException e) {
                // process ended; its in-flight request is reported below
            }
            Waiting lost = current;
            if (lost != null) {
                lost.done().finished(null, new IOException("model process " + process.pid() + " exited"));
            }
        }
    }
}
