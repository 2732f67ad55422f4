package io.github.crmvault.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.crmvault.common.security.PersonalData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How masked contact data looks: enough to recognise a known number, never enough to call a new one. */
class PersonalDataTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "13812348000|138****8000",
            "138 1234 8000|138 **** 8000",
            "+86 138-1234-8000|+86 1**-****-8000",
            "0571-88886666|057*-****6666",
            "(0571) 8888 6666|(057*) **** 6666",
            "8888 6666|**** **66",
            "123456|****56",
            "12345|*****",
            "110|***",
    })
    void phonesKeepAtMostTheirEdges(String phone, String masked) {
        assertEquals(masked, PersonalData.phone(phone));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "zhang@example.cn|z***@example.cn",
            "a@example.cn|***@example.cn",
            "wang.fang+crm@sub.example.cn|w***@sub.example.cn",
    })
    void emailsKeepTheirDomain(String email, String masked) {
        assertEquals(masked, PersonalData.email(email));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "wangfang-wx|w***",
            "x|***",
            "王芳微信|王***",
            "😀smile|😀***",
    })
    void messagingIdsKeepTheirFirstCharacter(String id, String masked) {
        assertEquals(masked, PersonalData.handle(id));
    }

    @Test
    void absentValuesStayAbsent() {
        assertNull(PersonalData.email(null));
        assertNull(PersonalData.handle(null));
    }
}
