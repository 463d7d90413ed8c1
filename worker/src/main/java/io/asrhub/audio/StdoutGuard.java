package io.asrhub.audio;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Codec libraries print diagnostics to System.out (jflac writes "readResidual elsecase" for
 * damaged frames), which would corrupt {@code transcribe --format json}. System.out is wrapped once
 * by a stream that drops whatever a decoding thread writes and passes everything else through.
 */
final class StdoutGuard {
    private static final ThreadLocal<Boolean> DECODING = ThreadLocal.withInitial(() -> false);

    private StdoutGuard() {
    }

    /** Idempotent; re-wraps if someone replaced System.out since (tests capturing output do). */
    static synchronized void install() {
        if (!(System.out instanceof Guarded)) {
            System.setOut(new Guarded(System.out));
        }
    }

    static <T> T silenced(ThrowingSupplier<T> task) throws Exception {
        install();
        DECODING.set(true);
        try {
            return task.get();
        } finally {
            DECODING.set(false);
        }
    }

    @FunctionalInterface
    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    private static final class Guarded extends PrintStream {
        Guarded(PrintStream target) {
            super(new OutputStream() {
                @Override
                public void write(int b) {
                    if (!DECODING.get()) {
                        target.write(b);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    if (!DECODING.get()) {
                        target.write(b, off, len);
                    }
                }

                @Override
                public void flush() {
                    target.flush();
                }
            }, true);
        }
    }
}
