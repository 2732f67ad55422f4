package io.github.crmvault.visit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.github.crmvault.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A term of Han characters only is looked for in the note as written, any other term in the lower-cased
 * note ({@link NoteSearch#matches}). Both give the same hits only if the database's lower() neither
 * changes a Han character nor makes one out of anything else: checked here for every code point.
 */
@QuarkusTest
class NoteSearchCaseTest {
    @Inject
    AgroalDataSource dataSource;

    @Test
    void lowerNeitherChangesNorMakesAHanCharacter() {
        // Every code point (surrogates have no character) that lower() changes, followed by what it makes of it.
        List<String> changed = Sql.strings(dataSource, "SELECT chr(x) || lower(chr(x)) FROM generate_series(1, 1114111) x"
                + " WHERE (x < 55296 OR x > 57343) AND lower(chr(x)) <> chr(x)");
        // The database's lower() folds more than ASCII, or this would prove little.
        assertTrue(changed.size() > 1000, changed.size() + " code points changed by lower()");
        for (String pair : changed) {
            assertFalse(pair.codePoints().anyMatch(c -> NoteSearch.hanOnly(Character.toString(c))), pair);
        }
    }

    @Test
    void termsOfHanCharactersOnlyAreLookedForAsWritten() {
        assertTrue(NoteSearch.hanOnly("华为"));
        assertTrue(NoteSearch.hanOnly("𠮷野家"));
        assertFalse(NoteSearch.hanOnly("用友U8"));
        assertFalse(NoteSearch.hanOnly("报价，"));
    }
}
