package io.github.crmvault.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FeedCursorTest {
    @Test
    void roundTripsForTheLoginItWasIssuedTo() {
        FeedCursor cursor = new FeedCursor(9_876_543_210L, 42L);
        String text = cursor.encode("alice");
        assertTrue(text.matches("[A-Za-z0-9_-]+"), "base64url without padding: " + text);
        assertFalse(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).contains("alice"),
                "the login itself is not in the cursor");
        assertEquals(cursor, FeedCursor.decode(text, "alice"));
        assertEquals(FeedCursor.START, FeedCursor.decode(null, "alice"));
        assertEquals(FeedCursor.START, FeedCursor.decode("", "alice"));
    }

    @Test
    void anotherLoginsCursorIsRefused() {
        String text = new FeedCursor(1L, 2L).encode("alice");
        ProblemException refused = assertThrows(ProblemException.class, () -> FeedCursor.decode(text, "bob"));
        assertEquals(400, refused.problem().status());
        assertTrue(refused.problem().detail().contains("another login"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage!", "ZjE6MToy", "ZjE6eDoxOmFiYw", "azE6MTox", "ZjE6LTE6MTphYmM"})
    void anythingElseIsRefused(String text) {
        ProblemException refused = assertThrows(ProblemException.class, () -> FeedCursor.decode(text, "alice"));
        assertEquals(400, refused.problem().status());
        assertEquals("cursor", refused.problem().errors().get(0).field());
    }
}
