package io.github.crmvault.visit;

import java.time.Instant;
import java.util.UUID;

/**
 * Fired synchronously, inside the writing transaction, when a visit is stored effective: created so,
 * or corrected into it (or corrected while it stays so). Other packages react to effective visits
 * (claims extend their protection) without the visit package knowing them.
 */
public record EffectiveVisit(UUID visitId, UUID customerId, Instant visitedAt) {
}
