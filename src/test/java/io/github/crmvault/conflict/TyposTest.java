package io.github.crmvault.conflict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One edit apart: exactly one substitution, insertion, deletion or swap of neighbours, in code points. */
class TyposTest {

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "云栖网络科技 | 云栖网络料技 | true",   // substitution
            "云栖网络科技 | 云栖网科技   | true",   // deletion
            "云栖网络科技 | 云栖网络络科技 | true", // insertion
            "云栖网络科技 | 云栖络网科技 | true",   // swap of neighbours
            "云栖网络科技 | 栖云网络科技 | true",   // swap at the start
            "云栖网络科技 | 云栖网络技科 | true",   // swap at the end
            "云栖网络科技 | 云栖网络科技a | true",  // one more at the end
            "云栖网络科技 | a云栖网络科技 | true",  // one more at the start
            "云栖网络科技 | 云栖网络科技 | false",  // equal: that is the exact key, not a typo
            "云栖网络科技 | 云溪网络料技 | false",  // two substitutions
            "云栖网络科技 | 网络科技云栖 | false",
            "云栖网络科技 | 云栖网   | false",      // three deletions
            "云栖网络科技 | 络网栖云科技 | false",
            "abcd | acbd | true",
            "abcd | abdc | true",
            "abcd | badc | false",                   // two swaps
            "abcd | abc  | true",
            "abcd | xabc | false",                   // shares the variant abc, but is two edits away
            "𠀀𠀁𠀂𠀃 | 𠀀𠀁𠀂𠀄 | true",            // code points beyond the BMP count one each
    })
    void oneEditApart(String a, String b, boolean expected) {
        assertEquals(expected, Typos.oneEditApart(a, b));
        assertEquals(expected, Typos.oneEditApart(b, a));
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "云栖网络科技 | 云栖网络料技 | 0.8333",
            "abcd | abc | 0.75",
            "𠀀𠀁𠀂𠀃 | 𠀀𠀁𠀂𠀄 | 0.75",
    })
    void scoreIsOneMinusOneEditOverTheLongerLength(String a, String b, double expected) {
        assertEquals(expected, Typos.score(a, b), 0.0001);
    }
}
