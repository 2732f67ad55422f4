package io.github.crmvault.common.paging;

import java.time.LocalDate;
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
        return Cursor.encode(PREFIX, (on == null ? NO_DATE : on.toString()) + ":" + id);
    }

    /** Null for no cursor (the first page). */
    public static DateCursor decode(String cursor) {
        return Cursor.decode(cursor, PREFIX, body -> {
            String[] parts = body.split(":", 2);
            LocalDate on = parts[0].equals(NO_DATE) ? null : LocalDate.parse(parts[0]);
            if (on != null) {
                Cursor.storable(on.getYear());
            }
            return new DateCursor(on, UUID.fromString(parts[1]));
        });
    }
}
