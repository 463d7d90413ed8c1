package io.asrhub.worker;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Split ids: 128 random bits as 32 hex digits. Random rather than derived from the job, so that
 * nobody can predict the id of a split they did not see being announced, and two submissions with
 * the same jobId (even the same bytes) always get different ids.
 */
final class SplitIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SplitIds() {
    }

    static String next() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return HexFormat.of().formatHex(bits);
    }
}
