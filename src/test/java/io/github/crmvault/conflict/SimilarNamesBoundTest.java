package io.github.crmvault.conflict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * conflict_similar_names (V45) reads only names whose trigram count and shared trigrams could reach the
 * threshold: its answer must be every name whose similarity() reaches it, as a scan of all names finds them,
 * whatever conflict_common_trigram says is common, and right at the threshold too.
 */
@QuarkusTest
class SimilarNamesBoundTest {
    private static final String NOBODY = "00000000-0000-0000-0000-000000000000";

    @Inject
    DataSource db;
    @Inject
    CommonTrigramsJob commonTrigrams;

    @Test
    void theBoundedLookupFindsWhatAScanOfEveryNameFinds() throws SQLException {
        Random random = new Random();
        String word = rareHan(random, 4) + "管理"; // a long business word many names share
        String[] c = rareHan(random, 9).split("");
        String ascii = rareAscii(random, 5);
        // Long enough that with its trigrams common the lookup takes every trigram alone (V46).
        String longName = rareHan(random, 150);
        // Normalised names as the key tables could hold them: one- to three-character trade names before the
        // shared word (the 荷供应链管理 case), the word alone and longer, a typo, Latin letters, digits and
        // spaces beside Han (two words for pg_trgm), upper case, repeated characters, one and two characters.
        List<String> cores = List.of(c[0] + word, c[1] + c[2] + word, c[3] + c[4] + c[5] + word, word, word + c[6],
                c[0] + word + c[7], c[1] + word.substring(0, 2) + c[8] + word.substring(3), "ab" + word, "ab " + word,
                ascii + " def " + c[0] + word, ascii, ascii.substring(0, 2), c[0], c[0] + c[1], word + "-zz",
                ascii.toUpperCase() + word, c[2] + c[2] + c[2] + c[2], word + word.substring(1) + c[3], "1234" + c[4],
                ascii + " " + ascii.substring(1) + " " + c[5], longName, longName.substring(2) + c[0]);
        List<String> probes = new ArrayList<>(cores);
        probes.addAll(List.of(c[8] + word, c[7] + c[8] + word, word.substring(1), ascii + "x", c[0] + " " + word, longName.substring(1) + c[1]));

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < cores.size(); i++) {
            ids.add(Api.as(Org.ADMIN).queryParam("acknowledgeSimilar", "true").body(Customers.body(rareHan(random, 6)))
                    .post("/api/v1/customers").then().statusCode(201).extract().<String>path("id"));
        }
        try (Connection connection = db.getConnection()) {
            connection.setAutoCommit(false);
            try {
                // The crafted names replace the customers' own for this transaction only (rolled back below).
                for (int i = 0; i < cores.size(); i++) {
                    execute(connection, "UPDATE customer_name SET core_name = ? WHERE customer_id = CAST(? AS uuid)",
                            cores.get(i), ids.get(i));
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("DISCARD PLANS"); // plan the function's queries with the index in use
                    statement.execute("SET LOCAL enable_seqscan = off");
                }
                // Per probe: every name sharing a trigram with it, in the function's order, with its similarity as
                // float8 (as ">=" compares it with the threshold; the hints do not change these), and
                // the thresholds to try: the usual ones and every similarity a crafted name has to it, on which a
                // name whose similarity float4 division rounded up onto it must still be found.
                Map<String, List<String[]>> scanned = new HashMap<>();
                Map<String, Set<String>> thresholds = new HashMap<>();
                for (String probe : probes) {
                    scanned.put(probe, Sql.strings(connection, "SELECT CAST(similarity(core_name, ?) AS float8)"
                            + " || ' ' || customer_id || ' ' || similarity(core_name, ?) FROM customer_name"
                            + " WHERE similarity(core_name, ?) > 0 ORDER BY similarity(core_name, ?) DESC, customer_id",
                            probe, probe, probe, probe).stream().map(row -> row.split(" ", 2)).toList());
                    Set<String> tried = new LinkedHashSet<>(List.of("0.55", "0.3", "0.8", "1"));
                    tried.addAll(Sql.strings(connection, "SELECT DISTINCT CAST(similarity(core_name, ?) AS float8)"
                            + " FROM customer_name WHERE customer_id = ANY(CAST(? AS uuid[])) AND similarity(core_name, ?) > 0",
                            probe, "{" + String.join(",", ids) + "}", probe));
                    thresholds.put(probe, tried);
                }
                int similarFound = 0;
                for (String hints : List.of("as they are", "every trigram common", "half of them common")) {
                    if (hints.equals("every trigram common")) {
                        execute(connection, "INSERT INTO conflict_common_trigram (trigram, names) SELECT g, count(*)"
                                + " FROM customer_name, unnest(show_trgm(core_name)) AS g GROUP BY g"
                                + " ON CONFLICT (trigram) DO UPDATE SET names = excluded.names");
                    } else if (hints.equals("half of them common")) {
                        execute(connection, "DELETE FROM conflict_common_trigram WHERE hashtext(trigram) % 2 = 0");
                    }
                    for (String probe : probes) {
                        for (String threshold : thresholds.get(probe)) {
                            List<String> bounded = Sql.strings(connection, "SELECT hit_id || ' ' || hit_similarity"
                                    + " FROM conflict_similar_names(?, CAST(? AS float8), CAST(? AS uuid), 100000)",
                                    probe, threshold, NOBODY);
                            List<String> expected = scanned.get(probe).stream()
                                    .filter(row -> Double.parseDouble(row[0]) >= Double.parseDouble(threshold))
                                    .map(row -> row[1]).toList();
                            assertEquals(expected, bounded, "similar names of '" + probe + "' at " + threshold + ", hints " + hints);
                            similarFound += bounded.size() > 1 ? 1 : 0;
                        }
                    }
                }
                assertTrue(similarFound > 100, "many probes have similar names at some threshold: " + similarFound);
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }

    @Test
    void aRefreshCountsTheCommonTrigramsOncePerPeriod() {
        Integer common = commonTrigrams.refresh("0 s");
        assertNotNull(common, "a refresh when none is recent");
        assertEquals(List.of(), Sql.strings(db, "(SELECT trigram || ' ' || names FROM conflict_common_trigram"
                + " EXCEPT SELECT g || ' ' || count(*) FROM customer_name, unnest(show_trgm(core_name)) AS g GROUP BY g"
                + " HAVING count(*) >= 50) UNION ALL (SELECT g || ' ' || count(*) FROM customer_name,"
                + " unnest(show_trgm(core_name)) AS g GROUP BY g HAVING count(*) >= 50"
                + " EXCEPT SELECT trigram || ' ' || names FROM conflict_common_trigram)"), "the trigrams of 50 names or more");
        assertEquals(common.longValue(), ((Number) Sql.value(db, "SELECT count(*) FROM conflict_common_trigram")).longValue());
        assertNull(commonTrigrams.refresh("1h"), "no second refresh within the hour while the names stay as many");
    }

    @Test
    void aRefreshComesEarlyWhenTheNamesChangedByAQuarterOrTheirNumberIsUnknown() {
        assertNotNull(commonTrigrams.refresh("0 s"));
        long names = ((Number) Sql.value(db, "SELECT count(*) FROM customer_name")).longValue();
        assertEquals(names, ((Number) Sql.value(db, "SELECT names FROM conflict_common_trigram_refresh")).longValue(),
                "the count remembers how many names it saw");
        Sql.update(db, "UPDATE conflict_common_trigram_refresh SET names = ?", 4 * names + 100_000);
        assertNotNull(commonTrigrams.refresh("6h"), "names shrank to under a quarter of the last count's: count again");
        Sql.update(db, "UPDATE conflict_common_trigram_refresh SET names = NULL");
        assertNotNull(commonTrigrams.refresh("6h"), "the state V45 left (number unknown): count again");
        assertNull(commonTrigrams.refresh("6h"), "a recent count of as many names: skip");
    }

    private static void execute(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            statement.execute();
        }
    }

    /** Han characters from a block the other tests' names do not use, so the names are alike only among themselves. */
    private static String rareHan(Random random, int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            char next = (char) (0x9000 + random.nextInt(0x0800));
            if (text.indexOf(String.valueOf(next)) < 0) {
                text.append(next);
            }
        }
        return text.toString();
    }

    private static String rareAscii(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) ('q' + random.nextInt(10)));
        }
        return text.toString();
    }
}
