package io.github.crmvault.common.problem;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Predicate;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Tells a database that is away (restarting, unreachable, out of connections, or a statement cut by
 * its timeout) from a bug. Those are answered 503 with Retry-After: the client should simply retry,
 * and nothing was applied, since the transaction did not commit.
 */
public final class DatabaseFailures {
    /** Seconds a client should wait before retrying when the database is away. */
    public static final String RETRY_AFTER_SECONDS = "2";

    private DatabaseFailures() {
    }

    public static boolean isUnavailable(Throwable failure) {
        return cause(failure) != null;
    }

    public static ProblemException unavailable() {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                "The database is not available at the moment; nothing was changed. Retry shortly")
                .withHeader("Retry-After", RETRY_AFTER_SECONDS);
    }

    /**
     * The constraint a statement broke (SQLSTATE class 23: unique, foreign key, check) somewhere in the cause
     * chain, for failures of plain JDBC work that Hibernate did not convert: "" when the server did not name
     * it, null when no constraint was broken.
     */
    public static String violatedConstraint(Throwable failure) {
        Throwable violation = firstInChain(failure,
                t -> t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23"));
        if (violation == null) {
            return null;
        }
        ServerErrorMessage server = violation instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        return server == null || server.getConstraint() == null ? "" : server.getConstraint();
    }

    /** The first line of the cause, for a log line without a stack trace. */
    public static String summary(Throwable failure) {
        Throwable cause = cause(failure);
        return cause == null ? String.valueOf(failure) : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static Throwable cause(Throwable failure) {
        return firstInChain(failure, t -> t instanceof ConnectException
                || t instanceof org.hibernate.exception.JDBCConnectionException
                || t instanceof SQLException sql && isUnavailable(sql));
    }

    /** The first of the failure and its causes that {@code test} accepts (a cycle of causes ends the walk). */
    private static Throwable firstInChain(Throwable failure, Predicate<Throwable> test) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (test.test(t)) {
                return t;
            }
        }
        return null;
    }

    private static boolean isUnavailable(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            // Agroal's pool gives up without a state: no connection came free in time.
            return e.getMessage() != null && e.getMessage().contains("acquisition timeout");
        }
        return state.startsWith("08") // connection exception: refused, broken, closed
                || state.equals("57P01") || state.equals("57P02") || state.equals("57P03") // shutdown, starting up
                || state.equals("53300") // too many connections
                || state.equals("57014") // statement timeout or cancel
                || state.equals("25P03"); // idle-in-transaction timeout ended the session
    }
}
