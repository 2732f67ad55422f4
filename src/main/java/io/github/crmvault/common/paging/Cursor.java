package io.github.crmvault.common.paging;

import io.github.crmvault.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Function;

/**
 * An opaque keyset position: the sort key of the last row a client saw. Decoding rejects anything
 * this class did not produce with a 400.
 */
public record Cursor(Instant at, UUID id) {
    private static final String PREFIX = "k1:";

    public String encode() {
        long micros = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000L);
        return encode(PREFIX, micros + ":" + id);
    }

    /** Null for no cursor (the first page). */
    public static Cursor decode(String cursor) {
        return decode(cursor, PREFIX, body -> {
            String[] parts = body.split(":", 2);
            long micros = Long.parseLong(parts[0]);
            Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
            storable(at.atOffset(ZoneOffset.UTC).getYear());
            return new Cursor(at, UUID.fromString(parts[1]));
        });
    }

    /** A forged position PostgreSQL cannot compare would fail the query: refused like any forged cursor. */
    static void storable(int year) {
        if (year < -4712 || year > 294275) {
            throw new IllegalArgumentException("year");
        }
    }

    /** A cursor over a plain increasing number (history entries). */
    public static String encodeSequence(long value) {
        return encode("s1:", Long.toString(value));
    }

    public static Long decodeSequence(String cursor) {
        return decode(cursor, "s1:", Long::parseLong);
    }

    /** The opaque form of a cursor: its kind's prefix and body, base64url. */
    static String encode(String prefix, String body) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((prefix + body).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Null for no cursor; the parsed body of a cursor of this kind; a 400 for anything else (another
     * kind's cursor included).
     */
    static <T> T decode(String cursor, String prefix, Function<String, T> parse) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!raw.startsWith(prefix)) {
                throw new IllegalArgumentException("prefix");
            }
            return parse.apply(raw.substring(prefix.length()));
        } catch (RuntimeException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this API issued; start again without one");
        }
    }
}
