package io.github.crmvault.conflict;

import io.github.crmvault.common.sql.UuidArrays;
import io.github.crmvault.conflict.ConflictDtos.ConflictKey;
import io.github.crmvault.conflict.ConflictDtos.ConflictKey.Kind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The key tables of V5: customer_key (exact keys, unique), customer_name (normalised names, trigram
 * index) and customer_name_variant (one-deletion variants), all of live customers only. Lookups
 * exclude {@code self}, the customer being written, when there is one.
 */
@ApplicationScoped
class ConflictRepository {
    /** A live customer and its holder, for a match. */
    record Holding(UUID id, String name, String status, UUID ownerId, String ownerName, String teamName) {
    }

    /** A customer whose normalised name resembles the one looked up. */
    record NameHit(UUID customerId, String coreName, double similarity) {
    }

    @Inject
    EntityManager em;

    /** The customers holding any of the keys, with the keys each holds. */
    Map<UUID, List<ConflictKey>> holdersOf(List<ConflictKey> keys, UUID self) {
        Map<UUID, List<ConflictKey>> holders = new HashMap<>();
        if (keys.isEmpty()) {
            return holders;
        }
        StringBuilder sql = new StringBuilder("SELECT kind, value, customer_id FROM customer_key WHERE (kind, value) IN (");
        for (int i = 0; i < keys.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:kind").append(i).append(", :value").append(i).append(')');
        }
        sql.append(')').append(self == null ? "" : " AND customer_id <> :self");
        Query query = em.createNativeQuery(sql.toString());
        bindKeys(query, keys);
        if (self != null) {
            query.setParameter("self", self);
        }
        for (Object[] row : rows(query)) {
            holders.computeIfAbsent((UUID) row[2], id -> new ArrayList<>())
                    .add(new ConflictKey(Kind.valueOf((String) row[0]), (String) row[1]));
        }
        return holders;
    }

    /**
     * The most similar names by trigram similarity ({@code %} with the given threshold, through the GIN
     * index), best first. The threshold is set for this transaction only.
     */
    List<NameHit> similarNames(String coreName, double threshold, UUID self, int limit) {
        em.createNativeQuery("SELECT set_config('pg_trgm.similarity_threshold', :threshold, true)")
                .setParameter("threshold", Double.toString(threshold))
                .getSingleResult();
        Query query = em.createNativeQuery("SELECT n.customer_id, n.core_name, similarity(n.core_name, :core)"
                        + " FROM customer_name n WHERE n.core_name % :core" + (self == null ? "" : " AND n.customer_id <> :self")
                        + " ORDER BY 3 DESC, 1 LIMIT :limit")
                .setParameter("core", coreName)
                .setParameter("limit", limit);
        return nameHits(query, self);
    }

    /**
     * Names that share a one-deletion variant with the given one: every name one edit away is among
     * them, with some that are two edits away (the caller verifies). Short names in a crowded
     * neighbourhood have many; the limit keeps the most similar. The name itself is looked up too: a
     * name of three code points has no variants (customer_name_variants starts at four), yet it is a
     * stored variant of every four-code-point name it is one deletion of (鑫源科 of 鑫源科技).
     */
    List<NameHit> typoCandidates(String coreName, UUID self, int limit) {
        Query query = em.createNativeQuery("SELECT n.customer_id, n.core_name, similarity(n.core_name, :core)"
                        + " FROM customer_name n WHERE n.customer_id IN (SELECT v.customer_id FROM customer_name_variant v"
                        + " WHERE v.variant = ANY(ARRAY(SELECT customer_name_variants(:core)) || CAST(:core AS text)))"
                        + (self == null ? "" : " AND n.customer_id <> :self") + " ORDER BY 3 DESC, 1 LIMIT :limit")
                .setParameter("core", coreName)
                .setParameter("limit", limit);
        return nameHits(query, self);
    }

