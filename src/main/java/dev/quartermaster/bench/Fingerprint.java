package dev.quartermaster.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A short fingerprint of a run's outcome (the first 8 bytes of a SHA-256 of its lines of text, in hex): two builds that
 * decide or simulate the same print the same one, so a change meant only to be faster can be checked to be no more.
 */
final class Fingerprint {

    private final MessageDigest digest;

    Fingerprint() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Fingerprint line(String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
        return this;
    }

    /**
     * The fingerprint of a round of a benchmark, checked against the one before it (null for the first): two rounds of
     * the same seed that {@code did} differently show the code is not deterministic, an error.
     */
    static String same(String before, String now, String did) {
        if (before != null && !before.equals(now)) {
            throw new IllegalStateException("two rounds of the same seed " + did + " differently (fingerprint " + before
                    + ", then " + now + "): the code is not deterministic");
        }
        return now;
    }

    String hex() {
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }
}
