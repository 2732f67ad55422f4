package io.github.crmvault.common.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Amounts of money are decimal strings on the wire, both ways ({@code "128000.00"}): a JSON number is
 * a binary float in most clients (0.1 + 0.2 is 0.30000000000000004), so it is refused, never rounded.
 * Annotate a BigDecimal field with {@code @JsonDeserialize(using = Money.Reader.class)},
 * {@code @JsonSerialize(using = Money.Writer.class)} and a schema of {@link #PATTERN}.
 */
public final class Money {
    /** Up to 12 integer digits and 2 decimals: the columns' NUMERIC(14, 2). */
    public static final String PATTERN = "^(0|[1-9][0-9]{0,11})(\\.[0-9]{1,2})?$";
    public static final String DESCRIPTION = "A decimal string (not a JSON number): up to 12 digits, a point and at"
            + " most 2 decimals, e.g. \"128000.00\" or \"19.9\"";
    public static final String RESPONSE_DESCRIPTION = "A decimal string with exactly 2 decimals, e.g. \"128000.00\"";
    static final String NUMBER_REFUSED = "must be a decimal string such as \"19.99\", not a JSON number";
    static final String FORMAT_REFUSED = "must be a decimal string of up to 12 digits and at most 2 decimals,"
            + " such as \"19.99\"";
    private static final java.util.regex.Pattern FORMAT = java.util.regex.Pattern.compile(PATTERN);

    private Money() {
    }

    public static final class Reader extends JsonDeserializer<BigDecimal> {
        @Override
        public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw new JsonInputGuard.Refused(p, p.currentToken().isNumeric() ? NUMBER_REFUSED : FORMAT_REFUSED);
            }
            String text = p.getText();
            if (!FORMAT.matcher(text).matches()) {
                throw new JsonInputGuard.Refused(p, FORMAT_REFUSED);
            }
            return new BigDecimal(text);
        }
    }

    public static final class Writer extends JsonSerializer<BigDecimal> {
        @Override
        public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.setScale(2, RoundingMode.HALF_EVEN).toPlainString());
        }
    }
}
