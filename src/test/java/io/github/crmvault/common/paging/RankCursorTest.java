package io.github.crmvault.common.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.crmvault.common.problem.ProblemException;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RankCursorTest {

    @Test
    void roundTripsAndRefusesOtherKinds() {
        RankCursor cursor = new RankCursor(UUID.randomUUID(), 3, LocalDate.of(2026, 12, 3), UUID.randomUUID());
        assertEquals(cursor, RankCursor.decode(cursor.encode()));
        assertNull(RankCursor.decode(null));
        String dateCursor = new DateCursor(LocalDate.of(2026, 12, 3), UUID.randomUUID()).encode();
        assertThrows(ProblemException.class, () -> RankCursor.decode(dateCursor));
        assertThrows(ProblemException.class, () -> RankCursor.decode(Cursor.encode("r1:", "x:1:2026-12-03:y")));
        assertThrows(ProblemException.class, () -> RankCursor.decode(
                Cursor.encode("r1:", UUID.randomUUID() + ":1:999999-01-01:" + UUID.randomUUID())));
    }
}
