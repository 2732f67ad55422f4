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
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.hibernate.jpa.HibernateHints;

/**
 * The customer package's seam for the change feed: current representations of customers and
 * contacts by id, in one query per type, under the caller's {@link Visibility} (the same predicate
 * as every other read). A record the caller may not see is simply absent from the result. Contacts
 * come masked or in full as {@link PersonalData} decides for the caller; an owner change puts them
 * in the feed again, so a claim brings them in full and a release masked.
 */
@ApplicationScoped
public class CustomerFeed {
    @Inject
    EntityManager em;
    @Inject
    CompanyCalendar calendar;
    @Inject
    CallerContext callers;
    @Inject
    PersonalData personalData;
    @Inject
    PersonalDataReads reads;

    /** A visible contact with its customer's archived flag (an archived customer hides its contacts). */
    public record ContactState(ContactResponse contact, boolean customerArchived) {
    }

    public List<CustomerResponse> customers(Visibility visibility, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        TypedQuery<Customer> query = em.createQuery("FROM Customer c WHERE c.id IN :ids"
                + (visibility.seesEverything() ? "" : " AND " + Visibility.HQL_PREDICATE), Customer.class);
        bind(query, visibility, ids);
        Grade.Window window = calendar.gradeWindow();
        return query.getResultList().stream().map(c -> CustomerResponse.of(c, window)).toList();
    }

    public List<ContactState> contacts(Visibility visibility, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        TypedQuery<Object[]> query = em.createQuery("SELECT k, c.archived, c.ownerId FROM Contact k"
                + " JOIN Customer c ON c.id = k.customerId WHERE k.id IN :ids"
                + (visibility.seesEverything() ? "" : " AND " + Visibility.HQL_PREDICATE), Object[].class);
        bind(query, visibility, ids);
        Caller caller = callers.current();
        PersonalData.Sight sight = personalData.sight(caller);
        try (PersonalDataReads.Bulk read = reads.bulk(caller)) {
            return query.getResultList().stream()
                    .map(row -> {
                        Contact contact = (Contact) row[0];
                        boolean full = sight.full(contact.customerId, (UUID) row[2]);
                        if (full) {
                            read.add(contact.customerId, (UUID) row[2]);
                        }
                        return new ContactState(ContactResponse.of(contact, full), (Boolean) row[1]);
                    })
                    .toList();
        }
    }

    private static void bind(TypedQuery<?> query, Visibility visibility, Collection<UUID> ids) {
        query.setParameter("ids", ids);
        visibility.bindHql(query);
        // Representations only: no dirty checking of what is loaded.
        query.setHint(HibernateHints.HINT_READ_ONLY, true);
    }
}
