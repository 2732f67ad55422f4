package io.github.crmvault.customer;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A unified social credit code (统一社会信用代码): 18 characters ending in the GB 32100-2015 check character. */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = CreditCode.Validator.class)
public @interface CreditCode {
    /** The characters and length the validator takes (before it checks the check character), for the contract. */
    String PATTERN = "^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$";

    String message() default "is not a valid unified social credit code (18 characters with the GB 32100-2015 check character)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<CreditCode, String> {
        /** The 31 characters of the code, excluding I, O, Z, S and V; a character's value is its index. */
        private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        public static final char NOT_A_CODE = '?';
        private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || isValid(value);
        }

        static boolean isValid(String code) {
            String upper = code.strip().toUpperCase(java.util.Locale.ROOT);
            if (upper.length() != 18) {
                return false;
            }
            char check = checkCharacter(upper.substring(0, 17));
            return check != NOT_A_CODE && upper.charAt(17) == check;
        }

        /** The check character of a code's first 17 characters; {@link #NOT_A_CODE} if one is not of the alphabet. */
        public static char checkCharacter(String first17) {
            int sum = 0;
            for (int i = 0; i < 17; i++) {
                int value = ALPHABET.indexOf(first17.charAt(i));
                if (value < 0) {
                    return NOT_A_CODE;
                }
                sum += value * WEIGHTS[i];
            }
            return ALPHABET.charAt((31 - sum % 31) % 31);
        }
    }
}
