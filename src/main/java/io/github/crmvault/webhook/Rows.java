package io.github.crmvault.webhook;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.sql.Timestamp;

/** Values of native query rows, whichever type the driver hands a timestamptz as. */
final class Rows {
    private Rows() {
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof Instant i ? i : value instanceof Timestamp t ? t.toInstant() : ((OffsetDateTime) value).toInstant();
    }
}
