package io.github.crmvault.common.load;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * A deploy's drain. On SIGTERM readiness goes DOWN at once and new requests are still served for
 * {@code crm.shutdown.readiness-delay}, while load balancers notice; after that, new API requests
 * get 503 with Retry-After (another instance will take them) and the ones in flight finish within
 * {@code crm.shutdown.drain}. Quarkus alone would keep serving new requests during the drain.
 */
@Singleton
public class Drain {
    private volatile long refuseFromNanos;
    private volatile boolean started;

    @Inject
    OperationsSettings.Shutdown settings;

    void shutdownBegins(@Observes ShutdownDelayInitiatedEvent event) {
        refuseFromNanos = System.nanoTime() + settings.readinessDelay().toNanos();
        started = true;
    }

    /** Are new requests to be turned away? */
    public boolean refusesNewRequests() {
        return started && System.nanoTime() - refuseFromNanos >= 0;
    }
}
