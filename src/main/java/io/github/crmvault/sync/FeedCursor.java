package io.github.crmvault.sync;

import io.github.crmvault.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A position in the change log, (txid, seq) of the last row a client was given, bound to the login
 * it was issued to: opaque base64url text that carries a hash of the login.
 */
record FeedCursor(long txid, long seq) {
    static final FeedCursor START = new FeedCursor(0L, 0L);
    private static final String PREFIX = "f1:";

    String encode(String login) {
        String raw = PREFIX + txid + ":" + seq + ":" + loginHash(login);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The start of the log for no cursor; 400 for anything this API did not issue to this login. */
    static FeedCursor decode(String cursor, String login) {
        if (cursor == null || cursor.isEmpty()) {
            return START;
        }
        String[] parts;
        FeedCursor decoded;
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!raw.startsWith(PREFIX)) {
                throw new IllegalArgumentException("prefix");
            }
            parts = raw.substring(PREFIX.length()).split(":", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("parts");
            }
            decoded = new FeedCursor(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            if (decoded.txid < 0 || decoded.seq < 0) {
                throw new IllegalArgumentException("negative");
            }
        } catch (RuntimeException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this API issued; start again without one");
        }
        if (!parts[2].equals(loginHash(login))) {
            throw ProblemException.invalid("cursor",
                    "was issued to another login; a cursor is personal, start again without one");
        }
        return decoded;
    }

    private static String loginHash(String login) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(login.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