    /** Name, status, owner and team of each customer. */
    Map<UUID, Holding> holdings(Collection<UUID> ids) {
        Map<UUID, Holding> holdings = new HashMap<>();
        if (ids.isEmpty()) {
            return holdings;
        }
        Query query = em.createNativeQuery("SELECT c.id, c.name, c.status, c.owner_id, u.display_name, t.name"
                        + " FROM customer c LEFT JOIN app_user u ON u.id = c.owner_id LEFT JOIN team t ON t.id = u.team_id"
                        + " WHERE c.id = ANY(CAST(:ids AS uuid[]))")
                .setParameter("ids", UuidArrays.literal(ids));
        for (Object[] row : rows(query)) {
            holdings.put((UUID) row[0], new Holding((UUID) row[0], (String) row[1], (String) row[2], (UUID) row[3],
                    (String) row[4], (String) row[5]));
        }
        return holdings;
    }

    List<ConflictKey> keysOf(UUID customerId) {
        Query query = em.createNativeQuery("SELECT kind, value FROM customer_key WHERE customer_id = :id")
                .setParameter("id", customerId);
        return rows(query).stream().map(row -> new ConflictKey(Kind.valueOf((String) row[0]), (String) row[1])).toList();
    }

    /** The stored normalised name and branch parent ("" for none), or null when the customer has no name row. */
    List<String> nameOf(UUID customerId) {
        List<Object[]> names = rows(em.createNativeQuery("SELECT core_name, coalesce(parent_core, '') FROM customer_name"
                + " WHERE customer_id = :id").setParameter("id", customerId));
        return names.isEmpty() ? null : List.of((String) names.get(0)[0], (String) names.get(0)[1]);
    }

