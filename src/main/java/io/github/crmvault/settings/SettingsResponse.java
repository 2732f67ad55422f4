package io.github.crmvault.settings;

import java.time.DayOfWeek;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The rules a client needs to validate offline, exactly as the server applies them. */
@Schema(name = "Settings", description = "The business rules in force, as the server applies them")
public record SettingsResponse(
        @Schema(required = true, examples = "Asia/Shanghai",
                description = "The company's time zone: what a day is in the review queue and date filters") String timeZone,
        @Schema(required = true) VisitRules visit,
        @Schema(required = true) ScoreRules score,
        @Schema(required = true) GradeRules grade,
        @Schema(required = true) ClaimRules claim,
        @Schema(required = true) ConflictRules conflict,
        @Schema(required = true) FollowUpRules followUp,
        @Schema(required = true) ReviewRules review) {

    @Schema(name = "VisitRules")
    public record VisitRules(
            @Schema(required = true, examples = "100", description = "Minimum note length: Unicode code points with "
                    + "all whitespace removed, so one Chinese character counts one. Shorter notes get 422") int noteMinimum,
            @Schema(required = true, examples = "86400",
                    description = "Seconds after creation during which the author may correct a visit") long editWindowSeconds,
            @Schema(required = true, examples = "300",
                    description = "How many seconds in the future visitedAt may lie (clock skew)") long futureSkewSeconds) {
    }

    @Schema(name = "ScoreRules", description = "qualityScore = base + bonuses, at most 100. base is 0 up to "
            + "zeroAtOrBelow characters, rises linearly to 60 at sixtyAt and to 80 at eightyAt, stays 80 above; "
            + "rounded down. contactBonus when contactIds is not empty; nextStepBonus when nextStep and nextStepDate "
            + "are both given. A visit is effective when the note meets the minimum, a contact was met and a next step "
            + "is recorded.")
    public record ScoreRules(
            @Schema(required = true, examples = "20") int zeroAtOrBelow,
            @Schema(required = true, examples = "50") int sixtyAt,
            @Schema(required = true, examples = "100") int eightyAt,
            @Schema(required = true, examples = "10") int contactBonus,
            @Schema(required = true, examples = "10") int nextStepBonus,
            @Schema(required = true, examples = "100") int maximum) {
    }

    @Schema(name = "GradeRules", description = "A: expected to sign within aWithinDays; B: within bWithinDays; C: later or unknown")
    public record GradeRules(
            @Schema(required = true, examples = "30") int aWithinDays,
            @Schema(required = true, examples = "90") int bWithinDays) {
    }

    @Schema(name = "ClaimRules")
    public record ClaimRules(
            @Schema(required = true, examples = "30",
                    description = "Days a claim protects a customer, extended by each effective visit") int protectionDays,
            @Schema(required = true, examples = "100", description = "Most customers one rep may hold") int maxCustomersPerRep,
            @Schema(required = true, examples = "7",
                    description = "Days before a rep may claim again a customer they released or lost") int coolDownDays) {
    }

    @Schema(name = "ConflictRules", description = "When conflict checks call two company names similar")
    public record ConflictRules(
            @Schema(required = true, examples = "0.55", description = "pg_trgm similarity (0 to 1) of normalised names "
                    + "from which a name counts as similar; one-character typos count whatever it is") double nameSimilarity) {
    }

    @Schema(name = "FollowUpRules", description = "What GET /api/v1/follow-ups lists besides due next steps")
    public record FollowUpRules(
            @Schema(required = true, examples = "14", description = "Days without a visit after which an A customer is"
                    + " listed (A_CUSTOMER_NOT_VISITED)") int aCustomerIdleDays,
            @Schema(required = true, examples = "7", description = "Days ahead within which a claim's ending protection"
                    + " is listed (PROTECTION_ENDING)") int protectionEndingDays) {
    }

    @Schema(name = "ReviewRules", description = "When the reports count a visit as reviewed on time (reviewDiscipline)")
    public record ReviewRules(
            @Schema(required = true, examples = "1", description = "The first review is on time when it comes by the "
                    + "end of this many working days after the company day the visit record was there to review (0: "
                    + "that day)") int withinDays,
            @Schema(required = true, description = "The company's working days, Monday first")
            List<DayOfWeek> workingDays) {
    }

    static SettingsResponse of(CrmSettings s) {
        return new SettingsResponse(s.timeZone().getId(),
                new VisitRules(s.visit().noteMinimum(), s.visit().editWindow().toSeconds(), s.visit().futureSkew().toSeconds()),
                new ScoreRules(s.score().zeroAtOrBelow(), s.score().sixtyAt(), s.score().eightyAt(),
                        s.score().contactBonus(), s.score().nextStepBonus(), 100),
                new GradeRules(s.grade().aWithinDays(), s.grade().bWithinDays()),
                new ClaimRules(s.claim().protectionDays(), s.claim().maxCustomersPerRep(), s.claim().coolDownDays()),
                new ConflictRules(s.conflict().nameSimilarity()),
                new FollowUpRules(s.followUp().aCustomerIdleDays(), s.followUp().protectionEndingDays()),
                new ReviewRules(s.review().withinDays(), s.review().workingDays().stream().sorted().toList()));
    }
}
