package io.github.crmvault.visit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The quality function with the default rules: minimum 100; 0/60/80 points at 20/50/100; +10 contact, +10 dated next step. */
class VisitQualityTest {
    private static final VisitQuality DEFAULTS = new VisitQuality(100, 20, 50, 100, 10, 10);
    private static final LocalDate NEXT_WEEK = LocalDate.of(2026, 2, 3);

    private static String text(String script, int n) {
        String alphabet = script.equals("zh") ? "客户关心数据安全价格预算采购犹豫" : "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            text.append(alphabet.charAt(i % alphabet.length()));
            if (i % 7 == 6) {
                text.append(script.equals("zh") ? "\u3000" : " \n\t"); // whitespace is never counted
            }
        }
        return text.toString();
    }

    @ParameterizedTest(name = "{0} x{1}, contact {2}, next step {3}, dated {4} -> score {5}, effective {6}")
    @CsvSource({
            // script, chars, contact, next step, next-step date, score, effective
            "zh,   0, false, false, false,   0, false",
            "zh,   0, true,  true,  true,   20, false",
            "en,  20, false, false, false,   0, false",
            "zh,  20, true,  false, false,  10, false",
            "en,  35, false, false, false,  30, false",
            "zh,  35, true,  true,  true,   50, false",
            "zh,  50, false, false, false,  60, false",
            "en,  50, true,  true,  true,   80, false",
            "en,  75, false, false, false,  70, false",
            "zh,  75, false, true,  true,   80, false",
            "zh,  99, true,  true,  true,   99, false",
            "zh, 100, false, false, false,  80, false",
            "en, 100, true,  false, false,  90, false",
            "zh, 100, false, true,  true,   90, false",
            "zh, 100, true,  true,  false,  90, true",
            "en, 100, true,  true,  true,  100, true",
            "zh, 100, true,  true,  true,  100, true",
            "zh, 500, false, false, false,  80, false",
            "en, 500, true,  true,  true,  100, true",
            "zh, 500, true,  false, true,   90, false",
    })
    void scoresAndEffectiveness(String script, int chars, boolean contact, boolean nextStep, boolean dated,
            int score, boolean effective) {
        String notes = text(script, chars);
        VisitQuality.Assessment assessment = DEFAULTS.assess(notes, contact, nextStep ? "带方案上门演示" : null,
                dated ? NEXT_WEEK : null);
        assertEquals(chars, assessment.noteLength(), "length of " + notes);
        assertEquals(score, assessment.qualityScore());
        assertEquals(effective, assessment.effective());
    }

    @ParameterizedTest(name = "{0} characters -> {1} points for length")
    @CsvSource({"0, 0", "20, 0", "21, 2", "35, 30", "49, 58", "50, 60", "51, 60", "75, 70", "99, 79", "100, 80", "500, 80"})
    void lengthScoreIsLinearBetweenThresholdsRoundedDown(int length, int points) {
        assertEquals(points, DEFAULTS.lengthScore(length));
    }

    @Test
    void noteLengthCountsCodePointsWithoutWhitespace() {
        assertEquals(0, VisitQuality.noteLength(null));
        assertEquals(0, VisitQuality.noteLength(" \t\r\n\u00a0\u3000\u2007\u202f"));
        assertEquals(6, VisitQuality.noteLength("客户 关心\n价格"));
        assertEquals(5, VisitQuality.noteLength("a b\tc\u00a0d\u3000e"));
        // A character outside the basic plane is one code point (two UTF-16 chars).
        assertEquals(2, VisitQuality.noteLength("𠀀客"));
        assertEquals(3, VisitQuality.noteLength("👍ok"));
    }

    @Test
    void aBlankNextStepIsNoNextStep() {
        VisitQuality.Assessment assessment = DEFAULTS.assess(text("zh", 100), true, "   ", NEXT_WEEK);
        assertEquals(90, assessment.qualityScore());
        assertEquals(false, assessment.effective());
    }

    @Test
    void otherRulesApply() {
        VisitQuality lenient = new VisitQuality(30, 10, 20, 40, 5, 15);
        assertEquals(new VisitQuality.Assessment(30, 70 + 5 + 15, true),
                lenient.assess(text("en", 30), true, "call back", NEXT_WEEK));
        assertEquals(new VisitQuality.Assessment(29, 69 + 5, false), lenient.assess(text("zh", 29), true, "call back", null));
    }

    @Test
    void thresholdsMustIncrease() {
        assertThrows(IllegalArgumentException.class, () -> new VisitQuality(100, 50, 50, 100, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> new VisitQuality(100, 20, 100, 50, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> new VisitQuality(-1, 20, 50, 100, 10, 10));
    }
}
