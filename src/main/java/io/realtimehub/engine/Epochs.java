package io.realtimehub.engine;

import java.security.SecureRandom;
import java.util.Base64;

/** New epochs: 48 random bits, base64url, so a restarted or rebuilt channel never reuses one. */
public final class Epochs {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Epochs() {
    }

    public static String next() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }
}
