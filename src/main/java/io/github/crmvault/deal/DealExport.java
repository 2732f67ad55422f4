package io.github.crmvault.deal;

import io.github.crmvault.common.security.Visibility;
import io.github.crmvault.customer.CustomerExport;
import io.github.crmvault.deal.DealDtos.DealResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.stream.Stream;
import org.hibernate.StatelessSession;
import org.hibernate.query.SelectionQuery;

/**
 * The deal package's seam for the bulk export: every deal the caller may see (deals follow their
 * customer), cancelled ones included, as the API represents it, streamed like {@link CustomerExport}'s records.
 */
@ApplicationScoped
public class DealExport {

    public Stream<DealResponse> deals(StatelessSession session, Visibility visibility, Instant updatedSince,
            int fetchSize) {
        SelectionQuery<Deal> query = session.createSelectionQuery("SELECT d FROM Deal d"
                + CustomerExport.underCustomer(visibility, "d", updatedSince) + " ORDER BY d.updatedAt, d.id", Deal.class);
        return CustomerExport.bind(query, visibility, updatedSince, fetchSize).getResultStream().map(DealResponse::of);
    }
}
