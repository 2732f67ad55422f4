package io.github.crmvault.visit;

import io.github.crmvault.common.changes.ChangeLog;
import io.github.crmvault.common.sql.NamedSql;
import io.github.crmvault.common.security.Visibility;
import io.github.crmvault.customer.CustomerAccess;
import io.github.crmvault.webhook.EventType;
import io.github.crmvault.webhook.WebhookOutbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A visit's creation as one SQL statement (one round trip, the transaction's BEGIN riding along): the
 * checks that need the database (the customer visible to the caller, its owner and archived flag, an
 * existing visit with the id, which of the contacts are the customer's) and, when they and the caller's
 * own checks pass, the writes (the visit, its history entry, the change feed, the protection extension of
 * an effective visit), plus whether a webhook subscription wants the event. {@link VisitService} decides
 * from the {@link Outcome} which answer applies, in the order the rules have always been checked; a
 * refusal the statement could not foresee (the caller may not change this owner's customers) is thrown
 * after it and rolls the writes back with the transaction.
 */
final class VisitCreation {
    /** What the statement found, and whether it stored the visit. */
    record Outcome(boolean customerFound, UUID ownerId, boolean archived, UUID existingCustomerId, UUID existingAuthorId,
            String existingHash, List<UUID> foundContacts, boolean inserted, boolean webhooksWanted) {
    }

    private static final String TEMPLATE = """
            WITH c AS (
                SELECT c.id, c.owner_id, c.archived FROM customer c WHERE c.id = CAST(:customer AS uuid)%s
            ), e AS (
                SELECT v.customer_id, v.author_id, v.content_hash FROM visit v WHERE v.id = CAST(:id AS uuid)
            ), k AS (
                SELECT %s AS found
            ), v AS (
                INSERT INTO visit (id, customer_id, author_id, contact_ids, visited_at, channel, latitude, longitude,
                    location_address, notes, outcome, interest_level, next_step, next_step_date, note_length,
                    quality_score, effective, content_hash, review_count, version, created_at, created_by,
                    updated_at, updated_by)
                SELECT CAST(:id AS uuid), c.id, CAST(:author AS uuid), CAST(:contacts AS uuid[]),
                    CAST(:visitedAt AS timestamptz), CAST(:channel AS varchar), CAST(:latitude AS numeric),
                    CAST(:longitude AS numeric), CAST(:locationAddress AS varchar), CAST(:notes AS varchar),
                    CAST(:outcome AS varchar), CAST(:interestLevel AS integer), CAST(:nextStep AS varchar),
                    CAST(:nextStepDate AS date), CAST(:noteLength AS integer), CAST(:qualityScore AS integer),
                    CAST(:effective AS boolean), CAST(:hash AS varchar), 0, CAST(:version AS bigint),
                    CAST(:at AS timestamptz), CAST(:actor AS varchar), CAST(:at AS timestamptz), CAST(:actor AS varchar)
                FROM c, k
                WHERE CAST(:insert AS boolean) AND NOT c.archived AND NOT EXISTS (SELECT 1 FROM e)
                    AND cardinality(k.found) = cardinality(CAST(:contacts AS uuid[]))
                RETURNING id, customer_id
            ), h AS (
                %s
                SELECT v.customer_id, 'VISIT', v.id, 'CREATE', CAST(:actor AS varchar), CAST(:at AS timestamptz),
                    CAST(:changes AS jsonb)
                FROM v
            ), x AS (
                %s AND CAST(:effective AS boolean) AND EXISTS (SELECT 1 FROM v)
                RETURNING id
            ), f AS (
                %s
                SELECT 'VISIT', v.id, v.customer_id FROM v
                UNION ALL SELECT 'CUSTOMER', x.id, x.id FROM x
            )
            SELECT c.id IS NOT NULL, c.owner_id, c.archived, e.customer_id, e.author_id, e.content_hash, k.found,
                EXISTS (SELECT 1 FROM v), %s
            FROM k LEFT JOIN c ON true LEFT JOIN e ON true
            """;

    private static final NamedSql SEES_EVERYTHING = statement("");
    private static final NamedSql SEES_SOME = statement(" AND " + Visibility.SQL_PREDICATE);

    private VisitCreation() {
    }

    private static NamedSql statement(String visibility) {
        String extend = EffectiveVisit.EXTEND_PROTECTION.replace(":until", "CAST(:until AS timestamptz)")
                .replace(":customer", "CAST(:customer AS uuid)");
        return NamedSql.of(TEMPLATE.formatted(visibility, CustomerAccess.CONTACTS_OF_SQL, CustomerAccess.HISTORY_INSERT,
                extend, ChangeLog.INSERT, WebhookOutbox.WANTED_SQL));
    }

    /**
     * Runs the statement on the transaction's connection, taken from the pool rather than through a
     * Hibernate session, which the statement does not need: with one, Hibernate took 20.7% of a visit's
     * Java samples, without 1.7% (bench/README, twelfth round). A failure keeps its SQLException as the
     * cause, so a duplicate id, a broken constraint and an unavailable database are recognised as before.
     *
     * @param insert whether the caller's own checks passed (a user, valid fields): false only looks
     * @param visit the visit to store, complete (id, customer, author, fields, audit columns)
     * @param until the protection end an effective visit gives its customer
     * @param changes the history entry's changes (JSON)
     */
    static Outcome run(DataSource dataSource, Visibility visibility, boolean insert, Visit visit, Instant until,
            String changes) {
        try (Connection connection = dataSource.getConnection()) {
            return run(connection, visibility, insert, visit, until, changes);
        } catch (SQLException e) {
            throw new IllegalStateException("The visit's statement failed: " + e.getMessage(), e);
        }
    }

    private static Outcome run(Connection connection, Visibility visibility, boolean insert, Visit visit, Instant until,
            String changes) throws SQLException {
        Map<String, Object> values = new java.util.HashMap<>();
        values.put("customer", visit.customerId);
        values.put("id", visit.id);
        values.put("author", visit.authorId);
        values.put("contacts", connection.createArrayOf("uuid", visit.contactIds.toArray()));
        values.put("visitedAt", visit.visitedAt);
        values.put("channel", visit.channel.name());
        values.put("latitude", visit.latitude);
        values.put("longitude", visit.longitude);
        values.put("locationAddress", visit.locationAddress);
        values.put("notes", visit.notes);
        values.put("outcome", visit.outcome);
        values.put("interestLevel", visit.interestLevel);
        values.put("nextStep", visit.nextStep);
        values.put("nextStepDate", visit.nextStepDate);
        values.put("noteLength", visit.noteLength);
        values.put("qualityScore", visit.qualityScore);
        values.put("effective", visit.effective);
        values.put("hash", visit.contentHash);
        values.put("version", visit.version);
        values.put("at", visit.createdAt);
        values.put("actor", visit.createdBy);
        values.put("insert", insert);
        values.put("changes", changes);
        values.put("until", until);
        values.put("type", EventType.VISIT_CREATED.wireName());
        NamedSql sql = visibility.seesEverything() ? SEES_EVERYTHING : SEES_SOME;
        if (!visibility.seesEverything()) {
            values.put("visibleOwners", visibility.ownerKeysSqlArray());
        }
        try (PreparedStatement statement = sql.prepare(connection, values)) {
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                Object[] found = (Object[]) row.getArray(7).getArray();
                return new Outcome(row.getBoolean(1), row.getObject(2, UUID.class), row.getBoolean(3),
                        row.getObject(4, UUID.class), row.getObject(5, UUID.class), row.getString(6),
                        Arrays.asList(Arrays.copyOf(found, found.length, UUID[].class)), row.getBoolean(8),
                        row.getBoolean(9));
            }
        }
    }
}
