package io.github.crmvault.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the read audit and the alert list show their readers. */
public final class PersonalDataAuditDtos {
    private PersonalDataAuditDtos() {
    }

    @Schema(name = "PersonalDataRead", description = "The reads in full of one customer's contacts by one user over"
            + " the period asked, with how many distinct customers that user read so in it")
    public record ReadRecordResponse(
            @Schema(description = "The reader; absent for an admin login without a user record") UUID userId,
            @Schema(required = true, examples = "li.na", description = "The reader's login") String login,
            @Schema(required = true, examples = "37", description = "Distinct customers whose contacts this user read"
                    + " in full in the period (the same on each of the user's entries)") long customersRead,
            @Schema(required = true) UUID customerId,
            @Schema(examples = "杭州云栖科技有限公司", description = "The customer's name; absent if the customer was deleted")
            String customerName,
            @Schema(required = true, examples = "2", description = "Company days on which they were read") long days,
            @Schema(required = true, examples = "5", description = "Requests (contact reads, history pages, change-feed"
                    + " pages, export batches) that returned them") long reads,
            @Schema(required = true, examples = "12", description = "Contacts (or contact history entries) returned"
                    + " in full, every exported row included") long rows,
            @Schema(required = true) Instant firstAt,
            @Schema(required = true) Instant lastAt) {
    }

    @Schema(name = "PersonalDataAlert", description = "A user stopped by the daily ceiling on reading contacts in full")
    public record AlertResponse(
            @Schema(required = true) UUID id,
            @Schema(examples = "PERSONAL_DATA_CEILING", required = true, enumeration = "PERSONAL_DATA_CEILING")
            String kind,
            @Schema(description = "The user; absent for an admin login without a user record") UUID userId,
            @Schema(required = true, examples = "wang.fang") String login,
            @Schema(required = true, examples = "2026-03-02", description = "The company day") LocalDate day,
            @Schema(required = true, examples = "200", description = "The ceiling in force when it was reached")
            int ceiling,
            @Schema(required = true, description = "The customer of the first refused read") UUID customerId,
            @Schema(required = true, examples = "3", description = "Reads refused that day") int refusals,
            @Schema(required = true, description = "The first refusal") Instant firstAt,
            @Schema(required = true, description = "The latest refusal") Instant lastAt) {
    }

    @Schema(name = "PersonalDataCeilingProblem", description = "A read of contacts in full refused for the daily"
            + " ceiling (429, type urn:problem:crm:personal-data-ceiling); Retry-After runs to the next company day")
    public record PersonalDataCeilingProblem(
            @Schema(required = true, examples = "urn:problem:crm:personal-data-ceiling") String type,
            @Schema(required = true, examples = "Daily ceiling of personal data reads reached") String title,
            @Schema(required = true, examples = "429") int status,
            @Schema(examples = "You have read the contacts of 200 other customers in full today, as many as one may"
                    + " in a day; the contacts of customers read today stay readable, others again from the next day")
            String detail,
            @Schema(required = true, examples = "200", description = "Distinct customers a day") int ceiling,
            @Schema(required = true, examples = "2026-03-02", description = "The company day it was reached on")
            LocalDate day) {
    }
}
