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
        String text = cursor.encode("alice", FeedCursor.View.OWN, false);
        assertTrue(text.matches("[A-Za-z0-9_-]+"), "base64url without padding: " + text);
        assertFalse(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).contains("alice"),
                "the login itself is not in the cursor");
        assertEquals(cursor, FeedCursor.decode(text, "alice", FeedCursor.View.OWN, false));
        assertEquals(FeedCursor.START, FeedCursor.decode(null, "alice", FeedCursor.View.OWN, false));
        assertEquals(FeedCursor.START, FeedCursor.decode("", "alice", FeedCursor.View.OWN, false));
    }

    @Test
    void anotherLoginsCursorIsRefused() {
        String text = new FeedCursor(1L, 2L).encode("alice", FeedCursor.View.OWN, false);
        ProblemException refused = assertThrows(ProblemException.class, () -> FeedCursor.decode(text, "bob", FeedCursor.View.OWN, false));
        assertEquals(400, refused.problem().status());
        assertTrue(refused.problem().detail().contains("another login"));
    }

    @Test
    void aCursorIssuedUnderAnotherViewAsksForAResync() {
        String text = new FeedCursor(1L, 2L).encode("alice", FeedCursor.View.OWN, false);
        ProblemException refused = assertThrows(ProblemException.class,
                () -> FeedCursor.decode(text, "alice", FeedCursor.View.MANAGER, false));
        assertEquals(400, refused.problem().status());
        assertEquals("urn:problem:crm:feed-resync-required", refused.problem().type());
        assertEquals("cursor", refused.problem().errors().get(0).field());
    }

    @Test
    void aCursorIssuedBeforeOrAfterALeavingMarkAsksForAResync() {
        String before = new FeedCursor(1L, 2L).encode("alice", FeedCursor.View.OWN, false);
        String after = new FeedCursor(1L, 2L).encode("alice", FeedCursor.View.OWN, true);
        assertEquals(new FeedCursor(1L, 2L), FeedCursor.decode(after, "alice", FeedCursor.View.OWN, true));
        for (ProblemException refused : new ProblemException[] {
                assertThrows(ProblemException.class, () -> FeedCursor.decode(before, "alice", FeedCursor.View.OWN, true)),
                assertThrows(ProblemException.class, () -> FeedCursor.decode(after, "alice", FeedCursor.View.OWN, false))}) {
            assertEquals("urn:problem:crm:feed-resync-required", refused.problem().type());
        }
    }

    @Test
    void aCursorIssuedBeforeViewsWereBoundStillWorks() {
        // "f1:<txid>:<seq>:<login hash>", as cursors were issued before they carried the view.
        String alice = new String(Base64.getUrlDecoder().decode(new FeedCursor(0L, 0L).encode("alice", FeedCursor.View.OWN, false)),
                StandardCharsets.UTF_8);
        String hash = alice.substring(alice.lastIndexOf(':') + 1);
        String old = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("f1:7:3:" + hash).getBytes(StandardCharsets.UTF_8));
        assertEquals(new FeedCursor(7L, 3L), FeedCursor.decode(old, "alice", FeedCursor.View.MANAGER, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage!", "ZjE6MToy", "ZjE6eDoxOmFiYw", "azE6MTox", "ZjE6LTE6MTphYmM"})
    void anythingElseIsRefused(String text) {
        ProblemException refused = assertThrows(ProblemException.class, () -> FeedCursor.decode(text, "alice", FeedCursor.View.OWN, false));
        assertEquals(400, refused.problem().status());
        assertEquals("cursor", refused.problem().errors().get(0).field());
    }
}
