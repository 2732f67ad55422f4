package io.github.crmvault.customer;

import io.github.crmvault.audit.PersonalDataReads;
import io.github.crmvault.common.security.Caller;
import io.github.crmvault.common.security.CallerContext;
import io.github.crmvault.common.security.PersonalData;
import io.github.crmvault.common.security.Visibility;
import io.github.crmvault.customer.CustomerDtos.ContactResponse;
import io.github.crmvault.customer.CustomerDtos.CustomerResponse;
import io.github.crmvault.settings.CompanyCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.hibernate.StatelessSession;
import org.hibernate.query.SelectionQuery;

/**
 * The customer package's seam for the bulk export: every customer or contact the caller may see,
 * as the same representations the API returns (the same factories), read forward-only from a
 * server-side cursor of a stateless session, so nothing accumulates however many rows stream by.
 * Ordered by (updatedAt, id); archived records included. The caller closes the stream.
 */
@ApplicationScoped
public class CustomerExport {
    @Inject
    CompanyCalendar calendar;
    @Inject
    CallerContext callers;
    @Inject
    PersonalData personalData;
    @Inject
    PersonalDataReads reads;

    public Stream<CustomerResponse> customers(StatelessSession session, Visibility visibility, Instant updatedSince,
            int fetchSize) {
        SelectionQuery<Customer> query = session.createSelectionQuery("FROM Customer c"
                + filter(visibility, "c", updatedSince) + " ORDER BY c.updatedAt, c.id", Customer.class);
        // Grades as of the export's start: one "today" for every row.
        Grade.Window window = calendar.gradeWindow();
        return bind(query, visibility, updatedSince, fetchSize).getResultStream().map(c -> CustomerResponse.of(c, window));
    }

    /** Contacts masked or in full as {@link PersonalData} decides for the caller, customer by customer. */
    public Stream<ContactResponse> contacts(StatelessSession session, Visibility visibility, Instant updatedSince,
            int fetchSize) {
        Caller caller = callers.current();
        PersonalData.Sight sight = personalData.sight(caller);
        // Every row handed out in full is on the record, per customer, written as the stream closes.
        PersonalDataReads.Bulk read = reads.bulk(caller);
        if (sight.fullEverywhere()) {
            // Admins and integration: no owner looked up, so every row is counted (they own next to nothing).
            SelectionQuery<Contact> query = session.createSelectionQuery("SELECT k FROM Contact k"
                    + underCustomer(visibility, "k", updatedSince)
                    + " ORDER BY k.updatedAt, k.id", Contact.class);
            return bind(query, visibility, updatedSince, fetchSize).getResultStream().map(k -> {
                read.add(k.customerId, null);
                return ContactResponse.of(k, true);
            }).onClose(read::close);
        }
        // Whether a row comes masked, and whether it is counted, depend on its customer's owner: always joined here.
        SelectionQuery<Object[]> query = session.createSelectionQuery("SELECT k, c.ownerId FROM Contact k"
                + " JOIN Customer c ON c.id = k.customerId" + filter(visibility, "k", updatedSince)
                + " ORDER BY k.updatedAt, k.id", Object[].class);
        return bind(query, visibility, updatedSince, fetchSize).getResultStream().map(row -> {
            Contact contact = (Contact) row[0];
            boolean full = sight.full(contact.customerId, (UUID) row[1]);
            if (full) {
                read.add(contact.customerId, (UUID) row[1]);
            }
            return ContactResponse.of(contact, full);
        }).onClose(read::close);
    }

    /**
     * The join with the record's customer when visibility needs it (the customer is aliased {@code c})
     * and the {@link #filter}: what an export of records under a customer adds to its FROM clause.
     */
    public static String underCustomer(Visibility visibility, String alias, Instant updatedSince) {
        return (visibility.seesEverything() ? "" : " JOIN Customer c ON c.id = " + alias + ".customerId")
                + filter(visibility, alias, updatedSince);
    }

    /**
     * The where clause (or none) of an export over the customer {@code c} and the exported record
     * aliased {@code alias}: the caller's visibility and the updated-since bound, each when it applies.
     */
    public static String filter(Visibility visibility, String alias, Instant updatedSince) {
        String visible = visibility.seesEverything() ? null : Visibility.HQL_PREDICATE;
        String since = updatedSince == null ? null : alias + ".updatedAt >= :updatedSince";
        if (visible == null && since == null) {
            return "";
        }
        return " WHERE " + (visible == null ? since : since == null ? visible : visible + " AND " + since);
    }

    /** Binds what {@link #filter} asks for and makes the query stream from a cursor of that many rows. */
    public static <T> SelectionQuery<T> bind(SelectionQuery<T> query, Visibility visibility, Instant updatedSince,
            int fetchSize) {
        if (!visibility.seesEverything()) {
            query.setParameter("visibleOwners", visibility.ownerKeys());
        }
        if (updatedSince != null) {
            query.setParameter("updatedSince", updatedSince);
        }
        return query.setFetchSize(fetchSize).setReadOnly(true);
    }
}
