package io.github.crmvault.export;

import io.github.crmvault.common.load.OperationsSettings;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every export that holds a connection, until it is released. An export is opened before its
 * response is written; if the client goes away in between, nothing calls the writer, and no
 * response callback can be relied on (the REST layer takes over the connection's close handler).
 * So a sweep releases exports whose response closed or ended unwritten, and any that waited longer
 * than the writer ever would. Once writing has begun, the writer itself releases on every path.
 */
@ApplicationScoped
class OpenExports {
    private final Set<ExportStream<?>> open = ConcurrentHashMap.newKeySet();

    @Inject
    OperationsSettings.Work settings;

    <T extends Record> ExportStream<T> track(ExportStream<T> export) {
        open.add(export);
        return export;
    }

    @Scheduled(identity = "export-sweep", every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        long limit = settings.export().startWithin().toNanos();
        // A started export is its writer's to release; one whose response went away unwritten is ours.
        open.removeIf(export -> export.started()
                || (export.responseGone() || export.ageNanos() > limit) && export.abandon());
    }
}
