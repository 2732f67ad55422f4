package io.github.crmvault.common.paging;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A keyset position in a list grouped by a key, then ordered by a rank, a date and an id: follow-ups
 * by owner, urgency, due day and customer. Its own prefix keeps it apart from the other cursors.
 */
public record RankCursor(UUID group, int rank, LocalDate on, UUID id) {
    private static final String PREFIX = "r1:";

    public String encode() {
        return Cursor.encode(PREFIX, group + ":" + rank + ":" + on + ":" + id);
    }

    /** Null for no cursor (the first page). */
    public static RankCursor decode(String cursor) {
        return Cursor.decode(cursor, PREFIX, body -> {
            String[] parts = body.split(":", 4);
            LocalDate on = LocalDate.parse(parts[2]);
            Cursor.storable(on.getYear());
            return new RankCursor(UUID.fromString(parts[0]), Integer.parseInt(parts[1]), on, UUID.fromString(parts[3]));
        });
    }
}
