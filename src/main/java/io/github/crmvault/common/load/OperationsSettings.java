package io.github.crmvault.common.load;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The deployer's settings of how the API holds under load, faults and deploys (README, "Configuration").
 * Several of them feed Quarkus settings in application.properties (pool sizes, session timeouts, drain).
 */
public final class OperationsSettings {
    private OperationsSettings() {
    }

    /** The connection budget and the server-side backstops on the app's sessions. */
    @ConfigMapping(prefix = "crm.db")
    public interface Db {
        /** Interactive pool size per instance. */
        int maxConnections();

        Duration acquisitionTimeout();

        String idleInTransactionTimeout();

        String statementTimeout();

        String exportIdleTimeout();

        int socketTimeoutSeconds();
    }

    /** Bounds on long work, per instance and per caller. */
    @ConfigMapping(prefix = "crm.work")
    public interface Work {
        Export export();

        LongRead longRead();

        /** What Retry-After says when long work is refused. */
        Duration retryAfter();

        interface Export {
            /** Exports at once per instance; also the size of the bulk pool. */
            int maxConcurrent();

            int maxPerCaller();

            /** An export whose response has not started within this is released. */
            @WithDefault("PT30S")
            Duration startWithin();
        }

        interface LongRead {
            int maxConcurrent();

            int maxPerCaller();

            /**
             * Connections per instance on which reports run some of their statements beside the request's
             * own: the size of the reports pool, outside the interactive one.
             */
            int fanOutConnections();

            /** Of those, the most one report takes (0: a report runs its statements one after another). */
            int fanOutPerRead();
        }
    }

    @ConfigMapping(prefix = "crm.health")
    public interface Health {
        /** How long without a connection before liveness says DOWN. */
        Duration databaseGrace();
    }

    @ConfigMapping(prefix = "crm.shutdown")
    public interface Shutdown {
        /** Readiness is DOWN this long before the drain starts. */
        Duration readinessDelay();

        /** In-flight requests get this long to finish; new ones get 503. */
        Duration drain();
    }
}
