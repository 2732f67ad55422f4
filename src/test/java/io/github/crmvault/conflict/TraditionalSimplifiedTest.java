package io.github.crmvault.conflict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.ibm.icu.text.Transliterator;
import org.junit.jupiter.api.Test;

/**
 * The checked-in table (traditional-simplified.txt) is ICU's Traditional-Simplified transliterator,
 * character by character, and that transliterator uses no context: so the table is the transliterator.
 * Regenerate the table when ICU is upgraded and this fails.
 */
class TraditionalSimplifiedTest {
    // A Transliterator is not safe for concurrent use; this test uses one on one thread.
    private final Transliterator icu = Transliterator.getInstance("Traditional-Simplified");

    @Test
    void everyCodePointMapsAsIcuDoes() {
        for (int cp = 0; cp <= 0x3FFFF; cp++) {
            int type = Character.getType(cp);
            if (type == Character.UNASSIGNED || type == Character.SURROGATE) {
                continue;
            }
            String text = new String(Character.toChars(cp));
            assertEquals(icu.transliterate(text), Normalizer.simplified(text), () -> "U+" + Integer.toHexString(text.codePointAt(0)));
        }
    }

    @Test
    void wholeNamesMapAsIcuDoes() {
        for (String name : new String[] {"杭州雲棲網絡科技有限公司", "臺灣積體電路製造股份有限公司", "乾隆後裡頭髮發展麵條瞭解",
                "香港上海滙豐銀行有限公司", "already simplified 网络科技"}) {
            assertEquals(icu.transliterate(name), Normalizer.simplified(name));
        }
    }
}
