package io.github.crmvault.settings;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;

/**
 * The business rules a deployment may tune, under {@code crm.*} (environment: {@code CRM_VISIT_NOTE_MINIMUM}
 * and so on). Defaults are the values of the domain rules: the seed's 100-character note, 0/60/80 points at
 * 20/50/100 characters, A within 30 days, B within 90, claims protected 30 days. One source of truth,
 * served to clients by {@code GET /api/v1/settings}.
 */
@ConfigMapping(prefix = "crm")
public interface CrmSettings {

    /** The company's time zone: what "a day" means in the review queue and in date-range filters. */
    @WithDefault("Asia/Shanghai")
    ZoneId timeZone();

    Visit visit();

    Score score();

    Grade grade();

    Claim claim();

    Idempotency idempotency();

    Conflict conflict();

    FollowUp followUp();

    Report report();

    /** What GET /api/v1/follow-ups puts on a rep's list (values only; the list is the followup package's). */
    interface FollowUp {
        /** Days without any visit after which an A customer is a follow-up (the rhythm: see A customers every two weeks). */
        @WithDefault("14")
        @Min(1)
        int aCustomerIdleDays();

        /** Days ahead within which a claim's ending protection is a follow-up (as GET /claims/expiring's default). */
        @WithDefault("7")
        @Min(1)
        @Max(365)
        int protectionEndingDays();
    }

    Review review();

    /**
     * The managers' daily review (每天检查拜访记录) as the reports measure it: a visit counts as reviewed on
     * time when its first review came within {@code withinDays} working days after the company day the
     * record was there to review.
     */
    interface Review {
        /** Working days after the visit's day by whose end the first review is due; 0: the same day. */
        @WithDefault("1")
        @Min(0)
        int withinDays();

        /** The company's working days, e.g. {@code MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY}; at least one. */
        @WithDefault("MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY")
        @Size(min = 1)
        Set<DayOfWeek> workingDays();

        /**
         * How often each instance checks whether the reviews made before V37 still need their facts filled
         * (ReviewFactFill), and fills them if so: a duration such as {@code 1m}, or {@code off}; text
         * because the scheduler reads it straight from the configuration. A technical knob, not in GET
         * /api/v1/settings.
         */
        @WithDefault("1m")
        String factFillEvery();
    }

    Digest digest();

    /** The daily and weekly digests (日报 / 周报); a technical knob, so not in GET /api/v1/settings. */
    interface Digest {
        /**
         * How often each instance looks for ended days and weeks whose digests are not built yet: a
         * duration such as {@code 10m}, or {@code off}; text because the scheduler reads it, {@code off}
         * included, straight from the configuration.
         */
        @WithDefault("10m")
        String buildEvery();
    }

    /** The reports' rollups; a technical knob, so not in GET /api/v1/settings. */
    interface Report {
        /**
         * How often each instance folds the customers' recorded stock changes into their totals (V40): a
         * duration such as {@code 10s}, or {@code off}; text because the scheduler reads it, {@code off}
         * included, straight from the configuration. The reports are exact either way; the longer, the
         * more unfolded changes a report adds up.
         */
        @WithDefault("10s")
        String stockFoldEvery();
    }

    /** Conflict checks (查重): when two company names count as similar. */
    interface Conflict {
        /**
         * pg_trgm similarity (0 to 1) of normalised names from which a name is similar: a warning,
         * and a refused create unless acknowledged. One-character typos are found whatever it is.
         * Above 0.5 on purpose: a two-character trade name plus a five-character business word shares
         * exactly half its trigrams with every name ending in that word, and at 0.5 the index hands
         * tens of thousands of them to the recheck (bench/README.md, issue 4 results).
         */
        @WithDefault("0.55")
        @DecimalMin(value = "0", inclusive = false)
        @DecimalMax("1")
        double nameSimilarity();

        /**
         * How old the count of the trigrams common among the names may grow (V45, CommonTrigramsJob): a
         * duration such as {@code 6h}. Similar names are the same either way; with counts far older than the
         * names a check reads more. A technical knob.
         */
        @WithDefault("6h")
        String commonTrigramsEvery();

        /**
         * How often each instance asks whether the common trigrams need counting again: when the count is
         * older than {@link #commonTrigramsEvery}, or the names grew or shrank by a quarter since it (V52); a
         * duration, or {@code off}. The question costs one count of the names.
         */
        @WithDefault("10m")
        String commonTrigramsCheckEvery();
    }

    /** How long Idempotency-Key answers are kept. */
    interface Idempotency {
        @WithDefault("PT24H")
        Duration keyLifetime();
    }

    interface Visit {
        /** Minimum note length, in code points with whitespace removed (a Chinese character counts one). */
        @WithDefault("100")
        @Min(0)
        int noteMinimum();

        /** How long after creation the author may still correct a visit; after that it is locked. */
        @WithDefault("PT24H")
        Duration editWindow();

        /** How far in the future a visitedAt may lie, for clocks of phones that run ahead. */
        @WithDefault("PT5M")
        Duration futureSkew();
    }

    /**
     * The quality score: 0 at {@code zeroAtOrBelow} characters or fewer, 60 at {@code sixtyAt}, 80 at
     * {@code eightyAt} and more, linear (rounded down) in between; plus {@code contactBonus} when a
     * contact was met and {@code nextStepBonus} when a next step with a date is recorded; at most 100.
     */
    interface Score {
        @WithDefault("20")
        @Min(0)
        int zeroAtOrBelow();

        @WithDefault("50")
        @Min(1)
        int sixtyAt();

        @WithDefault("100")
        @Min(2)
        int eightyAt();

        @WithDefault("10")
        @Min(0)
        @Max(20)
        int contactBonus();

        @WithDefault("10")
        @Min(0)
        @Max(20)
        int nextStepBonus();
    }

    /** Customer grades by expected signing date: A within aWithinDays, B within bWithinDays, C later or unknown. */
    interface Grade {
        @WithDefault("30")
        @Min(0)
        int aWithinDays();

        @WithDefault("90")
        @Min(0)
        int bWithinDays();
    }

    /** The claim rules of the public pool (values only; claims are implemented in the claim package). */
    interface Claim {
        @WithDefault("30")
        @Min(1)
        int protectionDays();

        @WithDefault("100")
        @Min(1)
        int maxCustomersPerRep();

        @WithDefault("7")
        @Min(0)
        int coolDownDays();

        /**
         * How often the cluster looks for lapsed protections to recall (each instance asks, one a
         * period scans, V56): a duration such as {@code 1m} or {@code PT1M}, or {@code off}. Text, not a
         * Duration, because the scheduler reads it (including {@code off}) straight from the configuration.
         */
        @WithDefault("1m")
        String recallEvery();

        /**
         * How often each instance looks for users whose leaving date came, to hand their customers over
         * and deactivate them: a duration such as {@code 5m}, or {@code off}; text for the same reason.
         */
        @WithDefault("5m")
        String leavingEvery();

        /**
         * How often each instance moves the entries that claims and other customer writes append to the
         * name search index's pending list into its tree (V42): a duration such as {@code 1s}, or
         * {@code off}; text for the same reason. Undrained, the list grows until a write moves 1 MB of it
         * itself (~1 s) while it holds its locks; searches are exact either way. A technical knob.
         */
        @WithDefault("1s")
        String searchDrainEvery();
    }
}