    /** Customers that are branches of the company with this normalised name. */
    List<UUID> branchesOf(String parentCore, UUID self, int limit) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = em.createNativeQuery("SELECT customer_id FROM customer_name WHERE parent_core = :parent"
                        + " AND customer_id <> :self ORDER BY customer_id LIMIT :limit")
                .setParameter("parent", parentCore).setParameter("limit", limit)
                .setParameter("self", self == null ? new UUID(0, 0) : self).getResultList();
        return ids;
    }

    /**
     * The phones of the customer's live contacts whose data was not erased (contacts are the customer
     * package's; read here by SQL, as the key tables are derived from them).
     */
    List<String> contactPhones(UUID customerId) {
        @SuppressWarnings("unchecked")
        List<String> phones = em.createNativeQuery("SELECT p FROM contact c, unnest(c.phones) AS p WHERE c.customer_id = :id"
                + " AND NOT c.archived AND c.erased_at IS NULL").setParameter("id", customerId).getResultList();
        return phones;
    }

    /**
     * Marks the customer's keys current, and so takes its row lock first: a backfill holding the row
     * is waited for (then the row is current and nothing is written), and skips the row meanwhile.
     */
    void markCurrent(UUID customerId) {
        em.createNativeQuery("UPDATE customer SET conflict_keys_version = :version WHERE id = :id"
                        + " AND conflict_keys_version < :version")
                .setParameter("version", Normalizer.KEYS_VERSION).setParameter("id", customerId).executeUpdate();
    }

    /** Up to {@code limit} customers with keys of an older version, in id order, locked; rows others hold are skipped. */
    List<UUID> lockStale(int limit) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = em.createNativeQuery("SELECT id FROM customer WHERE conflict_keys_version < :version"
                        + " ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED")
                .setParameter("version", Normalizer.KEYS_VERSION).setParameter("limit", limit).getResultList();
        return ids;
    }

    long countStale() {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM customer WHERE conflict_keys_version < :version")
                .setParameter("version", Normalizer.KEYS_VERSION).getSingleResult()).longValue();
    }

    /** The identity of a customer as the customer package stores it, and whether it is archived; null when none. */
    StoredCustomer stored(UUID customerId) {
        List<Object[]> found = rows(em.createNativeQuery("SELECT name, credit_code, array_to_string(phones, chr(31)),"
                + " array_to_string(emails, chr(31)), website, archived FROM customer WHERE id = :id")
                .setParameter("id", customerId));
        if (found.isEmpty()) {
            return null;
        }
        Object[] row = found.get(0);
        return new StoredCustomer(new CompanyIdentity((String) row[0], (String) row[1], split((String) row[2]),
                split((String) row[3]), (String) row[4]), (Boolean) row[5]);
    }

    record StoredCustomer(CompanyIdentity identity, boolean archived) {
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split("\u001f"));
    }

    /**
     * Inserts the keys in their (sorted) order, so that concurrent writers lock them in one order and
     * never deadlock. A key another live customer holds, or is inserting right now and then commits,
     * is skipped rather than failing the transaction; answers how many were inserted.
     */
    int insertKeys(UUID customerId, List<ConflictKey> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        StringBuilder sql = new StringBuilder("INSERT INTO customer_key (kind, value, customer_id) VALUES ");
        for (int i = 0; i < keys.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:kind").append(i).append(", :value").append(i).append(", :id)");
        }
        sql.append(" ON CONFLICT (kind, value) DO NOTHING");
        Query query = em.createNativeQuery(sql.toString()).setParameter("id", customerId);
        bindKeys(query, keys);
        return query.executeUpdate();
    }

    void deleteKeys(UUID customerId, List<ConflictKey> keys) {
        for (ConflictKey key : keys) {
            em.createNativeQuery("DELETE FROM customer_key WHERE kind = :kind AND value = :value AND customer_id = :id")
                    .setParameter("kind", key.kind().name())
                    .setParameter("value", key.value())
                    .setParameter("id", customerId)
                    .executeUpdate();
        }
    }

    /** Replaces the customer's searchable name (with a branch's parent) and its variants; an empty name leaves none. */
    void replaceName(UUID customerId, String coreName, String parentCore) {
        deleteName(customerId);
        if (coreName.isEmpty()) {
            return;
        }
        em.createNativeQuery("INSERT INTO customer_name (customer_id, core_name, parent_core) VALUES (:id, :core,"
                        + " CAST(NULLIF(:parent, '') AS text))")
                .setParameter("id", customerId).setParameter("core", coreName).setParameter("parent", parentCore)
                .executeUpdate();
        em.createNativeQuery("INSERT INTO customer_name_variant (variant, customer_id)"
                        + " SELECT v, :id FROM customer_name_variants(:core) AS v")
                .setParameter("id", customerId).setParameter("core", coreName).executeUpdate();
    }

    /** Removes every key and name of the customer: it no longer takes part in conflicts. */
    void deleteAll(UUID customerId) {
        em.createNativeQuery("DELETE FROM customer_key WHERE customer_id = :id").setParameter("id", customerId)
                .executeUpdate();
        deleteName(customerId);
    }

    /** Whether pg_trgm yields trigrams for Chinese text (it yields none when the database's LC_CTYPE is C). */
    boolean trigramsWorkForChinese() {
        return (Boolean) em.createNativeQuery("SELECT cardinality(show_trgm('测试')) > 0").getSingleResult();
    }

    private void deleteName(UUID customerId) {
        em.createNativeQuery("DELETE FROM customer_name_variant WHERE customer_id = :id").setParameter("id", customerId)
                .executeUpdate();
        em.createNativeQuery("DELETE FROM customer_name WHERE customer_id = :id").setParameter("id", customerId)
                .executeUpdate();
    }

    private static void bindKeys(Query query, List<ConflictKey> keys) {
        for (int i = 0; i < keys.size(); i++) {
            query.setParameter("kind" + i, keys.get(i).kind().name());
            query.setParameter("value" + i, keys.get(i).value());
        }
    }

    private static List<NameHit> nameHits(Query query, UUID self) {
        if (self != null) {
            query.setParameter("self", self);
        }
        return rows(query).stream()
                .map(row -> new NameHit((UUID) row[0], (String) row[1], ((Number) row[2]).doubleValue()))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(Query query) {
        return query.getResultList();
    }
}
