package io.github.crmvault.visit;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Fired synchronously, inside the writing transaction, when a visit is corrected into an effective
 * one (or corrected while it stays so). Other packages react to effective visits (claims extend their
 * protection) without the visit package knowing them. A visit created effective does not fire it:
 * its creation statement runs {@link #EXTEND_PROTECTION} itself, in the same round trip.
 */
public record EffectiveVisit(UUID visitId, UUID customerId, Instant visitedAt) {
    /**
     * The claim rule of an effective visit: an owned customer stays protected until the visit plus the
     * protection period ({@link #protectedUntil}), if that is later than what it has. Bound to
     * {@code :customer} and {@code :until}; a WHERE clause callers may extend with {@code AND ...}. The
     * visit is the record of it: the customer's version and history stay as they are; only the change
     * feed learns of the new protection end (the CUSTOMER row of each extended customer).
     */
    public static final String EXTEND_PROTECTION = "UPDATE customer SET protected_until = :until"
            + " WHERE id = :customer AND owner_id IS NOT NULL AND protected_until < :until";

    /** Until when an effective visit at {@code visitedAt} protects its customer. */
    public static Instant protectedUntil(Instant visitedAt, int protectionDays) {
        return visitedAt.plus(Duration.ofDays(protectionDays));
    }
}
