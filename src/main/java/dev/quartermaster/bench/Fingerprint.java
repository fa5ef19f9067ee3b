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

    String hex() {
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }
}
