package io.asrhub.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Captures what one piece of code prints on System.out/System.err while other tests run at the same
 * time (integration tests run concurrently). System.out and System.err are replaced once by streams
 * that route each write by thread: the thread running {@link #call} and every thread it starts meanwhile
 * (a command's Kafka clients, its worker threads) write into this capture; all other threads write to
 * the console as before, so a concurrent test's log lines never end up in a command's captured output.
 * Fork-join workers are never captured unless they are the calling thread: a thread pool that happens
 * to spawn a worker from a captured thread (JUnit's, the common pool) serves other tests afterwards.
 */
public final class ConsoleCapture {
    private static final InheritableThreadLocal<ConsoleCapture> CURRENT = new InheritableThreadLocal<>();
    private static PrintStream consoleOut;
    private static PrintStream consoleErr;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private volatile Thread owner;
    private volatile boolean ended;

    /** Runs {@code body} on this thread with its output (and that of the threads it starts) captured. */
    public <T> T call(Callable<T> body) throws Exception {
        install();
        ConsoleCapture previous = CURRENT.get();
        owner = Thread.currentThread();
        CURRENT.set(this);
        try {
            return body.call();
        } finally {
            CURRENT.set(previous);
            ended = true; // threads the body left running write to the console again
        }
    }

    public String out() {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    public String err() {
        synchronized (err) {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    private static synchronized void install() {
        if (consoleOut == null) {
            consoleOut = System.out;
            consoleErr = System.err;
            System.setOut(new PrintStream(new Routed(true), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new Routed(false), true, StandardCharsets.UTF_8));
        }
    }

    /** Where the current thread's writes go: its capture, else the console. */
    private static OutputStream target(boolean stdout) {
        ConsoleCapture c = CURRENT.get();
        Thread self = Thread.currentThread();
        boolean captured = c != null && !c.ended && (self == c.owner || !(self instanceof ForkJoinWorkerThread));
        if (!captured) {
            return stdout ? consoleOut : consoleErr;
        }
        return stdout ? c.out : c.err;
    }

    private static final class Routed extends OutputStream {
        private final boolean stdout;

        Routed(boolean stdout) {
            this.stdout = stdout;
        }

        @Override
        public void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            OutputStream target = target(stdout);
            if (target instanceof ByteArrayOutputStream buffer) {
                synchronized (buffer) {
                    buffer.write(b, off, len);
                }
            } else {
                ((PrintStream) target).write(b, off, len);
            }
        }

        @Override
        public void flush() {
            OutputStream target = target(stdout);
            if (target instanceof PrintStream console) {
                console.flush();
            }
        }
    }
}
