package io.github.crmvault.common.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One field's value before and after a change; null stands for "no value". */
@Schema(name = "FieldChange")
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FieldChange(
        @Schema(required = true, examples = "status") String field,
        @Schema(description = "Value before the change: any JSON value, null for none") Object oldValue,
        @Schema(description = "Value after the change: any JSON value, null for none") Object newValue) {
}
