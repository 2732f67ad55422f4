package io.github.crmvault.visit;

import io.github.crmvault.visit.Visit.Channel;
import io.github.crmvault.visit.VisitReview.Verdict;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of visits, reviews and the review queue. Server-owned fields are response-only. */
public final class VisitDtos {
    private VisitDtos() {
    }

    @Schema(name = "VisitRequest", description = "The client-owned fields of a visit. PUT replaces all of them: an "
            + "omitted field is cleared. Author, scores, version and audit fields are set by the server.")
    record VisitRequest(
            @Schema(description = "Create only: a client-generated id. Sending the same id and content again returns "
                    + "the stored visit (200) and creates nothing; the same id with other content is 409. On PUT it "
                    + "must be absent or the visit's own id") UUID id,
            @Size(max = 20) @Schema(description = "Contacts of this customer who were met")
            List<@NotNull UUID> contactIds,
            @NotNull @Schema(required = true, description = "When the visit happened; at most a few minutes in the future")
            Instant visitedAt,
            @NotNull @Schema(required = true) Channel channel,
            @DecimalMin("-90") @DecimalMax("90") @Schema(description = "Check-in latitude, -90 to 90; with longitude",
                    examples = "30.274085") BigDecimal latitude,
            @DecimalMin("-180") @DecimalMax("180") @Schema(description = "Check-in longitude, -180 to 180; with latitude",
                    examples = "120.155070") BigDecimal longitude,
            @Size(max = 500) @Schema(examples = "杭州市西湖区文三路 100 号") String locationAddress,
            @NotNull @Size(max = 20000) @Schema(required = true, description = "The record: at least the configured "
                    + "minimum of characters (GET /api/v1/settings), counted as code points without whitespace")
            String notes,
            @Size(max = 2000) @Schema(description = "What came out of the visit") String outcome,
            @Min(1) @Max(5) @Schema(description = "The customer's interest: 1 none, 2 low, 3 some, 4 high, 5 ready to sign")
            Integer interestLevel,
            @Size(max = 2000) @Schema(examples = "下周二带方案上门演示") String nextStep,
            LocalDate nextStepDate) {
        /** The visit's fields as a PUT would send them back (without the id): what a merge patch changes. */
        static VisitRequest of(Visit v) {
            return new VisitRequest(null, v.contactIds, v.visitedAt, v.channel, v.latitude, v.longitude,
                    v.locationAddress, v.notes, v.outcome, v.interestLevel, v.nextStep, v.nextStepDate);
        }
    }

    @Schema(name = "Visit")
    public record VisitResponse(
            @Schema(required = true) UUID id,
            @Schema(required = true) UUID customerId,
            @Schema(required = true, description = "The user who wrote the record") UUID authorId,
            @Schema(required = true) List<UUID> contactIds,
            @Schema(required = true) Instant visitedAt,
            @Schema(required = true) Channel channel,
            BigDecimal latitude,
            BigDecimal longitude,
            String locationAddress,
            @Schema(required = true) String notes,
            String outcome,
            Integer interestLevel,
            String nextStep,
            LocalDate nextStepDate,
            @Schema(required = true, description = "Code points of notes without whitespace") int noteLength,
            @Schema(required = true, description = "0-100, see ScoreRules in GET /api/v1/settings") int qualityScore,
            @Schema(required = true, description = "Note meets the minimum, a contact was met, a next step is recorded")
            boolean effective,
            @Schema(required = true, description = "How many reviews the visit has") int reviewCount,
            @Schema(required = true, description = "Until when the author may correct it; locked afterwards")
            Instant editableUntil,
            @Schema(required = true, description = "Also the ETag; changes with each edit of the record") long version,
            @Schema(required = true) Instant createdAt,
            @Schema(required = true) String createdBy,
            @Schema(required = true) Instant updatedAt,
            @Schema(required = true) String updatedBy,
            @Schema(description = "Search results only (GET /api/v1/visits?q=): where the note matches")
            Highlight highlight) {
        static VisitResponse of(Visit v, Duration editWindow) {
            return new VisitResponse(v.id, v.customerId, v.authorId, v.contactIds, v.visitedAt, v.channel, v.latitude,
                    v.longitude, v.locationAddress, v.notes, v.outcome, v.interestLevel, v.nextStep, v.nextStepDate,
                    v.noteLength, v.qualityScore, v.effective, v.reviewCount, v.createdAt.plus(editWindow), v.version,
                    v.createdAt, v.createdBy, v.updatedAt, v.updatedBy, null);
        }

        VisitResponse withHighlight(Highlight h) {
            return new VisitResponse(id, customerId, authorId, contactIds, visitedAt, channel, latitude, longitude,
                    locationAddress, notes, outcome, interestLevel, nextStep, nextStepDate, noteLength, qualityScore,
                    effective, reviewCount, editableUntil, version, createdAt, createdBy, updatedAt, updatedBy, h);
        }
    }

