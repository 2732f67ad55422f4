package io.github.crmvault.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** RFC 9457 problem details; {@code type} is stable and safe for clients to switch on. */
@Schema(name = "Problem", description = "RFC 9457 problem details (application/problem+json)")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        @Schema(required = true, examples = "urn:problem:crm:validation") String type,
        @Schema(required = true, examples = "Invalid request") String title,
        @Schema(required = true, examples = "400") int status,
        @Schema(examples = "name: must not be blank") String detail,
        @Schema(description = "Per-field errors, for validation problems") List<FieldError> errors) {

    @Schema(name = "FieldError")
    public record FieldError(
            @Schema(required = true, examples = "creditCode") String field,
            @Schema(required = true, examples = "is not a valid unified social credit code") String message) {
    }
}
