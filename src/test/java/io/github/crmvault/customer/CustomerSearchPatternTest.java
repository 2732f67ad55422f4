package io.github.crmvault.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** q= becomes a LIKE pattern: phone-like input matches digits, anything else the lower-cased name. */
class CustomerSearchPatternTest {

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "   ", "\t"})
    void noSearchWithoutText(String q) {
        assertNull(CustomerService.searchPattern(q));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // phone-like input: only its digits are searched
            "138 0013 8000       | %13800138000%",
            "13800138000         | %13800138000%",
            "0013 8000           | %00138000%",
            "+86 (138) 0013-8000 | %8613800138000%",
            "(0571) 8888-0000    | %057188880000%",
            "'  138-0013  ' | %1380013%",
            "123                 | %123%",
            // not phone-like: lower-cased text
            "巴巴网络             | %巴巴网络%",
            "浙江省杭州市阿里巴巴   | %浙江省杭州市阿里巴巴%",
            "ACME Ltd            | %acme ltd%",
            "12                  | %12%",
            "360安全              | %360安全%",
            "3M                  | %3m%",
            "'  Alibaba  ' | %alibaba%",
    })
    void patternOf(String q, String expected) {
        assertEquals(expected, CustomerService.searchPattern(q));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // LIKE wildcards in the input are literal characters, not wildcards
            "100%       | %100\\%%",
            "%          | %\\%%",
            "a_b        | %a\\_b%",
            "_          | %\\_%",
            "a\\b       | %a\\\\b%",
            "%_\\       | %\\%\\_\\\\%",
            "50% OFF_X  | %50\\% off\\_x%",
    })
    void escapesLikeWildcards(String q, String expected) {
        assertEquals(expected, CustomerService.searchPattern(q));
    }
}
