package io.github.crmvault.visit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.github.crmvault.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * V54 rewrote note_bigrams, the expression of the note index, in PL/pgSQL without rebuilding the index:
 * the index is right only if the new function gives every note exactly the bigrams V9's SQL body gave.
 */
@QuarkusTest
class NoteBigramsTest {
    /** V9's function, word for word from its migration, under a session-local name. */
    private static String v9Function() throws IOException {
        String migration;
        try (InputStream in = NoteBigramsTest.class.getResourceAsStream("/db/migration/V9__visit_note_search.sql")) {
            migration = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int start = migration.indexOf("CREATE FUNCTION note_bigrams(");
        int bodyStart = migration.indexOf("$$", start);
        String function = migration.substring(start, migration.indexOf("$$", bodyStart + 2) + 2);
        return function.replace("CREATE FUNCTION note_bigrams(", "CREATE OR REPLACE FUNCTION pg_temp.note_bigrams_v9(");
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aNotesBigramsAreItsLowerCasedPairsAtEvenThenOddOffsets() {
        assertEquals("{ab,cd,华为,bc,d华}", Sql.value(dataSource, "SELECT CAST(note_bigrams('AbCd华为') AS text)"));
        assertEquals("{}", Sql.value(dataSource, "SELECT CAST(note_bigrams('A') AS text)"), "one character, no pair");
    }

    @Test
    void everyNoteGetsTheBigramsOfV9() throws SQLException, IOException {
        List<String> notes = new ArrayList<>(Arrays.asList(null, "", "a", "ab", "abc", " ", "\u0001", "a\u0001b\u0001",
                "\u0001\u0001\u0001", "ABC DEF\tGHI\nJ", "İstanbul ẞtraße ΣΑΣ", "华为", "华为云", "用友U8报价",
                "𠮷野家𠮷", "😀a😀", "  华 为  ", "今天上午到客户公司拜访，见到了采购部负责人。下一步：三天内发送正式报价单。"));
        // Random strings over the characters that matter: ASCII of both cases, the separator the function
        // uses, whitespace, letters lower() folds to two or no letters elsewhere, Han, and outside the BMP.
        int[] alphabet = "aAzZ09 \t\n\u0001\u3000İıßẞΣς华为报价用友😀𠮷".codePoints().toArray();
        Random random = new Random(54);
        for (int i = 0; i < 2000; i++) {
            StringBuilder note = new StringBuilder();
            for (int length = random.nextInt(12); length > 0; length--) {
                note.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
            }
            notes.add(note.toString());
        }
        try (Connection connection = dataSource.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(v9Function());
            }
            try {
                Array all = connection.createArrayOf("text", notes.toArray());
                List<String> differ = Sql.strings(connection, "SELECT coalesce(n, 'NULL') FROM unnest(CAST(? AS text[])) n"
                        + " WHERE note_bigrams(n) IS DISTINCT FROM pg_temp.note_bigrams_v9(n)", all);
                assertEquals(List.of(), differ, "notes whose bigrams changed");
                // Not a comparison of empty arrays: most random notes have pairs.
                long withPairs = Long.parseLong(Sql.strings(connection, "SELECT count(*) FROM unnest(CAST(? AS text[])) n"
                        + " WHERE cardinality(note_bigrams(n)) > 0", all).get(0));
                assertTrue(withPairs > 1000, withPairs + " notes with bigrams");
            } finally {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("DROP FUNCTION pg_temp.note_bigrams_v9(text)");
                }
            }
        }
    }
}
