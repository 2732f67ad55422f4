package io.github.crmvault.conflict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exact keys reach the one-statement check (ConflictRepository.FIND) as text[] literals: every
 * element quoted, so that commas, braces, spaces, quotes and backslashes stay inside their element.
 */
class ConflictRepositoryTextArrayTest {

    @Test
    void quotesEveryElementAndEscapesQuotesAndBackslashes() {
        assertEquals("{}", ConflictRepository.textArray(List.of()));
        assertEquals("{\"NAME\",\"PHONE\"}", ConflictRepository.textArray(List.of("NAME", "PHONE")));
        assertEquals("{\"a,b\",\"{c}\",\" d \",\"NULL\"}", ConflictRepository.textArray(List.of("a,b", "{c}", " d ", "NULL")));
        assertEquals("{\"say \\\"hi\\\"\",\"c:\\\\x\"}", ConflictRepository.textArray(List.of("say \"hi\"", "c:\\x")));
        assertEquals("{\"云栖科技\"}", ConflictRepository.textArray(List.of("云栖科技")));
    }
}
