package io.github.crmvault.conflict;

import io.github.crmvault.conflict.ConflictDtos.ConflictKey;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Recomputes the conflict keys of customers whose keys an older normaliser wrote
 * (customer.conflict_keys_version below {@link Normalizer#KEYS_VERSION}). Batches in id order, each
 * its own transaction with its rows locked FOR UPDATE SKIP LOCKED: safe beside the running API (which
 * writes current keys and waits for or is skipped by a batch) and beside another backfill (no row is
 * processed twice); resumable, since a finished row is current and never taken again.
 */
@ApplicationScoped
public class ConflictKeysBackfill {
    private static final Logger LOG = Logger.getLogger(ConflictKeysBackfill.class);
    public static final int BATCH = 500;

    @Inject
    ConflictService conflicts;
    @Inject
    ConflictRepository repository;

    /** What a run did: the customers it rekeyed, the new keys other customers already held, the stale rows left (locked by others). */
    public record Summary(List<UUID> customers, int keysHeldByOthers, long left) {
    }

    public Summary run(int batchSize) {
        List<UUID> done = new ArrayList<>();
        int heldByOthers = 0;
        while (true) {
            List<UUID> batch = new ArrayList<>();
            int held = QuarkusTransaction.requiringNew().call(() -> {
                int taken = 0;
                for (UUID id : repository.lockStale(batchSize)) {
                    batch.add(id);
                    List<ConflictKey> others = conflicts.rekey(id);
                    if (!others.isEmpty()) {
                        // Two customers the new keys call one company: an admin may merge them.
                        LOG.warnf("Customer %s: keys %s belong to another live customer", id, others);
                        taken += others.size();
                    }
                }
                return taken;
            });
            if (batch.isEmpty()) {
                break;
            }
            done.addAll(batch);
            heldByOthers += held;
            LOG.infof("Conflict keys backfill: %d customers rekeyed", done.size());
        }
        long left = QuarkusTransaction.requiringNew().call(repository::countStale);
        return new Summary(done, heldByOthers, left);
    }
}
