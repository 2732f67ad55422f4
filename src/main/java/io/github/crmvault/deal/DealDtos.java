package io.github.crmvault.deal;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.github.crmvault.common.web.Money;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of deals. */
public final class DealDtos {
    private DealDtos() {
    }

    @Schema(name = "DealRequest", description = "A signed contract to record on the customer")
    record DealRequest(
            @NotNull @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0")
            @JsonDeserialize(using = Money.Reader.class)
            @Schema(required = true, type = SchemaType.STRING, pattern = Money.PATTERN, description = "Contract value, "
                    + "more than 0. " + Money.DESCRIPTION, examples = "128000.00")
            BigDecimal amount,
            @NotNull @Pattern(regexp = "^[A-Z]{3}$", message = "must be an upper-case ISO 4217 currency code such as CNY")
            @Schema(required = true, description = "ISO 4217 code, upper case", examples = "CNY") String currency,
            @NotNull @Schema(required = true, description = "The day the contract was signed; not after today in the "
                    + "company's time zone, and at most 10 years ago") LocalDate signedOn,
            @NotBlank @Size(max = 200) @Schema(required = true, description = "What was sold", examples = "CRM 企业版 年度订阅")
            String product) {
    }

    @Schema(name = "DealCancelRequest", description = "Why the deal is cancelled")
    record CancelRequest(
            @NotBlank @Size(max = 500) @Schema(required = true, examples = "客户违约，合同解除") String reason) {
    }

    @Schema(name = "Deal", description = "A signed contract. Never deleted: a cancelled deal keeps its row, with who "
            + "cancelled it, when and why")
    public record DealResponse(
            @Schema(required = true) UUID id,
            @Schema(required = true) UUID customerId,
            @Schema(required = true, description = "The rep credited: the customer's owner when the deal was recorded")
            UUID ownerId,
            @JsonSerialize(using = Money.Writer.class)
            @Schema(required = true, type = SchemaType.STRING, pattern = Money.PATTERN,
                    description = Money.RESPONSE_DESCRIPTION, examples = "128000.00") BigDecimal amount,
            @Schema(required = true, examples = "CNY") String currency,
            @Schema(required = true) LocalDate signedOn,
            @Schema(required = true) String product,
            @Schema(description = "The customer's expected signing date when the deal was recorded")
            LocalDate expectedSignDate,
            @Schema(required = true) DealStatus status,
            @Schema(description = "When it was cancelled; only on a cancelled deal") Instant cancelledAt,
            @Schema(description = "Login of who cancelled it; only on a cancelled deal") String cancelledBy,
            @Schema(description = "Why it was cancelled; only on a cancelled deal") String cancelReason,
            @Schema(required = true, description = "Also the ETag") long version,
            @Schema(required = true) Instant createdAt,
            @Schema(required = true) String createdBy,
            @Schema(required = true) Instant updatedAt,
            @Schema(required = true) String updatedBy) {
        static DealResponse of(Deal d) {
            return new DealResponse(d.id, d.customerId, d.ownerId, d.amount, d.currency, d.signedOn, d.product,
                    d.expectedSignDate, d.status, d.cancelledAt, d.cancelledBy, d.cancelReason, d.version, d.createdAt,
                    d.createdBy, d.updatedAt, d.updatedBy);
        }
    }
}
