package io.github.crmvault.claim;

import io.github.crmvault.settings.CompanyCalendar;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * On a leaving user's date (set by an admin with PUT /users/{id} leavingOn), hands every customer they
 * still own to their team's manager, or to the pool when the team has no active manager (or they
 * manage it themselves), and deactivates them, through the handover path: one transaction per user,
 * the same customer history and ownership log as an admin's handover, and the deactivation in the
 * user's history, all by {@link RecallJob#SYSTEM}. Safe on several instances at once: a user is taken
 * with FOR UPDATE SKIP LOCKED, and PostgreSQL re-checks that they are still active under the lock, so
 * each user is handed over once and a second run finds nothing to do.
 */
@ApplicationScoped
public class LeavingJob {
    private static final Logger LOG = Logger.getLogger(LeavingJob.class);

    /** One due user and their successor: the active manager of their team other than themselves, else null (the pool). */
    private static final String DUE = "SELECT u.id, u.leaving_on, m.id AS successor FROM app_user u"
            + " LEFT JOIN team t ON t.id = u.team_id"
            + " LEFT JOIN app_user m ON m.id = t.manager_id AND m.active AND m.id <> u.id"
            + " WHERE u.active AND u.leaving_on <= :today"
            + " ORDER BY u.leaving_on, u.id LIMIT 1 FOR UPDATE OF u SKIP LOCKED";

    @Inject
    EntityManager em;
    @Inject
    HandoverService handovers;
    @Inject
    CompanyCalendar calendar;

    @Scheduled(identity = "user-leaving", every = "${crm.claim.leaving-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        int left = handOverDue();
        if (left > 0) {
            LOG.infof("Handed over and deactivated %d users whose leaving date came", left);
        }
    }

    /** Hands over and deactivates every user whose leaving date is today or past; returns how many this call did. */
    public int handOverDue() {
        int total = 0;
        while (QuarkusTransaction.requiringNew().call(this::handOverOne)) {
            total++;
        }
        return total;
    }

    private boolean handOverOne() {
        @SuppressWarnings("unchecked")
        List<Object[]> due = em.createNativeQuery(DUE)
                .setParameter("today", calendar.today())
                .getResultList();
        if (due.isEmpty()) {
            return false;
        }
        Object[] row = due.get(0);
        handovers.handOverOnLeaving((UUID) row[0], (UUID) row[2], "leaving date " + row[1] + " reached",
                RecallJob.SYSTEM);
        return true;
    }
}
