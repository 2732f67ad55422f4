package io.github.crmvault.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The unified social credit code check (GB 32100-2015), against an independent implementation of
 * the standard: the 31-character alphabet without I, O, Z, S, V; weights 3^i mod 31; check
 * character (31 - sum mod 31) mod 31.
 */
class CreditCodeValidatorTest {
    private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /** The check character of 17 characters, computed from the standard's definition. */
    static char checkChar(String first17) {
        int sum = 0;
        int weight = 1;
        for (int i = 0; i < 17; i++) {
            sum += ALPHABET.indexOf(first17.charAt(i)) * weight;
            weight = weight * 3 % 31;
        }
        return ALPHABET.charAt((31 - sum % 31) % 31);
    }

    static String withCheck(String first17) {
        return first17 + checkChar(first17);
    }

    /** Real, published codes (the textbook example and several well-known companies). */
    static Stream<String> publishedCodes() {
        return Stream.of("91350100M000100Y43", "91330100799655058B", "9144030071526726XG", "91110108551385082Q",
                "911100001000079554");
    }

    /** Codes built with the independent implementation, over every registration authority kind and character. */
    static Stream<String> computedCodes() {
        return Stream.of("91330106MA2B0XXX0", "12100000400000371", "5133010050000123A", "Y1440300MA5EXAMPL",
                "N2110000000000000", "11100000000013127", "31330000MA27U1KQ8", "93440300MA5D7C0H1",
                "9133010870800000T").map(CreditCodeValidatorTest::withCheck);
    }

    static Stream<String> validCodes() {
        return Stream.concat(publishedCodes(), computedCodes());
    }

    @Test
    void theIndependentImplementationAgreesWithThePublishedExample() {
        assertEquals('3', checkChar("91350100M000100Y4"));
        publishedCodes().forEach(code -> assertEquals(code.charAt(17), checkChar(code.substring(0, 17)), code));
    }

    @ParameterizedTest
    @MethodSource("validCodes")
    void acceptsValidCodes(String code) {
        assertTrue(CreditCode.Validator.isValid(code), code);
    }

    @ParameterizedTest
    @MethodSource("validCodes")
    void acceptsLowercase(String code) {
        assertTrue(CreditCode.Validator.isValid(code.toLowerCase(Locale.ROOT)), code.toLowerCase(Locale.ROOT));
    }

    @ParameterizedTest
    @MethodSource("validCodes")
    void acceptsSurroundingWhitespace(String code) {
        assertTrue(CreditCode.Validator.isValid("  " + code + " "), code);
    }

    static Stream<Arguments> wrongCheckCharacters() {
        List<Arguments> cases = new ArrayList<>();
        validCodes().forEach(code -> {
            for (char c : (ALPHABET + "IOZSV").toCharArray()) {
                if (c != code.charAt(17)) {
                    cases.add(Arguments.of(code.substring(0, 17) + c));
                }
            }
        });
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("wrongCheckCharacters")
    void rejectsAWrongCheckCharacter(String code) {
        assertFalse(CreditCode.Validator.isValid(code), code);
    }

    @ParameterizedTest
    @MethodSource("validCodes")
    void rejectsASingleChangedCharacter(String code) {
        // The weighted sum mod 31 detects every single-character substitution.
        for (int i = 0; i < 17; i++) {
            char original = code.charAt(i);
            char other = ALPHABET.charAt((ALPHABET.indexOf(original) + 1) % ALPHABET.length());
            String changed = code.substring(0, i) + other + code.substring(i + 1);
            assertFalse(CreditCode.Validator.isValid(changed), changed);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "9", "91350100M000100Y4", "91350100M000100Y433", "91350100M000100Y43A",
            "0000000000000000000", "91350100M000100Y43 91350100M000100Y43"})
    void rejectsAWrongLength(String code) {
        assertFalse(CreditCode.Validator.isValid(code), "'" + code + "'");
    }

    @Test
    void rejectsSeventeenCharactersWhateverTheirCheck() {
        assertFalse(CreditCode.Validator.isValid("91350100M000100Y4"));
        assertFalse(CreditCode.Validator.isValid("1350100M000100Y43"));
    }

    static Stream<Arguments> forbiddenLetters() {
        List<Arguments> cases = new ArrayList<>();
        for (char letter : "IOZSVioszv".toCharArray()) {
            for (int position : new int[] {0, 1, 8, 16}) {
                cases.add(Arguments.of(letter, position));
            }
        }
        return cases.stream();
    }

    /** I, O, Z, S and V are not in the alphabet: no check character can make such a code valid. */
    @ParameterizedTest
    @MethodSource("forbiddenLetters")
    void rejectsForbiddenLetters(char letter, int position) {
        String base = "91350100M000100Y4";
        String first17 = base.substring(0, position) + letter + base.substring(position + 1);
        for (char check : (ALPHABET + "IOZSV").toCharArray()) {
            assertFalse(CreditCode.Validator.isValid(first17 + check), first17 + check);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"9135010OM000100Y43", "91350100M000100Y4I", "91350100M000100Y4O", "91350100M000100Y4Z",
            "91350100M000100Y4S", "91350100M000100Y4V"})
    void rejectsForbiddenLettersInPlaceOfADigitOrTheCheck(String code) {
        assertFalse(CreditCode.Validator.isValid(code), code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"９１350100M000100Y43", "91350100M000100Y4３", "91350100M000100Y4-", "91350100M000-00Y43",
            "91350100M000100Y4\u00e9", "913501 0M000100Y43", "9135010OM000100Y4?", "91350100M000-00Y4?"})
    void rejectsCharactersOutsideTheAlphabet(String code) {
        assertFalse(CreditCode.Validator.isValid(code), code);
    }

    @Test
    void aMissingCodeIsAllowedBecauseTheFieldIsOptional() {
        assertTrue(new CreditCode.Validator().isValid(null, null));
        assertFalse(new CreditCode.Validator().isValid("91350100M000100Y44", null));
        assertTrue(new CreditCode.Validator().isValid("91350100M000100Y43", null));
    }
}
