package io.github.crmvault.common.web;

import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.problem.ProblemType;

/** ETags are the record's version in quotes; writes must name the version they were based on. */
public final class Preconditions {
    private Preconditions() {
    }

    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    /** The version an If-Match header names; 428 when it is missing, 412 when it names no version. */
    public static long requiredVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ProblemException(ProblemType.PRECONDITION_REQUIRED,
                    "Send If-Match with the ETag from your last read, so a stale write cannot overwrite a newer one");
        }
        String value = ifMatch.trim();
        if (value.equals("*")) {
            throw new ProblemException(ProblemType.PRECONDITION_REQUIRED,
                    "If-Match must name the ETag you last read; \"*\" would overwrite changes you have not seen");
        }
        // If-Match compares strongly (RFC 9110): a weak validator never matches.
        if (value.length() < 3 || !value.startsWith("\"") || !value.endsWith("\"")) {
            throw new ProblemException(ProblemType.PRECONDITION_FAILED,
                    "If-Match must be the quoted ETag of the record, such as \"3\"");
        }
        try {
            return Long.parseLong(value.substring(1, value.length() - 1));
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemType.PRECONDITION_FAILED, "If-Match does not match the current ETag");
        }
    }

    public static void checkVersion(String ifMatch, long current) {
        if (requiredVersion(ifMatch) != current) {
            throw new ProblemException(ProblemType.PRECONDITION_FAILED,
                    "The record has changed since you read it (current ETag " + etag(current) + ")");
        }
    }

    /** For state transitions: If-Match is optional, but a stale one still fails. */
    public static void checkVersionIfPresent(String ifMatch, long current) {
        if (ifMatch != null && !ifMatch.isBlank()) {
            checkVersion(ifMatch, current);
        }
    }
}