    @Schema(name = "VisitHighlight", description = "Plain text, never markup: the client marks the ranges itself. "
            + "snippet is the note around the first match, cut between characters and marked with … where cut; "
            + "matches are the occurrences of the search terms inside the snippet, as [start, end) offsets in UTF-16 "
            + "code units of the snippet, so that snippet.slice(start, end) in JavaScript is the matched text.",
            examples = "{\"snippet\": \"…对方正在和两家竞品比较，客户提到华为的报价更低，希望我们再给一些优惠…\", "
                    + "\"matches\": [{\"start\": 17, \"end\": 19}]}")
    public record Highlight(
            @Schema(required = true, examples = "…对方正在和两家竞品比较，客户提到华为的报价更低，希望我们再给一些优惠…")
            String snippet,
            @Schema(required = true) List<MatchRange> matches) {
    }

    @Schema(name = "MatchRange", description = "A match in the snippet: snippet.slice(start, end), UTF-16 code units")
    public record MatchRange(
            @Schema(required = true, examples = "17") int start,
            @Schema(required = true, examples = "19") int end) {
    }

    @Schema(name = "ReviewRequest")
    record ReviewRequest(
            @NotNull @Schema(required = true) Verdict verdict,
            @Size(max = 2000) @Schema(description = "Coaching for the author; required when the verdict is NEEDS_WORK",
                    examples = "写清客户犹豫的原因和下一步时间") String comment) {
    }

    @Schema(name = "Review")
    public record ReviewResponse(
            @Schema(required = true) UUID id,
            @Schema(required = true) UUID visitId,
            @Schema(required = true) UUID customerId,
            @Schema(required = true) UUID reviewerId,
            @Schema(required = true) Verdict verdict,
            String comment,
            @Schema(required = true) Instant createdAt,
            @Schema(required = true) String createdBy) {
        static ReviewResponse of(VisitReview r) {
            return new ReviewResponse(r.id, r.visitId, r.customerId, r.reviewerId, r.verdict, r.comment, r.createdAt,
                    r.createdBy);
        }
    }

    @Schema(name = "ReviewQueueItem", description = "An unreviewed visit, with what a manager needs to pick it")
    record QueueItem(
            @Schema(required = true) UUID visitId,
            @Schema(required = true) UUID authorId,
            @Schema(required = true) String authorName,
            @Schema(required = true) UUID customerId,
            @Schema(required = true) String customerName,
            @Schema(required = true) Instant visitedAt,
            @Schema(required = true) int noteLength,
            @Schema(required = true) int qualityScore,
            @Schema(required = true) boolean effective) {
    }

    /** Documents the 422 body: a problem with the extension members minimum and actual. */
    @Schema(name = "NoteTooShortProblem", description = "Problem urn:problem:crm:note-too-short: the note is shorter "
            + "than the minimum; minimum and actual are counted as code points without whitespace")
    record NoteTooShortProblem(
            @Schema(required = true, examples = "urn:problem:crm:note-too-short") String type,
            @Schema(required = true, examples = "Visit note too short") String title,
            @Schema(required = true, examples = "422") int status,
            @Schema(examples = "notes: 99 characters; at least 100 are required") String detail,
            @Schema(required = true, examples = "100") int minimum,
            @Schema(required = true, examples = "99") int actual) {
    }
}
