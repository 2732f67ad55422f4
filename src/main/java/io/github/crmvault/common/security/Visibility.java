package io.github.crmvault.common.security;

import jakarta.persistence.Query;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Which customers a caller may see, as the set of owner keys they may see. The public pool is the
 * owner key {@link #POOL}; callers who see everything have no key set. This is the single rule
 * behind every read of customer data: {@code customer.owner_key = ANY(keys)}.
 */
public final class Visibility {
    /** The owner key of the public pool (customer.owner_key for a customer without owner). */
    public static final UUID POOL = new UUID(0L, 0L);

    private final UUID[] ownerKeys;

    private Visibility(UUID[] ownerKeys) {
        this.ownerKeys = ownerKeys;
    }

    public static Visibility everything() {
        return new Visibility(null);
    }

    /** The pool plus the customers owned by the given users. */
    public static Visibility poolAnd(List<UUID> owners) {
        UUID[] keys = new UUID[owners.size() + 1];
        keys[0] = POOL;
        for (int i = 0; i < owners.size(); i++) {
            keys[i + 1] = owners.get(i);
        }
        return new Visibility(keys);
    }

    public boolean seesEverything() {
        return ownerKeys == null;
    }

    /** The visible owner keys, to bind to {@link #HQL_PREDICATE}; never called when {@link #seesEverything()}. */
    public List<UUID> ownerKeys() {
        return List.of(ownerKeys);
    }

    /**
     * The visible owner keys to bind to {@code :visibleOwners} of {@link #SQL_PREDICATE}, as a typed uuid[]
     * (JDBC array); never called when {@link #seesEverything()}. Bound as text, the CAST in the predicate
     * parses the literal again for every row it tests (array_in is not immutable, so the planner does not
     * fold it): a third of a name search's time in PostgreSQL.
     */
    public UUID[] ownerKeysSqlArray() {
        return ownerKeys.clone();
    }

    /** Binds {@code :visibleOwners} of {@link #HQL_PREDICATE} on a query that carries it (not for everything). */
    public void bindHql(Query query) {
        if (!seesEverything()) {
            query.setParameter("visibleOwners", ownerKeys());
        }
    }

    public boolean sees(UUID ownerId) {
        if (ownerKeys == null) {
            return true;
        }
        UUID key = ownerId == null ? POOL : ownerId;
        return Arrays.asList(ownerKeys).contains(key);
    }

    /**
     * The SQL form of {@link #sees}, for a customer table aliased {@code c}, bound to the parameter
     * {@code :visibleOwners}. Callers who see everything skip it.
     */
    public static final String SQL_PREDICATE = "c.owner_key = ANY(CAST(:visibleOwners AS uuid[]))";

    /** {@link #SQL_PREDICATE} in HQL, for an entity aliased {@code c} with an {@code ownerKey} attribute. */
    public static final String HQL_PREDICATE = "c.ownerKey IN :visibleOwners";
}
