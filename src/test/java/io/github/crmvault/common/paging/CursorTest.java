package io.github.crmvault.common.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.common.problem.Problem;
import io.github.crmvault.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CursorTest {

    static Stream<Instant> instants() {
        return Stream.of(Instant.now().truncatedTo(ChronoUnit.MICROS), Instant.EPOCH,
                Instant.parse("2026-11-27T08:43:12.121350Z"), Instant.parse("2026-01-01T00:00:00.000001Z"),
                Instant.parse("2026-01-01T23:59:59.999999Z"), Instant.parse("1969-12-31T23:59:59.999999Z"),
                Instant.parse("1900-06-15T12:00:00.5Z"), Instant.parse("9999-12-31T23:59:59.999999Z"));
    }

    @ParameterizedTest
    @MethodSource("instants")
    void roundTripsEveryMicrosecondInstant(Instant at) {
        UUID id = UUID.randomUUID();
        Cursor cursor = new Cursor(at, id);
        String encoded = cursor.encode();
        assertTrue(encoded.matches("[A-Za-z0-9_-]+"), "URL-safe, unpadded: " + encoded);
        assertEquals(cursor, Cursor.decode(encoded));
    }

    @Test
    void differentPositionsGiveDifferentCursors() {
        Instant at = Instant.parse("2026-11-27T08:43:12.121350Z");
        UUID id = UUID.randomUUID();
        assertNotEquals(new Cursor(at, id).encode(), new Cursor(at.plus(1, ChronoUnit.MICROS), id).encode());
        assertNotEquals(new Cursor(at, id).encode(), new Cursor(at, UUID.randomUUID()).encode());
    }

    @ParameterizedTest
    @NullAndEmptySource
    void noCursorIsTheFirstPage(String cursor) {
        assertNull(Cursor.decode(cursor));
        assertNull(Cursor.decodeSequence(cursor));
    }

    static String b64(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<String> garbage() {
        String id = UUID.randomUUID().toString();
        return Stream.of("garbage", "!!!", "====", "a", "k1", b64("k1:"), b64("k1:123"), b64("k1:abc:" + id),
                b64("k1:123:not-a-uuid"), b64("k2:123:" + id), b64("K1:123:" + id), b64("123:" + id),
                b64("s1:42"), b64("k1::" + id), b64("k1:99999999999999999999999:" + id), "%00%00",
                Base64.getEncoder().encodeToString("k1:123:+/+/".getBytes(StandardCharsets.UTF_8)) + "+/");
    }

    @ParameterizedTest
    @MethodSource("garbage")
    void garbageIsA400NamingTheCursor(String cursor) {
        ProblemException e = assertThrows(ProblemException.class, () -> Cursor.decode(cursor));
        assertCursorProblem(e.problem());
    }

    @ParameterizedTest
    @ValueSource(longs = {0L, 1L, 42L, 1_000_000_007L, Long.MAX_VALUE})
    void sequenceCursorsRoundTrip(long value) {
        String encoded = Cursor.encodeSequence(value);
        assertTrue(encoded.matches("[A-Za-z0-9_-]+"), encoded);
        assertEquals(value, Cursor.decodeSequence(encoded));
    }

    @Test
    void aKeysetCursorIsNotASequenceCursorNorTheOtherWayRound() {
        String keyset = new Cursor(Instant.parse("2026-01-01T00:00:00Z"), UUID.randomUUID()).encode();
        assertCursorProblem(assertThrows(ProblemException.class, () -> Cursor.decodeSequence(keyset)).problem());
        String sequence = Cursor.encodeSequence(7);
        assertCursorProblem(assertThrows(ProblemException.class, () -> Cursor.decode(sequence)).problem());
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "!!!", "czE6", "czE6YWJj"})
    void garbageSequenceCursorIsA400(String cursor) {
        assertCursorProblem(assertThrows(ProblemException.class, () -> Cursor.decodeSequence(cursor)).problem());
    }

    private static void assertCursorProblem(Problem problem) {
        assertEquals(400, problem.status());
        assertEquals("urn:problem:crm:validation", problem.type());
        assertEquals(1, problem.errors().size());
        assertEquals("cursor", problem.errors().get(0).field());
        assertTrue(problem.detail().startsWith("cursor: "), problem.detail());
    }
}
