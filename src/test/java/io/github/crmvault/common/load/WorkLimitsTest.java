package io.github.crmvault.common.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.crmvault.common.problem.ProblemException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkLimitsTest {
    private final WorkLimits limits = new WorkLimits(3, 2, 1, 1, Duration.ofSeconds(2));

    @Test
    void aCallerBeyondTheirShareGets429WithRetryAfter() {
        limits.enter(WorkLimits.Kind.EXPORT, "ann");
        limits.enter(WorkLimits.Kind.EXPORT, "ann");
        ProblemException refused = assertThrows(ProblemException.class,
                () -> limits.enter(WorkLimits.Kind.EXPORT, "ann"));
        assertEquals(429, refused.problem().status());
        assertEquals("urn:problem:crm:caller-busy", refused.problem().type());
        assertEquals("2", refused.headers().get("Retry-After"));
        // Another caller still has room.
        limits.enter(WorkLimits.Kind.EXPORT, "bob");
    }

    @Test
    void aFullInstanceGets503AndAReleasedPlaceIsFreeAgain() {
        WorkLimits.Permit ann = limits.enter(WorkLimits.Kind.EXPORT, "ann");
        limits.enter(WorkLimits.Kind.EXPORT, "bob");
        limits.enter(WorkLimits.Kind.EXPORT, "cid");
        ProblemException refused = assertThrows(ProblemException.class,
                () -> limits.enter(WorkLimits.Kind.EXPORT, "dan"));
        assertEquals(503, refused.problem().status());
        assertEquals("2", refused.headers().get("Retry-After"));
        ann.close();
        ann.close(); // twice is harmless: one place only
        limits.enter(WorkLimits.Kind.EXPORT, "dan");
        assertThrows(ProblemException.class, () -> limits.enter(WorkLimits.Kind.EXPORT, "eve"));
    }

    @Test
    void aRefusalTakesNoPlace() {
        limits.enter(WorkLimits.Kind.LONG_READ, "ann");
        for (int i = 0; i < 5; i++) {
            assertThrows(ProblemException.class, () -> limits.enter(WorkLimits.Kind.LONG_READ, "bob"));
        }
        assertThrows(ProblemException.class, () -> limits.enter(WorkLimits.Kind.LONG_READ, "ann"));
    }

    @Test
    void kindsAreBoundedApart() {
        limits.enter(WorkLimits.Kind.LONG_READ, "ann");
        limits.enter(WorkLimits.Kind.EXPORT, "ann");
        limits.enter(WorkLimits.Kind.EXPORT, "ann");
    }
}
