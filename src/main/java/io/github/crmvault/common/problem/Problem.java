package io.github.crmvault.common.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * RFC 9457 problem details; {@code type} is stable and safe for clients to switch on. A problem type
 * may carry extension members (RFC 9457 section 3.2), written as top-level members next to the
 * standard ones; the operations that send them document them in their own schema.
 */
@Schema(name = "Problem", description = "RFC 9457 problem details (application/problem+json)")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        @Schema(required = true, examples = "urn:problem:crm:validation") String type,
        @Schema(required = true, examples = "Invalid request") String title,
        @Schema(required = true, examples = "400") int status,
        @Schema(examples = "name: must not be blank") String detail,
        @Schema(description = "Per-field errors, for validation problems") List<FieldError> errors,
        @JsonIgnore @Schema(hidden = true) Map<String, Object> extensions) {

    public Problem(String type, String title, int status, String detail, List<FieldError> errors) {
        this(type, title, status, detail, errors, null);
    }

    /** Extension members, serialized at the top level of the problem. */
    @JsonAnyGetter
    @Schema(hidden = true)
    public Map<String, Object> extensionMembers() {
        return extensions == null ? Map.of() : extensions;
    }

    @Schema(name = "FieldError")
    public record FieldError(
            @Schema(required = true, examples = "creditCode") String field,
            @Schema(required = true, examples = "is not a valid unified social credit code") String message) {
    }
}
