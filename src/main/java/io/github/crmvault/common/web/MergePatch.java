package io.github.crmvault.common.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * JSON Merge Patch (RFC 7396) of a PUT body: PATCH changes the members it names, {@code null}
 * clears one, arrays are replaced whole. The patch is applied to the record's current fields as the
 * PUT body would carry them and read back into that body's type, so a patched body passes the same
 * checks as a PUT body (StrictJson, {@link JsonInputGuard}, Bean Validation) and goes the same way
 * through the service.
 */
@ApplicationScoped
public class MergePatch {
    public static final String MEDIA_TYPE = "application/merge-patch+json";

    private final ObjectMapper mapper;
    private final Validator validator;

    @Inject
    MergePatch(ObjectMapper mapper, Validator validator) {
        // Decimals stay as written, as in a PUT body: read as doubles, a latitude of 30.2740855 would
        // round to another number than PUT makes of it.
        this.mapper = mapper.copy().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
        this.validator = validator;
    }

    /**
     * Reads a merge patch of a {@code type} body: 400 unless it is a JSON object whose members are
     * fields of {@code type} with values of their types (as a PUT body's). Returns what applies it to
     * a record's current body; the result is validated like a PUT body (400 naming the field).
     */
    public <T> UnaryOperator<T> read(String body, Class<T> type) {
        JsonNode patch = parse(body);
        if (!(patch instanceof ObjectNode members)) {
            throw new ProblemException(ProblemType.MALFORMED_BODY, "A merge patch must be a JSON object: each member"
                    + " replaces that field, null clears it (RFC 7396)");
        }
        // Unknown or server-owned members and values of the wrong type: the same 400 as PUT's, before any lookup.
        convert(members, type);
        return current -> {
            T patched = convert(merge(mapper.valueToTree(current), members), type);
            Set<ConstraintViolation<T>> violations = validator.validate(patched);
            if (!violations.isEmpty()) {
                throw new ConstraintViolationException(violations);
            }
            return patched;
        };
    }

    /** RFC 7396 section 2: an object merges member by member, null removes, anything else replaces. */
    static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : ((ObjectNode) patch).objectNode();
        patch.properties().forEach(member -> {
            if (member.getValue().isNull()) {
                result.remove(member.getKey());
            } else {
                result.set(member.getKey(), merge(result.get(member.getKey()), member.getValue()));
            }
        });
        return result;
    }

    private JsonNode parse(String body) {
        try {
            return body == null ? null : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw unreadable(e);
        }
    }

    private <T> T convert(JsonNode tree, Class<T> type) {
        try {
            return mapper.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw unreadable(e);
        }
    }

    /** Answered by ProblemMappers exactly as a PUT body that failed to read: 400 naming the field where there is one. */
    private static WebApplicationException unreadable(JsonProcessingException e) {
        return new WebApplicationException(e, Response.Status.BAD_REQUEST);
    }
}
