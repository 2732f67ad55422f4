package io.github.crmvault.conflict;

/**
 * One-character typos between normalised names. The database finds candidates through shared
 * deletion variants (customer_name_variant); this decides which candidates really are one edit apart.
 */
final class Typos {
    private Typos() {
    }

    /**
     * Whether two different names are one substitution, insertion, deletion or swap of adjacent code
     * points apart (a Damerau-Levenshtein distance of exactly 1).
     */
    static boolean oneEditApart(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        if (x.length < y.length) {
            int[] swap = x;
            x = y;
            y = swap;
        }
        if (x.length - y.length > 1) {
            return false;
        }
        int i = 0;
        while (i < y.length && x[i] == y[i]) {
            i++;
        }
        if (x.length != y.length) {
            return sameFrom(x, i + 1, y, i); // one extra code point in the longer name
        }
        if (i == x.length) {
            return false; // equal
        }
        boolean substituted = sameFrom(x, i + 1, y, i + 1);
        boolean swapped = i + 1 < x.length && x[i] == y[i + 1] && x[i + 1] == y[i] && sameFrom(x, i + 2, y, i + 2);
        return substituted || swapped;
    }

    /** 1 - edits / length of the longer name: how alike two names one edit apart are. */
    static double score(String a, String b) {
        int longer = Math.max(a.codePointCount(0, a.length()), b.codePointCount(0, b.length()));
        return 1.0 - 1.0 / longer;
    }

    private static boolean sameFrom(int[] x, int from, int[] y, int yFrom) {
        if (x.length - from != y.length - yFrom) {
            return false;
        }
        for (int k = 0; k < x.length - from; k++) {
            if (x[from + k] != y[yFrom + k]) {
                return false;
            }
        }
        return true;
    }
}
