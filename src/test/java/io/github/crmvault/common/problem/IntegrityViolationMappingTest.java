package io.github.crmvault.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;

/**
 * Plain JDBC work (a claim's statements, the conflict lookups) reaches the mappers as its own wrapper around
 * the driver's exception, not as Hibernate's ConstraintViolationException: a broken constraint must still be
 * the 409 Hibernate's mapper gives, never a 500.
 */
class IntegrityViolationMappingTest {
    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void aBrokenConstraintUnderAnyWrapperIsAConflictNamingIt() {
        PSQLException unique = new PSQLException(new ServerErrorMessage(
                "SERROR\0C23505\0Mduplicate key value violates unique constraint\0ncustomer_owner_once\0"));
        Response response = mappers.unexpected(new IllegalStateException("claim failed", new RuntimeException(unique)));
        assertEquals(409, response.getStatus());
        Problem problem = (Problem) response.getEntity();
        assertEquals(ProblemType.CONFLICT.problem("x").type(), problem.type());
        assertEquals("The change conflicts with existing data (customer_owner_once)", problem.detail());
    }

    @Test
    void aConstraintTheServerDidNotNameIsStillAConflict() {
        Response response = mappers.unexpected(new IllegalStateException(
                new SQLException("insert or update violates foreign key constraint", PSQLState.FOREIGN_KEY_VIOLATION.getState())));
        assertEquals(409, response.getStatus());
        assertEquals("The change conflicts with existing data", ((Problem) response.getEntity()).detail());
    }

    @Test
    void otherDatabaseErrorsStayInternal() {
        Response response = mappers.unexpected(new IllegalStateException(
                new SQLException("division by zero", PSQLState.DIVISION_BY_ZERO.getState())));
        assertEquals(500, response.getStatus());
    }
}
