package io.asrhub.provider.whisper;

/**
 * whisper-jni keeps contexts and states in global native maps without locking: creating or
 * freeing a state while another thread decodes races on those maps and can crash the JVM.
 * Decodes enter shared (many at once); create/free enter exclusive and wait until no decode
 * runs. New decodes are not held back by a waiting writer, so a replacement state never stalls
 * the other slots behind one long file; the writer may wait instead, which is cheap.
 */
final class NativeGate {
    static final NativeGate INSTANCE = new NativeGate();

    private int decoding;
    private boolean exclusive;

    synchronized void enterShared() {
        boolean interrupted = false;
        while (exclusive) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true; // exclusive sections are milliseconds long; keep the flag for the caller
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
        while (exclusive || decoding > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        exclusive = true;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized void exitExclusive() {
        exclusive = false;
        notifyAll();
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
