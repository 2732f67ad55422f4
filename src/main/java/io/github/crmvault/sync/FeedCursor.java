package io.github.crmvault.sync;

import io.github.crmvault.common.problem.Problem;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.problem.ProblemType;
import io.github.crmvault.common.security.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * A position in the change log, (txid, seq) of the last row a client was given, bound to the login
 * it was issued to and to the kind of view the login had then: opaque base64url text that carries a
 * hash of the login and the view.
 */
record FeedCursor(long txid, long seq) {
    static final FeedCursor START = new FeedCursor(0L, 0L);
    /** Cursors issued before views were bound to them: accepted under any view. */
    private static final String UNBOUND = "f1:";
    private static final String PREFIX = "f2:";

    /**
     * What a caller's view is made of. Team changes move owners in and out of a manager's view and
     * the feed tells about each; a change of roles replaces the whole view, which the feed cannot
     * replay, so a cursor is valid under the view it was issued for only.
     */
    enum View {
        EVERYTHING, MANAGER, OWN;

        static View of(Caller caller) {
            if (caller.visibility().seesEverything()) {
                return EVERYTHING;
            }
            return caller.isManager() ? MANAGER : OWN;
        }

        private String code() {
            return name().substring(0, 1);
        }
    }

    /**
     * The view a cursor is bound to: its kind, and whether the login was leaving. Marking a user as
     * leaving masks contacts the feed already sent in full, so a device holding them must start over.
     */
    private static String binding(View view, boolean leaving) {
        return leaving ? view.code() + "L" : view.code();
    }

    String encode(String login, View view, boolean leaving) {
        String raw = PREFIX + txid + ":" + seq + ":" + binding(view, leaving) + ":" + loginHash(login);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The start of the log for no cursor; 400 for anything this API did not issue to this login, and
     * 400 feed-resync-required for a cursor issued under another view.
     */
    static FeedCursor decode(String cursor, String login, View view, boolean leaving) {
        if (cursor == null || cursor.isEmpty()) {
            return START;
        }
        String[] parts;
        FeedCursor decoded;
        String issuedFor = null;
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (raw.startsWith(PREFIX)) {
                parts = raw.substring(PREFIX.length()).split(":", -1);
                if (parts.length != 4) {
                    throw new IllegalArgumentException("parts");
                }
                issuedFor = parts[2];
            } else if (raw.startsWith(UNBOUND)) {
                parts = raw.substring(UNBOUND.length()).split(":", -1);
                if (parts.length != 3) {
                    throw new IllegalArgumentException("parts");
                }
            } else {
                throw new IllegalArgumentException("prefix");
            }
            decoded = new FeedCursor(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            if (decoded.txid < 0 || decoded.seq < 0) {
                throw new IllegalArgumentException("negative");
            }
        } catch (RuntimeException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this API issued; start again without one");
        }
        if (!parts[parts.length - 1].equals(loginHash(login))) {
            throw ProblemException.invalid("cursor",
                    "was issued to another login; a cursor is personal, start again without one");
        }
        if (issuedFor != null && !issuedFor.equals(binding(view, leaving))) {
            String message = "was issued while the login had other roles or leaving status; what it may see"
                    + " changed as a whole, so"
                    + " drop the local copy and start again without a cursor (or from an export's Feed-Cursor)";
            throw new ProblemException(ProblemType.FEED_RESYNC_REQUIRED, "cursor: " + message,
                    List.of(new Problem.FieldError("cursor", message)));
        }
        return decoded;
    }

    private static String loginHash(String login) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(login.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
