package io.github.crmvault.conflict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.conflict.ConflictDtos.ConflictKey;
import io.github.crmvault.conflict.ConflictDtos.ConflictKey.Kind;
import io.github.crmvault.conflict.ConflictRepository.Found;
import io.github.crmvault.conflict.ConflictRepository.Holding;
import io.github.crmvault.conflict.ConflictRepository.NameHit;
import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Sql;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * conflict_find (V43) with the holdings read afterwards for the typos only must find what the one statement
 * of before found, holders included, on every call of a connection (its plan is generic from the first).
 */
@QuarkusTest
class ConflictFindTest {
    private static final UUID NOBODY = new UUID(0, 0);
    /** ConflictRepository.FIND before V43: every part and the holders of every row, typo candidates too. */
    private static final String BEFORE = "WITH similar_name AS ("
            + "SELECT hit_id, hit_core, hit_similarity FROM conflict_similar_names(:core, :threshold, :self, :similarLimit)),"
            + " typo AS (SELECT v.customer_id, v.core_name, similarity(v.core_name, :core) AS sim FROM customer_name_variant v"
            + " WHERE :core <> '' AND v.variant = ANY(ARRAY(SELECT customer_name_variants(:core)) || CAST(:core AS text))"
            + " AND v.customer_id <> :self GROUP BY v.customer_id, v.core_name ORDER BY 3 DESC, 1 LIMIT :typoLimit),"
            + " parent AS (SELECT customer_id FROM customer_key WHERE :parent <> '' AND kind = 'NAME' AND value = :parent"
            + " AND customer_id <> :self),"
            + " branch AS (SELECT customer_id FROM customer_name WHERE :core <> '' AND parent_core = :core"
            + " AND customer_id <> :self ORDER BY customer_id LIMIT :similarLimit),"
            + " exact AS (SELECT k.customer_id, k.kind, k.value FROM customer_key k"
            + " WHERE (k.kind, k.value) IN (SELECT * FROM unnest(CAST(:kinds AS text[]), CAST(:values AS text[])))"
            + " AND k.customer_id <> :self),"
            + " hit AS (SELECT 1 AS src, hit_id AS id, hit_core AS core, hit_similarity AS sim, CAST(NULL AS text) AS kind,"
            + " CAST(NULL AS text) AS value FROM similar_name"
            + " UNION ALL SELECT 2, customer_id, core_name, sim, NULL, NULL FROM typo"
            + " UNION ALL SELECT 3, customer_id, NULL, NULL, NULL, NULL FROM parent"
            + " UNION ALL SELECT 4, customer_id, NULL, NULL, NULL, NULL FROM branch"
            + " UNION ALL SELECT 5, customer_id, NULL, NULL, kind, value FROM exact)"
            + " SELECT h.src, h.id, h.core, h.sim, h.kind, h.value, c.name, c.status, c.owner_id, u.display_name, t.name"
            + " FROM hit h JOIN customer c ON c.id = h.id LEFT JOIN app_user u ON u.id = c.owner_id"
            + " LEFT JOIN team t ON t.id = u.team_id ORDER BY h.src, h.sim DESC, h.id";

    @Inject
    DataSource db;
    @Inject
    ConflictRepository repository;

