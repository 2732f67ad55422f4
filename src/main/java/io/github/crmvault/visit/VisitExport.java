package io.github.crmvault.visit;

import io.github.crmvault.common.security.Visibility;
import io.github.crmvault.customer.CustomerExport;
import io.github.crmvault.settings.CrmSettings;
import io.github.crmvault.visit.VisitDtos.VisitResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.hibernate.StatelessSession;
import org.hibernate.query.SelectionQuery;

/**
 * The visit package's seam for the bulk export: every visit the caller may see (visits follow their
 * customer), as the API represents it, streamed like {@link CustomerExport}'s records.
 */
@ApplicationScoped
public class VisitExport {
    @Inject
    CrmSettings settings;

    public Stream<VisitResponse> visits(StatelessSession session, Visibility visibility, Instant updatedSince,
            int fetchSize) {
        SelectionQuery<Visit> query = session.createSelectionQuery("SELECT v FROM Visit v"
                + CustomerExport.underCustomer(visibility, "v", updatedSince)
                + " ORDER BY v.updatedAt, v.id", Visit.class);
        Duration editWindow = settings.visit().editWindow();
        return CustomerExport.bind(query, visibility, updatedSince, fetchSize).getResultStream()
                .map(visit -> VisitResponse.of(visit, editWindow));
    }
}
