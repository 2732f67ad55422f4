package io.github.crmvault.common.ratelimit;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.github.crmvault.support.Api;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Sql;
import io.github.crmvault.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Requests per login and class, and failed authentication per address, counted in PostgreSQL. */
@QuarkusTest
@TestProfile(RateLimitTest.LowLimits.class)
class RateLimitTest {
    static final String ME = "/api/v1/me";
    static final String CHECKS = "/api/v1/conflict-checks";
    static final int READS = 5;
    static final int CHECKS_ALLOWED = 3;
    static final int FAILED_AUTH = 4;

    /** Low budgets in day-long windows, so that no window ends in the middle of a test. Writes stay high: setup makes users. */
    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("crm.rate-limit.reads.requests", String.valueOf(READS),
                    "crm.rate-limit.reads.window", "PT24H",
                    "crm.rate-limit.conflict-checks.requests", String.valueOf(CHECKS_ALLOWED),
                    "crm.rate-limit.conflict-checks.window", "PT24H",
                    "crm.rate-limit.failed-auth.requests", String.valueOf(FAILED_AUTH),
                    "crm.rate-limit.failed-auth.window", "PT24H");
        }
    }

    @Inject
    RateLimitStore store;
    @Inject
    RateLimitSettings settings;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void underTheLimitTheHeadersShowTheBudgetAndBeyondItIs429WithRetryAfter() {
        Org.Person rep = Org.rep();
        for (int made = 1; made <= READS; made++) {
            Response allowed = Api.as(rep.auth()).get(ME);
            allowed.then().statusCode(200)
                    .header(RateLimiter.LIMIT, String.valueOf(READS))
                    .header(RateLimiter.REMAINING, String.valueOf(READS - made))
                    .header(RateLimiter.RESET, intAbove(0));
            assertEquals(1, allowed.headers().getValues(RateLimiter.REMAINING).size(), "one header of each");
        }
        Response refused = Api.as(rep.auth()).get(ME);
        Problems.expect(refused, 429, "rate-limited")
                .header("Retry-After", intAbove(0))
                .header(RateLimiter.LIMIT, String.valueOf(READS))
                .header(RateLimiter.REMAINING, "0")
                .header(RateLimiter.RESET, equalTo(refused.header("Retry-After")));
        assertEquals(1, refused.headers().getValues("Retry-After").size(), "one header of each");
    }

    @Test
    void twoLoginsHaveSeparateBudgets() {
        Org.Person ann = Org.rep();
        Org.Person bob = Org.rep();
        spendReads(ann);
        Problems.expect(Api.as(ann.auth()).get(ME), 429, "rate-limited");
        Api.as(bob.auth()).get(ME).then().statusCode(200).header(RateLimiter.REMAINING, String.valueOf(READS - 1));
    }

    @Test
    void conflictChecksHaveTheirOwnTighterBudget() {
        Org.Person rep = Org.rep();
        Map<String, Object> company = Map.of("name", Org.unique("Budget Trading"));
        for (int made = 1; made <= CHECKS_ALLOWED; made++) {
            Api.as(rep.auth()).body(company).post(CHECKS).then().statusCode(200)
                    .header(RateLimiter.LIMIT, String.valueOf(CHECKS_ALLOWED))
                    .header(RateLimiter.REMAINING, String.valueOf(CHECKS_ALLOWED - made));
        }
        Problems.expect(Api.as(rep.auth()).body(company).post(CHECKS), 429, "rate-limited")
                .header("Retry-After", intAbove(0));
        // Reads are a budget apart, untouched by the checks.
        Api.as(rep.auth()).get(ME).then().statusCode(200).header(RateLimiter.REMAINING, String.valueOf(READS - 1));
    }

    @Test
    void forgedTokensFromOneAddressGet429AfterTheBudgetWhileValidTokensStillWork() {
        Org.Person rep = Org.rep();
        String forged = "Bearer " + Tokens.claims(rep.login(), "sales").sign(Tokens.OTHER_KEY);
        int unauthenticated = 0;
        Response answer = Api.as(forged).get(ME);
        while (answer.statusCode() == 401 && unauthenticated <= FAILED_AUTH) {
            unauthenticated++;
            answer = Api.as(forged).get(ME);
        }
        assertEquals(FAILED_AUTH, unauthenticated, "401s before the address is refused");
        Problems.expect(answer, 429, "rate-limited").header("Retry-After", intAbove(0))
                .header(RateLimiter.LIMIT, String.valueOf(FAILED_AUTH));
        // No token at all counts as a failed attempt of the same address.
        Problems.expect(Api.anonymous().get(ME), 429, "rate-limited");
        // A caller with a valid token is judged on their own budget, not the address's failures.
        Api.as(rep.auth()).get(ME).then().statusCode(200);
    }

    @Test
    void theCountIsSharedByEveryInstance() {
        Org.Person rep = Org.rep();
        Api.as(rep.auth()).get(ME).then().statusCode(200).header(RateLimiter.REMAINING, String.valueOf(READS - 1));
        // A second instance: its own limiter over the same table.
        RateLimiter other = new RateLimiter(store, settings);
        assertEquals(READS - 2, other.hit(RateClass.READS, rep.login()).orElseThrow().remaining());
        Api.as(rep.auth()).get(ME).then().statusCode(200).header(RateLimiter.REMAINING, String.valueOf(READS - 3));
        other.hit(RateClass.READS, rep.login());
        other.hit(RateClass.READS, rep.login());
        assertFalse(other.hit(RateClass.READS, rep.login()).orElseThrow().allowed());
        Problems.expect(Api.as(rep.auth()).get(ME), 429, "rate-limited");
    }

    @Test
    void aDatabaseAwayLetsRequestsThroughUncountedAndIsNotAskedAgainAtOnce() {
        AtomicInteger asked = new AtomicInteger();
        RateLimitStore away = new RateLimitStore() {
            @Override
            public Take take(String bucket, Duration window, int limit, int most) throws SQLException {
                asked.incrementAndGet();
                throw new SQLException("Connection refused", "08001");
            }
        };
        RateLimiter limiter = new RateLimiter(away, settings);
        Optional<RateLimiter.Decision> first = limiter.hit(RateClass.READS, "anyone");
        Optional<RateLimiter.Decision> second = limiter.hit(RateClass.WRITES, "anyone");
        assertTrue(first.isEmpty() && second.isEmpty(), "not counted, so not refused");
        assertEquals(1, asked.get());
    }

    @Test
    void aTakeLeasesAShareSoThatMostRequestsCostNoStatement() {
        CountingStore counting = counting();
        RateLimiter limiter = new RateLimiter(counting, readsOf(1000, Duration.ofHours(24)));
        String caller = Org.unique("leasing");
        for (int made = 1; made <= 30; made++) {
            RateLimiter.Decision decision = limiter.hit(RateClass.READS, caller).orElseThrow();
            assertTrue(decision.allowed());
            assertEquals(1000 - made, decision.remaining(), "exact while one instance counts");
        }
        assertEquals(1, counting.takes.get(), "a tenth of what was left, 100 requests, in one statement");
        assertEquals(100L, ((Number) Sql.value(dataSource, "SELECT hits FROM rate_limit_window WHERE bucket = ?",
                "reads:" + caller)).longValue(), "the lease counts in the store at once");
    }

    @Test
    void instancesTakingTurnsLetExactlyTheBudgetThrough() {
        CountingStore counting = counting();
        RateLimitSettings budget = readsOf(200, Duration.ofHours(24));
        List<RateLimiter> instances = List.of(new RateLimiter(counting, budget), new RateLimiter(counting, budget),
                new RateLimiter(counting, budget));
        String caller = Org.unique("turns");
        int allowed = 0;
        for (int i = 0; i < 600; i++) {
            allowed += instances.get(i % 3).hit(RateClass.READS, caller).orElseThrow().allowed() ? 1 : 0;
        }
        assertEquals(200, allowed, "every share taken is used, none reaches past the limit");
        assertTrue(counting.takes.get() < 200, "fewer statements than requests: " + counting.takes.get());
    }

    @Test
    void concurrentInstancesNeverLetMoreThanTheBudgetThrough() throws Exception {
        CountingStore counting = counting();
        RateLimitSettings budget = readsOf(300, Duration.ofHours(24));
        List<RateLimiter> instances = List.of(new RateLimiter(counting, budget), new RateLimiter(counting, budget),
                new RateLimiter(counting, budget), new RateLimiter(counting, budget));
        String caller = Org.unique("racing");
        AtomicInteger allowed = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                RateLimiter instance = instances.get(t % instances.size());
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 60; i++) {
                        if (instance.hit(RateClass.READS, caller).orElseThrow().allowed()) {
                            allowed.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertTrue(allowed.get() <= 300, "never more than the budget: " + allowed.get());
        assertTrue(allowed.get() >= 250, "shares left unused by a refused instance are few: " + allowed.get());
    }

    @Test
    void aLeaseEndsWithItsWindow() throws InterruptedException {
        CountingStore counting = counting();
        RateLimiter limiter = new RateLimiter(counting, readsOf(1000, Duration.ofSeconds(1)));
        String caller = Org.unique("window");
        limiter.hit(RateClass.READS, caller).orElseThrow();
        Thread.sleep(1100);
        RateLimiter.Decision next = limiter.hit(RateClass.READS, caller).orElseThrow();
        assertEquals(2, counting.takes.get(), "the next window's first request takes again");
        assertEquals(999, next.remaining(), "counted in the new window only");
        assertEquals(2L, ((Number) Sql.value(dataSource, "SELECT count(*) FROM rate_limit_window WHERE bucket = ?",
                "reads:" + caller)).longValue());
    }

    /** The store, counting its takes. */
    static class CountingStore extends RateLimitStore {
        final AtomicInteger takes = new AtomicInteger();

        @Override
        public Take take(String bucket, Duration window, int limit, int most) throws SQLException {
            takes.incrementAndGet();
            return super.take(bucket, window, limit, most);
        }
    }

    private CountingStore counting() {
        CountingStore counting = new CountingStore();
        counting.dataSource = dataSource; // a field of the injected store would be its client proxy's
        return counting;
    }

    /** The settings with reads allowed {@code requests} per {@code window}, the rest as configured. */
    private RateLimitSettings readsOf(int requests, Duration window) {
        return new Settings(new Budget(requests, window), settings.writes(), settings.conflictChecks(), settings.failedAuth());
    }

    record Budget(int requests, Duration window) implements RateLimitSettings.Limit {
    }

    record Settings(Limit reads, Limit writes, Limit conflictChecks, Limit failedAuth) implements RateLimitSettings {
        @Override
        public boolean enabled() {
            return true;
        }
    }

    private static void spendReads(Org.Person person) {
        for (int i = 0; i < READS; i++) {
            Api.as(person.auth()).get(ME).then().statusCode(200);
        }
    }

    private static org.hamcrest.Matcher<String> intAbove(int floor) {
        return new org.hamcrest.TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(String value) {
                return value.matches("\\d+") && Long.parseLong(value) > floor;
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
                description.appendText("an integer above " + floor);
            }
        };
    }
}
