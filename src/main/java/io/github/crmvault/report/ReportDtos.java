package io.github.crmvault.report;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.github.crmvault.common.web.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The bodies of reports and the leaderboard. Counts are whole numbers; ratios are numbers between 0
 * and 1 with 4 decimals; means have 2 decimals and are absent (null) when there is nothing to average.
 */
public final class ReportDtos {
    private ReportDtos() {
    }

    /** Whose numbers a report holds. */
    public enum ScopeKind { REP, TEAM, COMPANY }

    @Schema(name = "ReportScope", description = "Whose numbers these are")
    public record Scope(
            @Schema(required = true) ScopeKind kind,
            @Schema(description = "The user (REP) or team (TEAM); absent for COMPANY") UUID id,
            @Schema(description = "The user's display name or the team's name now") String name) {
    }

    @Schema(name = "CurrencyAmount", description = "A sum in one currency; currencies are never converted")
    public record CurrencyAmount(
            @Schema(required = true, examples = "CNY") String currency,
            @JsonSerialize(using = Money.Writer.class)
            @Schema(required = true, type = SchemaType.STRING, pattern = Money.PATTERN,
                    description = Money.RESPONSE_DESCRIPTION, examples = "128000.00") BigDecimal amount) {
    }

    @Schema(name = "ReportMeasures", description = "What a rep, team or the company did in the period [from, to], days "
            + "in the company time zone. A rep's visits are those they authored; their deals those credited to them "
            + "(the deal's ownerId); their ownership events those in the customer's ownership log naming them. A team's "
            + "figures count the work of its current members (users whose team is the team or one below it); distinct "
            + "counts are distinct over the team. The company's count everything, the public pool included.")
    public record Measures(
            @Schema(required = true, description = "Visits whose visitedAt falls in the period") long visits,
            @Schema(required = true, description = "Of those, effective visits (note at the minimum, a contact met, a "
                    + "next step)") long effectiveVisits,
            @Schema(description = "Mean noteLength of the visits, 2 decimals; absent without visits", examples = "132.50")
            BigDecimal meanNoteLength,
            @Schema(description = "Mean qualityScore of the visits, 2 decimals; absent without visits", examples = "78.25")
            BigDecimal meanQualityScore,
            @Schema(description = "Share of the visits whose noteLength is below the note minimum now in force "
                    + "(crm.visit.note-minimum), 4 decimals; absent without visits", examples = "0.0625")
            BigDecimal shareUnderNoteMinimum,
            @Schema(required = true, description = "Distinct customers of those visits") long customersVisited,
            @Schema(required = true, description = "Customers created into the scope in the period (ownership log "
                    + "kind CREATE to one of its users; for the company every creation, into the pool too)")
            long newCustomers,
            @Schema(required = true, description = "Claims from the pool by the scope's users (kind CLAIM)") long claims,
            @Schema(required = true, description = "Customers the scope's users released to the pool (kind RELEASE)")
            long releases,
            @Schema(required = true, description = "Customers recalled from the scope's users when protection lapsed "
                    + "(kind RECALL)") long recalls,
            @Schema(required = true, description = "Deals signed in the period (signedOn within it) and not cancelled")
            long dealsSigned,
            @Schema(required = true, description = "Their amounts summed per currency, by currency code")
            List<CurrencyAmount> dealAmounts,
            @Schema(required = true, description = "Distinct customers of those deals") long customersSigned,
            @Schema(required = true, description = "Of those, customers the scope also visited in the period: the "
                    + "numerator of signingRate") long visitedCustomersSigned,
            @Schema(description = "visitedCustomersSigned ÷ customersVisited, 4 decimals: the share of the customers "
                    + "worked in the period that signed in it; absent when no customer was visited", examples = "0.2500")
            BigDecimal signingRate,
            @Schema(description = "Mean number of visits (by anyone) a signed customer had up to the end of its first "
                    + "signing day in the period, 2 decimals; absent without signed customers", examples = "3.50")
            BigDecimal visitsPerSignedCustomer,
            @Schema(required = true, description = "Signed customers with exactly one visit (by anyone) up to the end "
                    + "of that signing day") long oneVisitCloses,
            @Schema(required = true, description = "Signed customers of which a deal of the period signed within its A "
                    + "window: the customer's expected signing date, as recorded with the deal, lay from the signing "
                    + "day to crm.grade.a-within-days after it (the customer was A that day and signed on time)")
            long aSignedWithinWindow) {
    }

    @Schema(name = "GradeCounts", description = "Live (not archived) customers of the scope by grade today: owned by the "
            + "rep, by the team's members, or for the company all of them, the public pool included")
    public record Grades(
            @Schema(required = true, description = "Today in the company time zone, which the grades depend on")
            LocalDate asOf,
            @Schema(required = true) long a,
            @Schema(required = true) long b,
            @Schema(required = true) long c) {
    }

    @Schema(name = "CustomerWithoutKeyPerson", description = "An A or B customer with no known decision maker")
    public record MissingKeyPerson(
            @Schema(required = true) UUID customerId,
            @Schema(required = true) String name,
            @Schema(required = true, enumeration = {"A", "B"}) String grade,
            @Schema(required = true) LocalDate expectedSignDate,
            @Schema(description = "Absent for a pool customer") UUID ownerId,
            @Schema(description = "The owner's display name") String ownerName) {
    }

