package io.github.crmvault.conflict;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * pg_trgm yields no trigrams for Chinese when the database's LC_CTYPE is C: similar-name checks would
 * then silently find nothing. Said loudly at start-up rather than discovered as missed duplicates.
 */
@ApplicationScoped
class TrigramCheck {
    private static final Logger LOG = Logger.getLogger(TrigramCheck.class);

    @Inject
    ConflictService conflicts;

    void onStart(@Observes StartupEvent event) {
        if (!conflicts.trigramsWorkForChinese()) {
            LOG.error("pg_trgm yields no trigrams for Chinese text (show_trgm('测试') is empty): the database's LC_CTYPE"
                    + " is probably C. Similar company names will not be found; use a database created with a UTF-8"
                    + " LC_CTYPE such as C.UTF-8 or zh_CN.UTF-8.");
        }
    }
}
