package io.github.crmvault.common.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.util.ClassUtil;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

/**
 * Checks every number, date and string of a request body as it is read, whatever record it lands
 * in, and answers a 400 that names the field:
 * <ul>
 * <li>a number has at most {@value #MAX_DIGITS} significant digits and an exponent within
 * ±{@value #MAX_EXPONENT}: {@code 1e-10000000} parses in no time but costs seconds of CPU in any
 * later arithmetic (rounding, scaling);</li>
 * <li>a date or instant is a string (not epoch seconds, not an array) in the years of {@link Dates};</li>
 * <li>a string holds neither NUL nor an unpaired surrogate ({@link Texts}).</li>
 * </ul>
 */
public final class JsonInputGuard extends SimpleModule {
    static final int MAX_DIGITS = 40;
    static final int MAX_EXPONENT = 40;

    public JsonInputGuard() {
        super("JsonInputGuard");
        setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                    JsonDeserializer<?> deserializer) {
                Class<?> raw = description.getBeanClass();
                Class<?> type = raw.isPrimitive() ? ClassUtil.wrapperType(raw) : raw;
                if (type == String.class) {
                    return new Guarded(deserializer, Kind.TEXT);
                }
                if (Number.class.isAssignableFrom(type)) {
                    return new Guarded(deserializer, Kind.NUMBER);
                }
                if (type == LocalDate.class) {
                    return new Guarded(deserializer, Kind.DATE);
                }
                if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class
                        || type == LocalDateTime.class) {
                    return new Guarded(deserializer, Kind.DATE_TIME);
                }
                return deserializer;
            }
        });
    }

    /** A value the guard refused; its message is meant for the client, next to the field's path. */
    public static final class Refused extends JsonMappingException {
        Refused(JsonParser parser, String message) {
            super(parser, message);
        }
    }

    enum Kind { TEXT, NUMBER, DATE, DATE_TIME }

    /** Why a JSON number's literal is refused, or null. The literal's length is bounded by the parser. */
    static String numberProblem(String literal) {
        BigDecimal value;
        try {
            value = new BigDecimal(literal);
        } catch (NumberFormatException e) {
            return null; // not a plain literal (NaN when allowed): the value deserializer decides
        }
        int exponent = value.precision() - value.scale() - 1;
        if (value.precision() > MAX_DIGITS || Math.abs(exponent) > MAX_EXPONENT) {
            return "is not a number this API accepts: at most " + MAX_DIGITS + " significant digits and a magnitude"
                    + " from 1e-" + MAX_EXPONENT + " to 1e" + MAX_EXPONENT;
        }
        return null;
    }

    private static final class Guarded extends DelegatingDeserializer {
        private final Kind kind;

        Guarded(JsonDeserializer<?> delegate, Kind kind) {
            super(delegate);
            this.kind = kind;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new Guarded(delegate, kind);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (kind == Kind.NUMBER && token != null && token.isNumeric()) {
                refuseIf(p, numberProblem(p.getText()));
            }
            if ((kind == Kind.DATE || kind == Kind.DATE_TIME) && token != JsonToken.VALUE_STRING
                    && token != JsonToken.VALUE_NULL) {
                refuseIf(p, kind == Kind.DATE ? Dates.DATE_EXPECTED : Dates.INSTANT_EXPECTED);
            }
            Object value = super.deserialize(p, ctxt);
            if (value instanceof String text) {
                refuseIf(p, Texts.problem(text));
            } else if (value instanceof LocalDate date && !Dates.inRange(date)) {
                refuseIf(p, Dates.DATE_EXPECTED);
            } else if (kind == Kind.DATE_TIME && value != null && !Dates.inRange(instantOf(value))) {
                refuseIf(p, Dates.INSTANT_EXPECTED);
            }
            return value;
        }

        private static Instant instantOf(Object value) {
            if (value instanceof Instant instant) {
                return instant;
            }
            if (value instanceof OffsetDateTime offset) {
                return offset.toInstant();
            }
            if (value instanceof ZonedDateTime zoned) {
                return zoned.toInstant();
            }
            return ((LocalDateTime) value).toInstant(java.time.ZoneOffset.UTC);
        }

        private static void refuseIf(JsonParser p, String problem) throws Refused {
            if (problem != null) {
                throw new Refused(p, problem);
            }
        }
    }
}
