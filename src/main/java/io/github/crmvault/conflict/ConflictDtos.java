package io.github.crmvault.conflict;

import io.github.crmvault.customer.CreditCode;
import io.github.crmvault.customer.CustomerDtos;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of conflict checks, and the body of a refused duplicate. */
public final class ConflictDtos {
    private ConflictDtos() {
    }

    /** BLOCKED: an exact key matches; WARNING: similar names only; CLEAR: nothing found. */
    @Schema(name = "ConflictDecision", description = "BLOCKED: an exact key of a live customer matches; WARNING: "
            + "similar names only; CLEAR: nothing found")
    public enum Decision { CLEAR, WARNING, BLOCKED }

    @Schema(name = "ConflictCheckRequest", description = "What is known of a company; at least one field must yield a "
            + "conflict key (a free-mail address or a local number without area code yields none)")
    public record ConflictCheckRequest(
            @Size(max = 200) @Schema(examples = "杭州云栖网络科技有限公司") String name,
            @CreditCode @Schema(examples = "91330106MA2B0XXX00", minLength = 18, maxLength = 18,
                    pattern = CreditCode.PATTERN) String creditCode,
            @Size(max = 10) List<@NotBlank @Pattern(regexp = CustomerDtos.PHONE, message = CustomerDtos.PHONE_MESSAGE) String> phones,
            @Size(max = 10) List<@NotBlank @Email @Size(max = 254) String> emails,
            @Size(max = 500) @Schema(examples = "https://www.example.cn") String website) {

        CompanyIdentity identity() {
            return new CompanyIdentity(name, creditCode, phones, emails, website);
        }
    }

    @Schema(name = "ConflictKey", description = "A normalised conflict key. DOMAIN is a company e-mail domain or "
            + "website host; NAME the company name without region, legal form, brackets, punctuation and spacing")
    public record ConflictKey(
            @Schema(required = true) Kind kind,
            @Schema(required = true, examples = "057188886666") String value) implements Comparable<ConflictKey> {

        @Schema(name = "ConflictKeyKind")
        public enum Kind { CREDIT_CODE, PHONE, DOMAIN, NAME }

        @Override
        public int compareTo(ConflictKey other) {
            int byKind = kind.compareTo(other.kind);
            return byKind != 0 ? byKind : value.compareTo(other.value);
        }
    }

    @Schema(name = "ConflictCheck", description = "The decision and the live customers it rests on")
    public record ConflictCheckResponse(
            @Schema(required = true) Decision decision,
            @Schema(required = true, description = "The keys the input normalised to, which were looked up")
            List<ConflictKey> checkedKeys,
            @Schema(required = true) List<ConflictMatch> matches) {
    }

    @Schema(name = "ConflictMatch", description = "A live customer that matches. Of a customer the caller cannot see, "
            + "only its name, status and holder are told, so that the caller knows whom to talk to")
    public record ConflictMatch(
            @Schema(description = "Only when the caller can see the customer") UUID customerId,
            @Schema(required = true, description = "The matching company's name, to judge a similar one") String name,
            @Schema(required = true, description = "The exact keys it shares; empty for a similar name only")
            List<ConflictKey> matchedKeys,
            @Schema(description = "0 to 1: pg_trgm similarity of the normalised names, or for names one character "
                    + "typo apart 1 - 1/length if that is higher; 1 when the normalised names are equal; absent when the "
                    + "name played no part")
            Double nameSimilarity,
            @Schema(required = true, enumeration = {"LEAD", "PROSPECT", "SIGNED", "LOST"}) String status,
            @Schema(required = true) Holder holder,
            @Schema(description = "Absent unless the match is a branch relationship (never a reason to block by "
                    + "itself): BRANCH_OF, the checked company is a branch of this customer; PARENT_OF, this customer "
                    + "is a branch of the checked company")
            Relationship relationship) {
    }

    /** How a matched customer relates to the checked company when it is not the same company. */
    @Schema(name = "ConflictRelationship", description = "BRANCH_OF: the checked company is a branch office (分公司, "
            + "分店, 办事处...) of the matched customer; PARENT_OF: the matched customer is a branch of the checked company")
    public enum Relationship { BRANCH_OF, PARENT_OF }

    @Schema(name = "ConflictHolder", description = "Who holds the customer: the public pool, or an owner and their team")
    public record Holder(
            @Schema(required = true, description = "true: the customer is in the public pool") boolean pool,
            @Schema(description = "The owner's display name") String displayName,
            @Schema(description = "The owner's team") String teamName) {
    }

    /** Documents the 409 body of a refused duplicate: a problem with the extension members decision and conflicts. */
    @Schema(name = "DuplicateCustomerProblem", description = "Problem urn:problem:crm:duplicate-customer: the company "
            + "is already a live customer (decision BLOCKED: an exact key matches) or one with a similar name exists "
            + "(decision WARNING: send the request again with acknowledgeSimilar=true if it is another company)")
    public record DuplicateCustomerProblem(
            @Schema(required = true, examples = "urn:problem:crm:duplicate-customer") String type,
            @Schema(required = true, examples = "Duplicate customer") String title,
            @Schema(required = true, examples = "409") int status,
            @Schema(examples = "The company is already a customer: PHONE 13800138000") String detail,
            @Schema(required = true, enumeration = {"WARNING", "BLOCKED"}) String decision,
            @Schema(required = true) List<ConflictMatch> conflicts) {
    }
}
