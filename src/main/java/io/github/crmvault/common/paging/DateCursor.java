package io.github.crmvault.common.paging;

import io.github.crmvault.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.UUID;

/**
 * A keyset position in a list ordered by a date, then id: deals by signing day, customers by
 * expected signing date (the grade order). The date may be null (rows without one sort last). Its
 * own prefix keeps it apart from {@link Cursor}: a cursor of another ordering is a 400, not a wrong page.
 */
public record DateCursor(LocalDate on, UUID id) {
    private static final String PREFIX = "d1:";
    private static final String NO_DATE = "-";

    public String encode() {
        String raw = PREFIX + (on == null ? NO_DATE : on.toString()) + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Null for no cursor (the first page). */
    public static DateCursor decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!raw.startsWith(PREFIX)) {
                throw new IllegalArgumentException("prefix");
            }
            String[] parts = raw.substring(PREFIX.length()).split(":", 2);
            LocalDate on = parts[0].equals(NO_DATE) ? null : LocalDate.parse(parts[0]);
            return new DateCursor(on, UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this API issued; start again without one");
        }
    }
}
