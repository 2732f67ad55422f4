package io.github.crmvault.visit;

import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.visit.VisitDtos.Highlight;
import io.github.crmvault.visit.VisitDtos.MatchRange;
import java.lang.Character.UnicodeScript;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A note search: the whitespace-separated terms of {@code q}, all of which a note must contain
 * (case-insensitive, literally: no wildcards), and the highlight of a hit.
 */
record NoteSearch(List<String> terms) {
    static final int MAX_LENGTH = 100;
    static final int MAX_TERMS = 5;
    /** Two characters: the bigram index needs one bigram per term; 华为 and 用友 are two characters. */
    static final int MIN_TERM = 2;
    private static final int BEFORE = 20;
    private static final int SNIPPET = 80;
    private static final String ELLIPSIS = "…";

    static NoteSearch parse(String q) {
        String text = q.strip();
        if (text.isEmpty()) {
            throw ProblemException.invalid("q", "must contain a search term; leave q out to list your own visits");
        }
        if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
            throw ProblemException.invalid("q", "must be at most " + MAX_LENGTH + " characters");
        }
        // Keyed case-insensitively: "Price price" is one term.
        Map<String, String> terms = new LinkedHashMap<>();
        for (String term : text.split("(?U)\\s+")) {
            if (term.codePointCount(0, term.length()) < MIN_TERM) {
                throw ProblemException.invalid("q", "each term needs at least " + MIN_TERM + " characters (\"" + term
                        + "\" has one): a single character occurs in nearly every note and no index can find it");
            }
            terms.putIfAbsent(term.toLowerCase(Locale.ROOT), term);
        }
        if (terms.size() > MAX_TERMS) {
            throw ProblemException.invalid("q", "must have at most " + MAX_TERMS + " terms");
        }
        return new NoteSearch(List.copyOf(terms.values()));
    }

    /**
     * The SQL condition that the text {@code notes} contains term {@code i} (bound to {@code param})
     * case-insensitively: {@code strpos} on both lower-cased, so the term is taken literally, % and _
     * included; or, for a term {@link #asWritten}, on the note as it is.
     */
    String matches(int i, String notes, String param) {
        return asWritten(i) ? "strpos(" + notes + ", " + param + ") > 0"
                : "strpos(lower(" + notes + "), lower(" + param + ")) > 0";
    }

    /**
     * Whether term {@code i} can be looked for in the note as written: a term of Han characters only, since
     * lower() leaves a Han character alone and turns no other character into one (NoteSearchCaseTest checks
     * this against the database), so a note contains the term exactly when its lower-cased form does. lower()
     * of a note costs twice what reading the visit and looking for the term do.
     */
    boolean asWritten(int i) {
        return hanOnly(terms.get(i));
    }

    /** Whether every term is {@link #asWritten}: a note then costs a third as much to test. */
    boolean allAsWritten() {
        return terms.stream().allMatch(NoteSearch::hanOnly);
    }

    static boolean hanOnly(String text) {
        return text.codePoints().allMatch(c -> UnicodeScript.of(c) == UnicodeScript.HAN);
    }

    /**
     * The note around its first match, with every match inside it. Offsets count UTF-16 code units
     * of the snippet (JavaScript's String.slice); cuts fall between code points, never inside a
     * surrogate pair, and are marked with an ellipsis.
     */
    Highlight highlight(String notes) {
        List<int[]> found = matches(notes);
        int first = found.isEmpty() ? 0 : found.get(0)[0];
        int from = notes.offsetByCodePoints(first, -Math.min(BEFORE, notes.codePointCount(0, first)));
        int to = notes.offsetByCodePoints(from, Math.min(SNIPPET, notes.codePointCount(from, notes.length())));
        for (int[] match : found) {
            // The first match is shown whole, however long the window.
            if (match[0] == first) {
                to = Math.max(to, match[1]);
            }
        }
        String prefix = from > 0 ? ELLIPSIS : "";
        String snippet = prefix + notes.substring(from, to) + (to < notes.length() ? ELLIPSIS : "");
        List<MatchRange> ranges = new ArrayList<>();
        for (int[] match : found) {
            if (match[0] >= from && match[1] <= to) {
                ranges.add(new MatchRange(prefix.length() + match[0] - from, prefix.length() + match[1] - from));
            }
        }
        return new Highlight(snippet, ranges);
    }

    /** Non-overlapping matches of any term, left to right, the longest term first at each position. */
    private List<int[]> matches(String notes) {
        List<String> longestFirst = new ArrayList<>(terms);
        longestFirst.sort((a, b) -> b.length() - a.length());
        List<int[]> found = new ArrayList<>();
        int i = 0;
        while (i < notes.length()) {
            int end = -1;
            for (String term : longestFirst) {
                if (notes.regionMatches(true, i, term, 0, term.length())) {
                    end = i + term.length();
                    break;
                }
            }
            if (end > 0) {
                found.add(new int[] {i, end});
                i = end;
            } else {
                i++;
            }
        }
        return found;
    }
}
