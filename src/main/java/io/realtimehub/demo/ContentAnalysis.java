package io.realtimehub.demo;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The processing phase's work on an uploaded file, fed in slices: a byte histogram (lines,
 * distinct byte values, entropy) and a second SHA-256 that must match the one computed while the
 * file arrived, which proves the stored copy is what was received.
 */
final class ContentAnalysis {

    record Summary(long lines, int distinctBytes, double entropyBitsPerByte) {
    }

    private final long[] counts = new long[256];
    private final MessageDigest sha256 = sha256();
    private long bytes;
    private byte lastByte;

    void update(byte[] data, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            counts[data[i] & 0xff]++;
        }
        if (length > 0) {
            lastByte = data[offset + length - 1];
        }
        bytes += length;
        sha256.update(data, offset, length);
    }

    /** Lines as {@code wc -l} counts them, plus a last line without a line break. */
    Summary summary() {
        long lines = counts['\n'] + (bytes > 0 && lastByte != '\n' ? 1 : 0);
        int distinct = 0;
        double entropy = 0;
        for (long c : counts) {
            if (c > 0) {
                distinct++;
                double p = (double) c / bytes;
                entropy -= p * Math.log(p) / Math.log(2);
            }
        }
        return new Summary(lines, distinct, Math.round(Math.abs(entropy) * 1000) / 1000.0);
    }

    /** Lower-case hex; ends the digest, so call it once, after the last {@link #update}. */
    String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
