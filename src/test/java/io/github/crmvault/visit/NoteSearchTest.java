package io.github.crmvault.visit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.visit.VisitDtos.Highlight;
import io.github.crmvault.visit.VisitDtos.MatchRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoteSearchTest {
    private static List<String> marked(Highlight h) {
        return h.matches().stream().map(m -> h.snippet().substring(m.start(), m.end())).toList();
    }

    @Test
    void termsAreSplitOnWhitespaceAndFoldedCaseInsensitively() {
        assertEquals(List.of("华为", "Price"), NoteSearch.parse("  华为\u3000Price price PRICE ").terms());
    }

    @Test
    void badQueriesAreRejected() {
        for (String q : List.of("", "   ", "华", "华为 a", "华".repeat(101))) {
            assertThrows(ProblemException.class, () -> NoteSearch.parse(q), q);
        }
        assertEquals(1, NoteSearch.parse("华".repeat(100)).terms().size());
        assertEquals(5, NoteSearch.parse("aa bb cc dd ee").terms().size());
        assertThrows(ProblemException.class, () -> NoteSearch.parse("aa bb cc dd ee ff"));
    }

    @Test
    void shortNoteIsShownWholeWithEveryMatch() {
        Highlight h = NoteSearch.parse("华为").highlight("客户提到华为的报价比华为云低");
        assertEquals("客户提到华为的报价比华为云低", h.snippet());
        assertEquals(List.of(new MatchRange(4, 6), new MatchRange(10, 12)), h.matches());
    }

    @Test
    void offsetsCountUtf16UnitsAfterSurrogatePairs() {
        // Each emoji is two UTF-16 code units: JavaScript's slice counts them so, and so do we.
        Highlight h = NoteSearch.parse("salesforce").highlight("😀👍客户在用SalesForce和𠮷野家");
        assertEquals(List.of(new MatchRange(8, 18)), h.matches());
        assertEquals(List.of("SalesForce"), marked(h));
    }

    @Test
    void longNoteIsCutAroundTheFirstMatchBetweenCodePoints() {
        String before = "😀".repeat(30);
        String note = before + "对方提到金蝶" + "很".repeat(200) + "金蝶";
        Highlight h = NoteSearch.parse("金蝶").highlight(note);
        assertTrue(h.snippet().startsWith("…😀"), h.snippet());
        assertTrue(h.snippet().endsWith("很…"), h.snippet());
        assertEquals(1 + 80 + 1, h.snippet().codePointCount(0, h.snippet().length()));
        assertEquals(List.of("金蝶"), marked(h));
        // 20 code points before the match: the ellipsis, 16 emoji (32 units) and 对方提到.
        assertEquals(new MatchRange(1 + 32 + 4, 1 + 32 + 6), h.matches().get(0));
    }

    @Test
    void longerTermWinsWhereTermsOverlapAndBothTermsAreMarked() {
        Highlight h = NoteSearch.parse("华为 华为云 报价").highlight("华为云的报价，华为的报价");
        assertEquals(List.of("华为云", "报价", "华为", "报价"), marked(h));
    }

    @Test
    void noteWithoutAMatchShowsItsStart() {
        Highlight h = NoteSearch.parse("İstanbul").highlight("短短的记录");
        assertEquals("短短的记录", h.snippet());
        assertEquals(List.of(), h.matches());
    }
}
