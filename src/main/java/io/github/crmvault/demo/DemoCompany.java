package io.github.crmvault.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.github.crmvault.demo.DemoPeople.Person;
import io.github.crmvault.settings.CompanyCalendar;
import io.github.crmvault.settings.CrmSettings;
import io.quarkus.arc.profile.UnlessBuildProfile;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The demo company of dev mode ({@code crm.demo.enabled}): written once into an empty database, through the
 * running API, then the tokens of its admin, a manager and a rep are printed. Never part of a prod build
 * ({@code @UnlessBuildProfile("prod")}), so the setting does nothing there. A database with any team, user or
 * customer is never touched.
 */
@ApplicationScoped
@UnlessBuildProfile("prod")
public class DemoCompany {
    public enum Outcome { DISABLED, SEEDED, NOT_EMPTY }

    private static final Logger LOG = Logger.getLogger(DemoCompany.class);
    private static final Duration PRINTED_TOKEN_LIFETIME = Duration.ofHours(12);
    private static final String IS_EMPTY = "SELECT NOT EXISTS (SELECT 1 FROM team) AND NOT EXISTS (SELECT 1 FROM app_user)"
            + " AND NOT EXISTS (SELECT 1 FROM customer)";
    /** One writer at a time, should two dev instances share a schema. */
    private static final String LOCK = "SELECT pg_try_advisory_lock(hashtext('crm-demo-company'))";
    private static final String UNLOCK = "SELECT pg_advisory_unlock(hashtext('crm-demo-company'))";
    /**
     * The API stamps records with the time they were written; the demo's past is older. Visits and reviews get
     * their own time back, and each claim starts before its customer's first visit, protected the configured
     * days from the later of the claim and the last effective visit, as the claim rules would have kept it.
     */
    private static final List<String> BACKDATE = List.of(
            "UPDATE visit SET created_at = least(visited_at + interval '1 hour', created_at),"
                    + " updated_at = least(visited_at + interval '1 hour', created_at)",
            "UPDATE visit_review r SET created_at = least(v.visited_at + interval '20 hours', r.created_at)"
                    + " FROM visit v WHERE v.id = r.visit_id",
            """
            UPDATE customer c SET claimed_at = v.first_at - interval '2 days',
                   protected_until = greatest(v.first_at - interval '2 days', v.last_effective) + make_interval(days => :days)
              FROM (SELECT customer_id, min(visited_at) AS first_at, max(visited_at) FILTER (WHERE effective) AS last_effective
                      FROM visit GROUP BY customer_id) v
             WHERE c.id = v.customer_id AND c.owner_id IS NOT NULL AND c.status <> 'SIGNED'
            """);

    @Inject
    DemoSettings demoSettings;
    @Inject
    DevTokens tokens;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;
    @Inject
    CompanyCalendar calendar;
    @Inject
    CrmSettings settings;

    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

    /** How the start went: DISABLED, SEEDED, or NOT_EMPTY (the database had data, nothing written). */
    public CompletionStage<Outcome> outcome() {
        return outcome;
    }

    void onStart(@Observes StartupEvent event) {
        if (!demoSettings.enabled()) {
            outcome.complete(Outcome.DISABLED);
            return;
        }
        if (!tokens.available()) {
            throw new IllegalStateException("crm.demo.enabled needs crm.demo.signing-key (the dev key) to act as the demo's people");
        }
        // The demo is written through the API, which listens only once start-up is over.
        Thread writer = new Thread(() -> {
            try {
                URI api = awaitApi();
                Outcome result = seedIfEmpty(api);
                if (LaunchMode.current() == LaunchMode.DEVELOPMENT) {
                    LOG.info(banner(api));
                }
                outcome.complete(result);
            } catch (RuntimeException | Error e) {
                LOG.error("The demo company could not be written; drop the schema to start again", e);
                outcome.completeExceptionally(e);
            }
        }, "demo-company");
        writer.setDaemon(true);
        writer.start();
    }