    @Test
    void theLookupsAndTheHoldersAreThoseOfTheOneStatementOfBefore() throws SQLException {
        // Fourteen names one substitution apart (more typos than a check shows), one a character shorter,
        // a branch of the first, and a rare stem no other test's names share.
        String stem = ConflictCheckTest.chineseName().substring(0, 3);
        Org.Person rep = Org.rep();
        List<String> names = new ArrayList<>();
        for (char c : "甲乙丙丁戊己庚辛壬癸子丑寅卯".toCharArray()) {
            names.add(stem + c + "环保科技有限公司");
        }
        names.add(stem + "环保科技有限公司");
        names.add(stem + "甲环保科技有限公司滨江分公司");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Map<String, Object> body = Customers.body(names.get(i));
            body.put("creditCode", Customers.creditCode());
            String auth = i % 3 == 0 ? Org.ADMIN : rep.auth(); // pool and held customers
            ids.add(Api.as(auth).queryParam("acknowledgeSimilar", "true").body(body).post("/api/v1/customers")
                    .then().statusCode(201).extract().<String>path("id"));
        }
        List<Probe> probes = new ArrayList<>();
        for (String id : ids) {
            List<String> name = Sql.strings(db, "SELECT core_name || '|' || coalesce(parent_core, '') FROM customer_name"
                    + " WHERE customer_id = CAST(? AS uuid)", id);
            String[] core = name.get(0).split("\\|", -1);
            List<ConflictKey> keys = Sql.strings(db, "SELECT kind || '|' || value FROM customer_key"
                    + " WHERE customer_id = CAST(? AS uuid) ORDER BY kind, value", id).stream()
                    .map(k -> new ConflictKey(Kind.valueOf(k.split("\\|")[0]), k.split("\\|", 2)[1])).toList();
            probes.add(new Probe(keys, core[0], core[1], NOBODY));
            probes.add(new Probe(keys, core[0], core[1], UUID.fromString(id)));
            probes.add(new Probe(List.of(), core[0].substring(0, 3) + "申" + core[0].substring(4), "", NOBODY));
        }
        try (Connection connection = db.getConnection()) {
            int typosRead = 0;
            // Two rounds: past the five custom plans PostgreSQL makes for a statement before choosing.
            for (int round = 0; round < 2; round++) {
                for (Probe probe : probes) {
                    List<List<Object>> before = before(connection, probe);
                    Found found = QuarkusTransaction.requiringNew().call(() -> repository.find(probe.keys(), probe.core(),
                            probe.parent(), 0.55, probe.self(), ConflictService.MAX_SIMILAR, 100));
                    Map<UUID, Holding> holdings = new HashMap<>(found.holdings());
                    List<UUID> typoIds = found.typos().stream().map(NameHit::customerId)
                            .filter(id -> !holdings.containsKey(id)).toList();
                    holdings.putAll(QuarkusTransaction.requiringNew().call(() -> repository.holdings(typoIds)));
                    assertEquals(exactByIdAndValue(before), exactByIdAndValue(rows(found, holdings)),
                            probe + " in round " + round);
                    typosRead += typoIds.size();
                }
            }
            assertTrue(typosRead > 0, "some holdings were read for typo candidates only");
        }
    }

    /**
     * The exact keys are bound as typed text[] (no array literal): values holding commas, braces, quotes,
     * backslashes, spaces, the word NULL or 200 characters reach the lookup as they are, each matching only itself.
     */
    @Test
    void exactKeysReachTheLookupAsTheyAre() {
        String id = Api.as(Org.ADMIN).body(Customers.body(ConflictCheckTest.chineseName())).post("/api/v1/customers")
                .then().statusCode(201).extract().path("id");
        String tag = UUID.randomUUID().toString();
        List<String> values = List.of("a,b" + tag, "{c}" + tag, " d " + tag, "NULL", "say \"hi\"" + tag,
                "c:\\x" + tag, "云栖科技" + tag, "x".repeat(200) + tag);
        for (String value : values) {
            Sql.update(db, "INSERT INTO customer_key (kind, value, customer_id) VALUES ('PHONE', ?, CAST(? AS uuid))"
                    + " ON CONFLICT DO NOTHING", value, id);
        }
        List<ConflictKey> keys = new ArrayList<>(values.stream().map(v -> new ConflictKey(Kind.PHONE, v)).toList());
        keys.add(new ConflictKey(Kind.PHONE, "a" + tag)); // a piece of "a,b": matches nothing
        Found found = QuarkusTransaction.requiringNew().call(() -> repository.find(keys, "", "", 0.55, NOBODY,
                ConflictService.MAX_SIMILAR, 100));
        assertEquals(values.stream().sorted().toList(), found.exact().getOrDefault(UUID.fromString(id), List.of())
                .stream().map(ConflictKey::value).sorted().toList());
        assertTrue(found.holdings().containsKey(UUID.fromString(id)));
    }

    @Test
    void aCheckShowsTheTenBestOfMoreTyposWithTheirHolders() {
        String stem = ConflictCheckTest.chineseName().substring(0, 3);
        Org.Person rep = Org.rep();
        List<String> names = new ArrayList<>();
        for (char c : "甲乙丙丁戊己庚辛壬癸子丑".toCharArray()) {
            names.add(stem + c + "环保科技有限公司");
            Api.as(rep.auth()).queryParam("acknowledgeSimilar", "true").body(Customers.body(names.get(names.size() - 1)))
                    .post("/api/v1/customers").then().statusCode(201);
        }
        JsonPath answer = ConflictCheckTest.check(Org.ADMIN, Map.of("name", stem + "寅环保科技有限公司"));
        assertEquals("WARNING", answer.getString("decision"));
        assertEquals(ConflictService.MAX_SIMILAR, answer.getList("matches").size());
        for (int i = 0; i < ConflictService.MAX_SIMILAR; i++) {
            String match = "matches[" + i + "].";
            assertTrue(names.contains(answer.getString(match + "name")), answer.getString(match + "name"));
            assertEquals("User " + rep.login(), answer.getString(match + "holder.displayName"));
            assertEquals("LEAD", answer.getString(match + "status"));
        }
    }

    private record Probe(List<ConflictKey> keys, String core, String parent, UUID self) {
    }

    /** The rows of the old statement for the probe, as (src, id, core, similarity, kind, value, holding...). */
    private static List<List<Object>> before(Connection connection, Probe probe) throws SQLException {
        Map<String, Object> params = new HashMap<>();
        params.put("core", probe.core());
        params.put("parent", probe.parent());
        params.put("threshold", 0.55);
        params.put("self", probe.self());
        params.put("similarLimit", ConflictService.MAX_SIMILAR);
        params.put("typoLimit", 100);
        params.put("kinds", connection.createArrayOf("text", probe.keys().stream().map(k -> k.kind().name())
                .toArray(String[]::new)));
        params.put("values", connection.createArrayOf("text", probe.keys().stream().map(ConflictKey::value)
                .toArray(String[]::new)));
        Matcher names = Pattern.compile(":(\\w+)").matcher(BEFORE);
        List<Object> bound = new ArrayList<>();
        while (names.find()) {
            bound.add(params.get(names.group(1)));
        }
        List<List<Object>> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(names.replaceAll("?"))) {
            for (int i = 0; i < bound.size(); i++) {
                statement.setObject(i + 1, bound.get(i));
            }
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    List<Object> row = new ArrayList<>();
                    row.add(result.getInt(1));
                    row.add(result.getObject(2));
                    row.add(result.getString(3));
                    row.add(result.getObject(4) == null ? null : ((Number) result.getObject(4)).doubleValue());
                    row.add(result.getString(5));
                    row.add(result.getString(6));
                    row.add(new Holding((UUID) result.getObject(2), result.getString(7), result.getString(8),
                            (UUID) result.getObject(9), result.getString(10), result.getString(11)));
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** The same rows from what the repository found and the holdings read for its typos. */
    private static List<List<Object>> rows(Found found, Map<UUID, Holding> holdings) {
        List<List<Object>> rows = new ArrayList<>();
        found.similar().forEach(hit -> rows.add(row(1, hit.customerId(), hit.coreName(), hit.similarity(), null, holdings)));
        found.typos().forEach(hit -> rows.add(row(2, hit.customerId(), hit.coreName(), hit.similarity(), null, holdings)));
        found.parents().forEach(id -> rows.add(row(3, id, null, null, null, holdings)));
        found.branches().forEach(id -> rows.add(row(4, id, null, null, null, holdings)));
        found.exact().forEach((id, keys) -> keys.forEach(key -> rows.add(row(5, id, null, null, key, holdings))));
        return rows;
    }

    /** The rows with the exact keys' (last) in one order: the statement leaves it free, and Found keeps them by customer. */
    private static List<List<Object>> exactByIdAndValue(List<List<Object>> rows) {
        List<List<Object>> sorted = new ArrayList<>(rows.stream().filter(row -> !row.get(0).equals(5)).toList());
        rows.stream().filter(row -> row.get(0).equals(5))
                .sorted(Comparator.comparing((List<Object> row) -> row.get(1).toString()).thenComparing(row -> (String) row.get(5)))
                .forEach(sorted::add);
        return sorted;
    }

    private static List<Object> row(int src, UUID id, String core, Double similarity, ConflictKey key,
            Map<UUID, Holding> holdings) {
        List<Object> row = new ArrayList<>();
        row.add(src);
        row.add(id);
        row.add(core);
        row.add(similarity);
        row.add(key == null ? null : key.kind().name());
        row.add(key == null ? null : key.value());
        row.add(holdings.get(id));
        return row;
    }
}
