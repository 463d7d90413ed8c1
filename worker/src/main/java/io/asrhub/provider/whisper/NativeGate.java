package io.asrhub.provider.whisper;

/**
 * whisper-jni keeps contexts and states in global native maps without locking: creating or
 * freeing a state while another thread enters the library races on those maps and can crash the
 * JVM. Decodes enter shared (many at once); create/free enter exclusive and wait until no decode
 * runs.
 *
 * <p>Writers are preferred: once a create or free is waiting, new decodes wait behind it. Without
 * that, a steady stream of overlapping decodes starved the writer for ever, so a pool could never
 * grow or shrink under load. With it, a create/free waits for the decodes already running (at most
 * one piece each when long audio is split) and new decodes wait that long plus the few
 * milliseconds of the native call.
 */
final class NativeGate {
    static final NativeGate INSTANCE = new NativeGate();

    NativeGate() {
    }

    private int decoding;
    private int writersWaiting;
    private boolean exclusive;

    synchronized void enterShared() {
        boolean interrupted = false;
        while (exclusive || writersWaiting > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true; // exclusive sections are short; keep the flag for the caller
            }
        }
        decoding++;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized void exitShared() {
        decoding--;
        notifyAll();
    }

    synchronized void enterExclusive() {
        boolean interrupted = false;
        writersWaiting++;
        try {
            while (exclusive || decoding > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            exclusive = true;
        } finally {
            writersWaiting--;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized void exitExclusive() {
        exclusive = false;
        notifyAll();
    }

    synchronized int decoding() {
        return decoding;
    }

    void exclusive(Runnable action) {
        enterExclusive();
        try {
            action.run();
        } finally {
            exitExclusive();
        }
    }

    <T> T exclusive(java.util.function.Supplier<T> action) {
        enterExclusive();
        try {
            return action.get();
        } finally {
            exitExclusive();
        }
    }
}
