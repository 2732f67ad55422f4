package io.github.crmvault.common.web;

import io.github.crmvault.common.problem.ProblemException;
import java.util.UUID;

/** Path and query ids arrive as text so that a malformed one gets a 400 that names it, not a 404. */
public final class Ids {
    private Ids() {
    }

    public static UUID parse(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            if (value.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(field, "is not a UUID");
        }
    }
}
