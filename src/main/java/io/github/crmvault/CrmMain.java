package io.github.crmvault;

import io.github.crmvault.conflict.ConflictKeysBackfill;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The API, as always; or, given {@value #BACKFILL_CONFLICT_KEYS}, the one-off recomputation of the
 * conflict keys an older normaliser wrote, which exits when done (0; 3 when rows locked by others were
 * left: run it again). Dev mode and tests start the API as before.
 */
@QuarkusMain
public class CrmMain implements QuarkusApplication {
    public static final String BACKFILL_CONFLICT_KEYS = "backfill-conflict-keys";
    private static final Logger LOG = Logger.getLogger(CrmMain.class);

    @Inject
    ConflictKeysBackfill backfill;

    @Override
    public int run(String... args) {
        if (args.length > 0 && BACKFILL_CONFLICT_KEYS.equals(args[0])) {
            ConflictKeysBackfill.Summary summary = backfill.run(ConflictKeysBackfill.BATCH);
            LOG.infof("Conflict keys backfill done: %d customers rekeyed, %d new keys held by other customers (see the"
                    + " warnings), %d left", summary.customers().size(), summary.keysHeldByOthers(), summary.left());
            return summary.left() == 0 ? 0 : 3;
        }
        Quarkus.waitForExit();
        return 0;
    }
}
