package io.github.crmvault.common.sql;

import java.util.Collection;
import java.util.UUID;

/** UUIDs as a PostgreSQL array literal, bound as text and cast in SQL: {@code CAST(:ids AS uuid[])}. */
public final class UuidArrays {
    private UuidArrays() {
    }

    public static String literal(Collection<UUID> ids) {
        StringBuilder array = new StringBuilder("{");
        for (UUID id : ids) {
            array.append(array.length() == 1 ? "" : ",").append(id);
        }
        return array.append('}').toString();
    }
}
