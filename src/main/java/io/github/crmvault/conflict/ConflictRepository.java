package io.github.crmvault.conflict;

import io.agroal.api.AgroalDataSource;
import io.github.crmvault.common.sql.NamedSql;
import io.github.crmvault.conflict.ConflictDtos.ConflictKey;
import io.github.crmvault.conflict.ConflictDtos.ConflictKey.Kind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The key tables of V5: customer_key (exact keys, unique), customer_name (normalised names, trigram
 * index) and customer_name_variant (one-deletion variants, each with its normalised name since V35), all
 * of live customers only. Lookups exclude {@code self}, the customer being written, when there is one.
 */
@ApplicationScoped
class ConflictRepository {
    /** A live customer and its holder, for a match. */
    record Holding(UUID id, String name, String status, UUID ownerId, String ownerName, String teamName) {
    }

    /** A customer whose normalised name resembles the one looked up. */
    record NameHit(UUID customerId, String coreName, double similarity) {
    }

    /**
     * What one conflict check reads, in one statement and so in one snapshot: the trigram-similar names
     * (best first), the typo candidates (best first, unverified, without holdings), the holders of the
     * checked branch's parent name, the branches of the checked name, the holders of the exact keys, and
     * the holding of every customer among them but the typo candidates.
     */
    record Found(List<NameHit> similar, List<NameHit> typos, List<UUID> parents, List<UUID> branches,
            Map<UUID, List<ConflictKey>> exact, Map<UUID, Holding> holdings) {
    }

    /** No customer has it: stands for "no customer to leave out". */
    private static final UUID NOBODY = new UUID(0, 0);

    /**
     * The statement of {@link #find}: conflict_find (V43) makes the check's lookups in one query with one
     * generic plan and leaves the typo candidates' holdings to {@link #HOLDINGS}. bench/conflict.sh replays
     * both texts: keep them in step.
     */
    static final String FIND = "SELECT * FROM conflict_find(:core, :parent, :threshold, :self, :similarLimit, :typoLimit,"
            + " CAST(:kinds AS text[]), CAST(:values AS text[]))";

    /** The statement of {@link #holdings}: conflict_holdings (V43), with a generic plan as well. */
    static final String HOLDINGS = "SELECT id, name, status, owner_id, owner_name, team_name"
            + " FROM conflict_holdings(CAST(:ids AS uuid[]))";

    private static final NamedSql FIND_SQL = NamedSql.of(FIND);
    private static final NamedSql HOLDINGS_SQL = NamedSql.of(HOLDINGS);

    @Inject
    EntityManager em;
    /**
     * The check's two reads go straight to JDBC: no Hibernate session or native-query machinery per check.
     * Inside a transaction (a customer write's {@link ConflictService#register}) Agroal hands out the
     * transaction's own connection, so they see its flushed rows as the session's queries did.
     */
    @Inject
    AgroalDataSource dataSource;

    /**
     * Everything a check needs, in one statement: the names similar to {@code coreName} (trigrams
     * above {@code threshold}, at most {@code similarLimit}; typo candidates, at most {@code typoLimit}),
     * the customers related as parent of {@code parentCore} or branches of {@code coreName}, the
     * holders of the exact {@code keys}, all without {@code self}. An empty {@code coreName} or
     * {@code parentCore} looks up none of its parts.
     */
    Found find(List<ConflictKey> keys, String coreName, String parentCore, double threshold, UUID self,
            int similarLimit, int typoLimit) {
        Map<String, Object> params = Map.of("core", coreName, "parent", parentCore, "threshold", threshold,
                "self", self == null ? NOBODY : self, "similarLimit", similarLimit, "typoLimit", typoLimit,
                "kinds", keys.stream().map(k -> k.kind().name()).toArray(String[]::new),
                "values", keys.stream().map(ConflictKey::value).toArray(String[]::new));
        List<NameHit> similar = new ArrayList<>();
        List<NameHit> typos = new ArrayList<>();
        List<UUID> parents = new ArrayList<>();
        List<UUID> branches = new ArrayList<>();
        Map<UUID, List<ConflictKey>> exact = new HashMap<>();
        Map<UUID, Holding> holdings = new HashMap<>();
        query(FIND_SQL, params, row -> {
            UUID id = row.getObject(2, UUID.class);
            int src = row.getInt(1);
            switch (src) {
                // found_similarity is a real: read as float, widened, as Hibernate read it.
                case 1 -> similar.add(new NameHit(id, row.getString(3), row.getFloat(4)));
                case 2 -> typos.add(new NameHit(id, row.getString(3), row.getFloat(4)));
                case 3 -> parents.add(id);
                case 4 -> branches.add(id);
                default -> exact.computeIfAbsent(id, k -> new ArrayList<>())
                        .add(new ConflictKey(Kind.valueOf(row.getString(5)), row.getString(6)));
            }
            if (src != 2 && !holdings.containsKey(id)) {
                holdings.put(id, holding(id, row, 7));
            }
        });
        return new Found(similar, typos, parents, branches, exact, holdings);
    }

    /** The holdings of the given customers (every customer has one: customers are archived, never deleted). */
    Map<UUID, Holding> holdings(List<UUID> ids) {
        Map<UUID, Holding> holdings = new HashMap<>();
        if (!ids.isEmpty()) {
            query(HOLDINGS_SQL, Map.of("ids", ids.toArray(UUID[]::new)), row -> {
                UUID id = row.getObject(1, UUID.class);
                holdings.put(id, holding(id, row, 2));
            });
        }
        return holdings;
    }

    /** The holding in the row's columns from {@code at} (1-based): name, status, owner id, owner name, team name. */
    private static Holding holding(UUID id, ResultSet row, int at) throws SQLException {
        return new Holding(id, row.getString(at), row.getString(at + 1), row.getObject(at + 2, UUID.class),
                row.getString(at + 3), row.getString(at + 4));
    }

    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private void query(NamedSql sql, Map<String, ?> params, RowReader reader) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = sql.prepare(connection, params);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                reader.read(rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("conflict lookup failed", e);
        }
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
        em.createNativeQuery("INSERT INTO customer_name_variant (variant, customer_id, core_name)"
                        + " SELECT v, :id, :core FROM customer_name_variants(:core) AS v")
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

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(Query query) {
        return query.getResultList();
    }
}
