package io.github.crmvault.visit;

import io.github.crmvault.settings.CrmSettings;
import java.time.LocalDate;

/**
 * How good a visit record is, computed by the server only (pure: no I/O, no clock).
 *
 * <ul>
 * <li>{@code noteLength}: Unicode code points of the notes with every whitespace character removed
 *     (spaces, tabs, line breaks, no-break and ideographic spaces), so one Chinese character counts one.
 * <li>{@code qualityScore}: a base from the length, 0 at {@code zeroAtOrBelow} characters or fewer,
 *     rising linearly to 60 at {@code sixtyAt} and to 80 at {@code eightyAt}, 80 above that, each
 *     segment rounded down; plus {@code contactBonus} when at least one contact (a named person of the
 *     customer) was met, plus {@code nextStepBonus} when a next step and its date are recorded; at most 100.
 *     With the defaults: 0 → 0, 20 → 0, 35 → 30, 50 → 60, 75 → 70, 100 and more → 80, then +10 +10.
 * <li>{@code effective}: the note meets the minimum, at least one contact was met and a next step is
 *     recorded (its date is not required for this, only for the bonus).
 * </ul>
 */
final class VisitQuality {
    static final int MAXIMUM = 100;

    record Assessment(int noteLength, int qualityScore, boolean effective) {
    }

    private final int noteMinimum;
    private final int zeroAtOrBelow;
    private final int sixtyAt;
    private final int eightyAt;
    private final int contactBonus;
    private final int nextStepBonus;

    VisitQuality(int noteMinimum, int zeroAtOrBelow, int sixtyAt, int eightyAt, int contactBonus, int nextStepBonus) {
        if (noteMinimum < 0 || zeroAtOrBelow < 0 || zeroAtOrBelow >= sixtyAt || sixtyAt >= eightyAt
                || contactBonus < 0 || nextStepBonus < 0) {
            throw new IllegalArgumentException("score thresholds must satisfy 0 <= zeroAtOrBelow < sixtyAt < eightyAt"
                    + " and the note minimum and bonuses must not be negative");
        }
        this.noteMinimum = noteMinimum;
        this.zeroAtOrBelow = zeroAtOrBelow;
        this.sixtyAt = sixtyAt;
        this.eightyAt = eightyAt;
        this.contactBonus = contactBonus;
        this.nextStepBonus = nextStepBonus;
    }

    static VisitQuality of(CrmSettings settings) {
        CrmSettings.Score score = settings.score();
        return new VisitQuality(settings.visit().noteMinimum(), score.zeroAtOrBelow(), score.sixtyAt(),
                score.eightyAt(), score.contactBonus(), score.nextStepBonus());
    }

    int noteMinimum() {
        return noteMinimum;
    }

    /** Code points that are not whitespace. */
    static int noteLength(String notes) {
        if (notes == null) {
            return 0;
        }
        return (int) notes.codePoints()
                .filter(cp -> !Character.isWhitespace(cp) && !Character.isSpaceChar(cp))
                .count();
    }

    /** The score from the length alone, 0 to 80. */
    int lengthScore(int length) {
        if (length <= zeroAtOrBelow) {
            return 0;
        }
        if (length < sixtyAt) {
            return 60 * (length - zeroAtOrBelow) / (sixtyAt - zeroAtOrBelow);
        }
        if (length < eightyAt) {
            return 60 + 20 * (length - sixtyAt) / (eightyAt - sixtyAt);
        }
        return 80;
    }

    Assessment assess(String notes, boolean contactMet, String nextStep, LocalDate nextStepDate) {
        int length = noteLength(notes);
        boolean nextStepRecorded = nextStep != null && !nextStep.isBlank();
        int score = lengthScore(length)
                + (contactMet ? contactBonus : 0)
                + (nextStepRecorded && nextStepDate != null ? nextStepBonus : 0);
        boolean effective = length >= noteMinimum && contactMet && nextStepRecorded;
        return new Assessment(length, Math.min(MAXIMUM, score), effective);
    }
}
