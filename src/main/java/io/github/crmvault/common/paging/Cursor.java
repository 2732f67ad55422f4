package io.github.crmvault.common.paging;

import io.github.crmvault.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * An opaque keyset position: the sort key of the last row a client saw. Decoding rejects anything
 * this class did not produce with a 400.
 */
public record Cursor(Instant at, UUID id) {
    private static final String PREFIX = "k1:";

    public String encode() {
        long micros = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000L);
        String raw = PREFIX + micros + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Null for no cursor (the first page). */
    public static Cursor decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!raw.startsWith(PREFIX)) {
                throw new IllegalArgumentException("prefix");
            }
            String[] parts = raw.substring(PREFIX.length()).split(":", 2);
            long micros = Long.parseLong(parts[0]);
            Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
            return new Cursor(at, UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this API issued; start again without one");
        }
    }

    /** A cursor over a plain increasing number (history entries). */
    public static String encodeSequence(long value) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("s1:" + value).getBytes(StandardCharsets.UTF_8));
    }

    public static Long decodeSequence(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!raw.startsWith("s1:")) {
                throw new IllegalArgumentException("prefix");
            }
            return Long.parseLong(raw.substring(3));
        } catch (RuntimeException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this API issued; start again without one");
        }
    }
}