    /** Writes the demo company if the database is empty; otherwise leaves it exactly as it is. */
    public Outcome seedIfEmpty(URI api) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            if (!bool(statement, LOCK)) {
                LOG.info("Another instance is writing the demo company");
                return Outcome.NOT_EMPTY;
            }
            try {
                if (!bool(statement, IS_EMPTY)) {
                    LOG.info("The database has data: no demo company written");
                    return Outcome.NOT_EMPTY;
                }
                Instant started = Instant.now();
                new DemoScript(new DemoApi(api, json, tokens), calendar).run();
                QuarkusTransaction.requiringNew().run(() -> {
                    for (String sql : BACKDATE) {
                        var query = em.createNativeQuery(sql);
                        if (sql.contains(":days")) {
                            query.setParameter("days", settings.claim().protectionDays());
                        }
                        query.executeUpdate();
                    }
                });
                LOG.infof("Demo company written in %d ms", Duration.between(started, Instant.now()).toMillis());
                return Outcome.SEEDED;
            } finally {
                bool(statement, UNLOCK);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot check the database for the demo company", e);
        }
    }

    /** The lines printed at a dev start: the Swagger UI and ready-to-paste tokens of the demo's people. */
    public String banner(URI api) {
        List<Person> people = new ArrayList<>(List.of(DemoPeople.ADMIN));
        // A database that is not the demo's has none of its people: only the admin token works there.
        if (demoPeopleExist()) {
            people.add(DemoPeople.manager());
            people.add(DemoPeople.rep());
        }
        StringBuilder text = new StringBuilder("\n\nDemo company ").append(DemoPeople.REGION).append(": Swagger UI at ")
                .append(api.resolve("/q/swagger-ui")).append(" (Authorize: paste a token without \"Bearer \").\n")
                .append("Tokens valid for ").append(PRINTED_TOKEN_LIFETIME.toHours()).append(" hours:\n");
        for (Person person : people) {
            text.append("\n").append(person.role()).append(": ").append(person.login()).append(" (").append(person.name())
                    .append(")\nAuthorization: Bearer ").append(tokens.sign(person.login(), List.of(person.role()), PRINTED_TOKEN_LIFETIME))
                    .append("\n");
        }
        text.append("\nOther logins: ").append(DemoPeople.REGIONAL_MANAGER.login()).append(" (regional manager), ")
                .append(DemoPeople.TEAM_MANAGERS.get(1).login()).append(" (manager), ");
        DemoPeople.REPS.stream().skip(1).forEach(rep -> text.append(rep.login()).append(", "));
        return text.append("reps; mint their tokens with src/dev/token.sh <login> <role>\n").toString();
    }

    private boolean demoPeopleExist() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "SELECT count(*) FROM app_user WHERE active AND login IN (:logins)")
                .setParameter("logins", List.of(DemoPeople.manager().login(), DemoPeople.rep().login()))
                .getSingleResult()).intValue() == 2);
    }

    private static boolean bool(Statement statement, String sql) throws SQLException {
        try (ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getBoolean(1);
        }
    }

    /** The API's address once it accepts connections (tests listen on a random port, published when bound). */
    private static URI awaitApi() {
        boolean test = LaunchMode.current() == LaunchMode.TEST;
        String property = test ? "quarkus.http.test-port" : "quarkus.http.port";
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            String published = System.getProperty(property);
            int port = published != null ? Integer.parseInt(published)
                    : ConfigProvider.getConfig().getOptionalValue(property, Integer.class).orElse(test ? 8081 : 8080);
            if (port > 0) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("localhost", port), 1000);
                    return URI.create("http://localhost:" + port);
                } catch (IOException notYet) {
                    // not listening yet
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the API", e);
            }
        }
        throw new IllegalStateException("The API did not start listening within two minutes");
    }
}
