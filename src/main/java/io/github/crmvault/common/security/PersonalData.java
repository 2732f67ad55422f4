package io.github.crmvault.common.security;

import io.github.crmvault.settings.CompanyCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Who sees the personal data of a customer's contacts (their phones, e-mail and messaging id) in
 * full, and what the others see instead. The one decision behind every read that returns contact
 * data: contact reads, the change feed, the export and the customer history. The public pool shows
 * companies, not people: a rep or manager sees a customer's contacts in full only when they own the
 * customer or manage its owner; admins and integration always do, except an integration token whose
 * {@code scope} claim lacks {@code contacts:read}, which sees every contact masked. A user an admin marked as
 * leaving sees in full only the contacts they would otherwise see in full of customers they visited on the
 * current company day. Only reads are masked: what is stored, and the conflict keys, keep the full values.
 */
@ApplicationScoped
public class PersonalData {
    /** What a masked value shows in place of what it hides (e-mail local parts, messaging ids). */
    public static final String MASK = "***";

    /** A sight that shows everything in full. */
    private static final Sight FULL = new Sight() {
        @Override
        public boolean full(UUID customerId, UUID ownerId) {
            return true;
        }

        @Override
        public boolean fullEverywhere() {
            return true;
        }
    };

    /** A sight that masks everything: an integration token without the contacts:read scope. */
    private static final Sight NONE = (customerId, ownerId) -> false;

    /** The customers a user recorded visits to on one company day (visited_at within it). */
    private static final String VISITED = "SELECT DISTINCT customer_id FROM visit"
            + " WHERE author_id = :user AND visited_at >= :from AND visited_at < :to";

    @Inject
    EntityManager em;
    @Inject
    CompanyCalendar calendar;

    /**
     * The caller's sight, decided once per request or export and then asked per customer. Rules that
     * need more than the caller (a leaving user who sees in full only the customers they visited
     * today) load what they need here, once, and answer {@link Sight#full} from it.
     */
    public Sight sight(Caller caller) {
        Sight usual = usualSight(caller);
        if (!caller.isLeaving() || usual == NONE) {
            return usual;
        }
        Set<UUID> visited = visitedToday(caller.userId());
        return (customerId, ownerId) -> visited.contains(customerId) && usual.full(customerId, ownerId);
    }

    private Sight usualSight(Caller caller) {
        if (!caller.hasScope(Caller.CONTACTS_READ)) {
            return NONE;
        }
        if (caller.isAdmin() || caller.roles().contains(Roles.INTEGRATION)) {
            return FULL;
        }
        return (customerId, ownerId) -> ownerId != null && (ownerId.equals(caller.userId()) || caller.manages(ownerId));
    }

    private Set<UUID> visitedToday(UUID userId) {
        LocalDate today = calendar.today();
        @SuppressWarnings("unchecked")
        List<UUID> ids = em.createNativeQuery(VISITED, UUID.class)
                .setParameter("user", userId)
                .setParameter("from", calendar.startOf(today))
                .setParameter("to", calendar.startOf(today.plusDays(1)))
                .getResultList();
        return new HashSet<>(ids);
    }

    /** Whether one caller sees the contacts of one customer (owned by {@code ownerId}, null: the pool) in full. */
    public interface Sight {
        boolean full(UUID customerId, UUID ownerId);

        /** True when {@link #full} is true for every customer, so bulk reads need not look up owners. */
        default boolean fullEverywhere() {
            return false;
        }
    }

    /**
     * A phone number with its digits hidden but its punctuation kept: with 11 digits or more the
     * first 3 and the last 4 stay (13812348000 becomes 138****8000, 0571-88886666 becomes
     * 057*-****6666), with 6 to 10 digits the last 2 stay (8888 6666 becomes **** **66), shorter
     * numbers show no digit. At least 4 digits are always hidden.
     */
    public static String phone(String value) {
        int digits = (int) value.chars().filter(PersonalData::isDigit).count();
        int head = digits >= 11 ? 3 : 0;
        int tail = digits >= 11 ? 4 : digits >= 6 ? 2 : 0;
        StringBuilder masked = new StringBuilder(value.length());
        int seen = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isDigit(c)) {
                masked.append(seen < head || seen >= digits - tail ? c : '*');
                seen++;
            } else {
                masked.append(c);
            }
        }
        return masked.toString();
    }

    public static List<String> phones(List<String> values) {
        return values.stream().map(PersonalData::phone).toList();
    }

    /**
     * An e-mail address with its local part hidden behind its first character and the domain kept:
     * zhang@example.cn becomes z***@example.cn; a one-character local part shows none (***@example.cn).
     */
    public static String email(String value) {
        if (value == null) {
            return null;
        }
        int at = value.lastIndexOf('@');
        return at < 0 ? handle(value) : handle(value.substring(0, at)) + value.substring(at);
    }

    /** A messaging id (WeChat...) hidden behind its first character: wangfang-wx becomes w***; one character shows none. */
    public static String handle(String value) {
        if (value == null) {
            return null;
        }
        return value.codePointCount(0, value.length()) < 2 ? MASK
                : value.substring(0, value.offsetByCodePoints(0, 1)) + MASK;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
