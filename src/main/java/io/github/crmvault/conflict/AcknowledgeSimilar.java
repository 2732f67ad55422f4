package io.github.crmvault.conflict;

import io.github.crmvault.common.problem.ProblemException;

/**
 * The query parameter with which a create or update of a customer goes ahead despite similar names
 * (the caller has looked at them and says it is another company). Exact keys always refuse.
 */
public final class AcknowledgeSimilar {
    public static final String PARAMETER = "acknowledgeSimilar";
    public static final String DESCRIPTION = "true: go ahead although customers with similar names exist (after "
            + "looking at them: it is another company). Without it such a request is refused with 409 "
            + "duplicate-customer, decision WARNING. An exact key match (decision BLOCKED) is refused either way.";

    private AcknowledgeSimilar() {
    }

    /** The parameter's value: absent is false; anything but true or false is 400. */
    public static boolean parse(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (!value.equals("true")) {
            throw ProblemException.invalid(PARAMETER, "must be true or false");
        }
        return true;
    }
}