    @Schema(name = "KeyPersonCoverage", description = "Who can decide (拍板的关键人): live customers of the scope (as "
            + "for grades) with at least one live contact who is a decision maker (decisionMaker true or decisionRole "
            + "DECISION_MAKER), now")
    public record KeyPersons(
            @Schema(required = true) long liveCustomers,
            @Schema(required = true) long withDecisionMaker,
            @Schema(description = "withDecisionMaker ÷ liveCustomers, 4 decimals; absent without live customers",
                    examples = "0.6667") BigDecimal coverage,
            @Schema(required = true, description = "How many A and B customers have no decision maker") long missingTotal,
            @Schema(required = true, description = "The first " + ReportService.MISSING_LIMIT + " of them by expected "
                    + "signing date (soonest, overdue first), then id") List<MissingKeyPerson> missing) {
    }

    @Schema(name = "ReviewDiscipline", description = "Whether the managers review every visit record every day (每天检查"
            + "拜访记录): the visits of measures.visits (those of the scope's users in the period; for a manager in the "
            + "leaderboard, of the users in the team subtrees they manage, themselves not included) and their reviews "
            + "up to now, plus the unreviewed backlog now. A visit's clock starts when the record was there to review: "
            + "its visitedAt, or its createdAt when it was recorded later (offline, or written up afterwards), since "
            + "nobody can review a record before it exists. Hours are to the visit's FIRST review, never negative.")
    public record ReviewDiscipline(
            @Schema(required = true, description = "Visits of the period with at least one review") long reviewed,
            @Schema(description = "reviewed ÷ measures.visits, 4 decimals; absent without visits", examples = "0.8750")
            BigDecimal reviewedShare,
            @Schema(required = true, description = "Visits whose first review came by the end of the company day "
                    + "crm.review.within-days working days (GET /api/v1/settings, review) after the day the record "
                    + "was there to review: with 1 day and Monday to Friday, a visit of Friday reviewed on Monday is "
                    + "on time, one of Thursday reviewed on Saturday is not") long reviewedWithin,
            @Schema(description = "reviewedWithin ÷ measures.visits, 4 decimals; absent without visits",
                    examples = "0.7500") BigDecimal reviewedWithinShare,
            @Schema(description = "Median hours to the first review over the reviewed visits (percentile_cont 0.5), "
                    + "2 decimals; absent when none was reviewed", examples = "20.50") BigDecimal medianHoursToFirstReview,
            @Schema(description = "90th percentile of those hours (percentile_cont 0.9), 2 decimals; absent when none "
                    + "was reviewed", examples = "47.25") BigDecimal p90HoursToFirstReview,
            @Schema(required = true, description = "Reviews of those visits, every one, not only the first")
            long reviews,
            @Schema(required = true, description = "Of those, reviews with the verdict NEEDS_WORK") long needsWork,
            @Schema(description = "needsWork ÷ reviews, 4 decimals; absent without reviews", examples = "0.3000")
            BigDecimal needsWorkShare,
            @Schema(required = true, description = "Visits of the scope's users without any review now, whenever "
                    + "they were made (the period does not apply)") long backlog,
            @Schema(description = "Hours since the oldest of them was there to review, 2 decimals; absent without "
                    + "backlog", examples = "30.00") BigDecimal backlogOldestHours) {
    }

    @Schema(name = "Report", description = "The numbers of a rep, a team subtree or the company for a period. A region "
            + "is a top-level team (one without parent): its TEAM report is the region's report")
    public record Report(
            @Schema(required = true) Scope scope,
            @Schema(required = true, description = "First day, in the company time zone") LocalDate from,
            @Schema(required = true, description = "Last day, inclusive") LocalDate to,
            @Schema(required = true) Measures measures,
            @Schema(required = true) ReviewDiscipline reviewDiscipline,
            @Schema(required = true) Grades grades,
            @Schema(required = true) KeyPersons keyPersons) {
    }

    @Schema(name = "LeaderboardRow", description = "One rep (groupBy=rep), team (groupBy=team) or manager "
            + "(groupBy=manager) and its numbers")
    public record LeaderboardRow(
            @Schema(required = true, description = "1 for the first row, then 2, 3, ... in order") int rank,
            @Schema(required = true, description = "The user, team or manager (a user)") UUID id,
            @Schema(required = true) String name,
            @Schema(required = true, description = "How many of the ranked users this row counts: 1 for a rep; for "
                    + "a manager the users of the subtrees they manage, themselves not included (may be 0)")
            int members,
            @Schema(required = true) Measures measures,
            @Schema(required = true) ReviewDiscipline reviewDiscipline) {
    }

    @Schema(name = "Leaderboard", description = "Reps (or their teams, or their managers) ranked by one measure, for "
            + "the monthly meeting")
    public record Leaderboard(
            @Schema(required = true) LocalDate from,
            @Schema(required = true) LocalDate to,
            // An open string since manager came: a value added to a response enum breaks the generated enums of
            // 2.0.0 clients (BreakingChangeTest), though they never ask for it. Restore the enum at the next MAJOR.
            @Schema(required = true, description = "The request's groupBy: rep, team or manager", examples = "rep")
            String groupBy,
            @Schema(required = true, description = "The measure ranked by") String sort,
            @Schema(description = "The team subtree ranked; absent for every team the caller may see") UUID teamId,
            @Schema(required = true) List<LeaderboardRow> rows) {
    }
}
