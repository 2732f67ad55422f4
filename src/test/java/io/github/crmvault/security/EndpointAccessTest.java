package io.github.crmvault.security;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.MergePatches;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may call what, for every operation of the contract under /api/v1: without a token 401, with a
 * role the operation does not allow 403 (a role check, type forbidden), with an allowed role neither.
 */
@QuarkusTest
class EndpointAccessTest {
    static final String SALES = "sales";
    static final String MANAGER = "manager";
    static final String ADMIN = "admin";
    static final String INTEGRATION = "integration";
    /** A role the API does not know. */
    static final String GUEST = "guest";
    static final Set<String> ALL = Set.of(SALES, MANAGER, ADMIN, INTEGRATION);
    static final Set<String> WRITERS = Set.of(SALES, MANAGER, ADMIN);
    static final Set<String> ORG_READERS = Set.of(ADMIN, INTEGRATION);
    static final Set<String> ORG_WRITERS = Set.of(ADMIN);
    static final Set<String> REVIEWERS = Set.of(MANAGER, ADMIN);
    /** Bulk export is a permission of these roles by default (crm.export.roles); the others are refused by the service. */
    static final Set<String> EXPORTERS = Set.of(ADMIN, INTEGRATION);
    /** Claims make the caller an owner, and only reps and managers own customers. */
    static final Set<String> CLAIMERS = Set.of(SALES, MANAGER);

    /** One operation: method, path template, roles allowed, and a valid body if it takes one. */
    record Op(String method, String path, Set<String> allowed, Supplier<Object> body) {
        @Override
        public String toString() {
            return method + " " + path;
        }

        String key() {
            return method + " " + path;
        }

        Response call(RequestSpecification request) {
            String id = UUID.randomUUID().toString();
            String url = path.replace("{id}", id).replace("{contactId}", UUID.randomUUID().toString())
                    .replace("{dealId}", UUID.randomUUID().toString())
                    .replace("{deliveryId}", UUID.randomUUID().toString()).replace("{userId}", id).replace("{teamId}", id);
            if (method.equals("PUT")) {
                request = request.header("If-Match", "\"0\"");
            }
            if (method.equals("PATCH")) {
                request = request.header("If-Match", "\"0\"").contentType(MergePatches.MEDIA_TYPE);
            }
            if (body != null) {
                request = request.body(body.get());
            }
            return request.request(method, url);
        }
    }

    private static Supplier<Object> customer() {
        return () -> Customers.body(Org.unique("Access Co"));
    }

    private static Supplier<Object> contact() {
        return () -> Map.of("name", "王芳");
    }

    private static Supplier<Object> visit() {
        return () -> Map.of("visitedAt", "2026-01-05T02:30:00Z", "channel", "ON_SITE", "notes", "拜访记录".repeat(30));
    }

    private static Supplier<Object> deal() {
        return () -> Map.of("amount", "1000", "currency", "CNY", "signedOn", "2026-01-05", "product", "年度订阅");
    }

    /** A disabled subscription: it exists, but nothing is ever sent to it. */
    private static Supplier<Object> webhook() {
        return () -> Map.of("url", "https://hooks.example.com/crm", "eventTypes", List.of("customer.created"),
                "integrationLogin", "access-erp", "active", false);
    }

    static final List<Op> OPERATIONS = List.of(
            new Op("GET", "/api/v1/settings", ALL, null),
            new Op("POST", "/api/v1/customers/{id}/visits", WRITERS, visit()),
            new Op("GET", "/api/v1/customers/{id}/visits", ALL, null),
            new Op("GET", "/api/v1/visits", WRITERS, null),
            new Op("GET", "/api/v1/visits/{id}", ALL, null),
            new Op("PUT", "/api/v1/visits/{id}", WRITERS, visit()),
            new Op("PATCH", "/api/v1/visits/{id}", WRITERS, () -> "{}"),
            new Op("POST", "/api/v1/visits/{id}/reviews", REVIEWERS, () -> Map.of("verdict", "GOOD")),
            new Op("GET", "/api/v1/visits/{id}/reviews", ALL, null),
            new Op("GET", "/api/v1/reviews/queue", REVIEWERS, null),
            new Op("GET", "/api/v1/customers", ALL, null),
            new Op("POST", "/api/v1/customers", WRITERS, customer()),
            new Op("GET", "/api/v1/customers/{id}", ALL, null),
            new Op("PUT", "/api/v1/customers/{id}", WRITERS, customer()),
            new Op("PATCH", "/api/v1/customers/{id}", WRITERS, () -> "{}"),
            new Op("POST", "/api/v1/customers/{id}/archive", WRITERS, null),
            new Op("POST", "/api/v1/customers/{id}/restore", WRITERS, null),
            new Op("GET", "/api/v1/customers/{id}/history", ALL, null),
            new Op("POST", "/api/v1/customers/{id}/transfer", Set.of(MANAGER, ADMIN),
                    () -> Map.of("toUserId", UUID.randomUUID().toString(), "reason", "区域调整")),
            new Op("POST", "/api/v1/customers/{id}/merge", ORG_WRITERS,
                    () -> Map.of("survivorId", UUID.randomUUID().toString(), "reason", "重复录入")),
            new Op("POST", "/api/v1/customers/{id}/deals", WRITERS, deal()),
            new Op("GET", "/api/v1/customers/{id}/deals", ALL, null),
            new Op("GET", "/api/v1/customers/{id}/deals/{dealId}", ALL, null),
            new Op("POST", "/api/v1/customers/{id}/deals/{dealId}/cancel", WRITERS, () -> Map.of("reason", "违约")),
            new Op("GET", "/api/v1/customers/{id}/contacts", ALL, null),
            new Op("POST", "/api/v1/customers/{id}/contacts", WRITERS, contact()),
            new Op("GET", "/api/v1/customers/{id}/contacts/{contactId}", ALL, null),
            new Op("PUT", "/api/v1/customers/{id}/contacts/{contactId}", WRITERS, contact()),
            new Op("PATCH", "/api/v1/customers/{id}/contacts/{contactId}", WRITERS, () -> "{}"),
            new Op("POST", "/api/v1/customers/{id}/contacts/{contactId}/archive", WRITERS, null),
            new Op("POST", "/api/v1/customers/{id}/contacts/{contactId}/erase", ORG_WRITERS,
                    () -> Map.of("reason", "数据主体要求删除")),
            new Op("GET", "/api/v1/customers/{id}/contacts/{contactId}/personal-data", ORG_WRITERS, null),
            new Op("POST", "/api/v1/customers/{id}/contacts/{contactId}/restore", WRITERS, null),
            new Op("GET", "/api/v1/me", ALL, null),
            new Op("GET", "/api/v1/teams", ORG_READERS, null),
            new Op("POST", "/api/v1/teams", ORG_WRITERS, () -> Map.of("name", Org.unique("access-team"))),
            new Op("GET", "/api/v1/teams/{id}", ORG_READERS, null),
            new Op("PUT", "/api/v1/teams/{id}", ORG_WRITERS, () -> Map.of("name", Org.unique("access-team"))),
            new Op("PATCH", "/api/v1/teams/{id}", ORG_WRITERS, () -> "{}"),
            new Op("GET", "/api/v1/teams/{id}/history", ORG_READERS, null),
            new Op("GET", "/api/v1/users", ORG_READERS, null),
            new Op("POST", "/api/v1/users", ORG_WRITERS,
                    () -> Map.of("login", Org.unique("access-user"), "displayName", "Access User")),
            new Op("GET", "/api/v1/users/{id}", ORG_READERS, null),
            new Op("PUT", "/api/v1/users/{id}", ORG_WRITERS, () -> Map.of("displayName", "Access User", "active", true)),
            new Op("PATCH", "/api/v1/users/{id}", ORG_WRITERS, () -> "{}"),
            new Op("GET", "/api/v1/users/{id}/history", ORG_READERS, null),
            new Op("POST", "/api/v1/users/{id}/handover", ORG_WRITERS, () -> Map.of("toPool", true, "reason", "离职交接")),
            new Op("GET", "/api/v1/sync/changes", ALL, null),
            new Op("GET", "/api/v1/export/customers", EXPORTERS, null),
            new Op("GET", "/api/v1/export/contacts", EXPORTERS, null),
            new Op("GET", "/api/v1/export/visits", EXPORTERS, null),
            new Op("GET", "/api/v1/export/deals", EXPORTERS, null),
            new Op("GET", "/api/v1/audit/exports", ORG_WRITERS, null),
            new Op("GET", "/api/v1/audit/reads", ORG_WRITERS, null),
            new Op("GET", "/api/v1/alerts", WRITERS, null),
            new Op("POST", "/api/v1/customers/{id}/claim", CLAIMERS, null),
            new Op("POST", "/api/v1/customers/{id}/release", WRITERS, () -> Map.of("reason", "no longer interested")),
            new Op("GET", "/api/v1/customers/{id}/ownership", ALL, null),
            new Op("GET", "/api/v1/claims/expiring", WRITERS, null),
            new Op("GET", "/api/v1/follow-ups", WRITERS, null),
            new Op("GET", "/api/v1/pool", ALL, null),
            new Op("POST", "/api/v1/conflict-checks", WRITERS, () -> Map.of("name", Org.unique("Access Check"))),
            new Op("GET", "/api/v1/reports/reps/{userId}", WRITERS, null),
            new Op("GET", "/api/v1/reports/teams/{teamId}", REVIEWERS, null),
            new Op("GET", "/api/v1/reports/company", ORG_WRITERS, null),
            new Op("GET", "/api/v1/reports/leaderboard", REVIEWERS, null),
            new Op("GET", "/api/v1/reports/reps/{userId}.csv", WRITERS, null),
            new Op("GET", "/api/v1/reports/teams/{teamId}.csv", REVIEWERS, null),
            new Op("GET", "/api/v1/reports/company.csv", ORG_WRITERS, null),
            new Op("GET", "/api/v1/reports/leaderboard.csv", REVIEWERS, null),
            new Op("GET", "/api/v1/webhooks", ORG_WRITERS, null),
            new Op("POST", "/api/v1/webhooks", ORG_WRITERS, webhook()),
            new Op("GET", "/api/v1/webhooks/{id}", ORG_WRITERS, null),
            new Op("PUT", "/api/v1/webhooks/{id}", ORG_WRITERS, webhook()),
            new Op("PATCH", "/api/v1/webhooks/{id}", ORG_WRITERS, () -> "{}"),
            new Op("POST", "/api/v1/webhooks/{id}/rotate-secret", ORG_WRITERS, null),
            new Op("GET", "/api/v1/webhooks/{id}/history", ORG_WRITERS, null),
            new Op("GET", "/api/v1/webhooks/{id}/deliveries", ORG_WRITERS, null),
            new Op("POST", "/api/v1/webhooks/{id}/deliveries/{deliveryId}/retry", ORG_WRITERS, null),
            new Op("GET", "/api/v1/digests/daily", WRITERS, null),
            new Op("GET", "/api/v1/digests/weekly", WRITERS, null));

    /** Tokens of users that exist and are active, one per role, so that only the role decides. */
    private static Map<String, String> tokens;

    private static synchronized String token(String role) {
        if (tokens == null) {
            String team = Org.team(Org.unique("access"), null, null);
            tokens = Map.of(
                    SALES, OrgAdmin.person(team, SALES).auth(),
                    MANAGER, OrgAdmin.person(team, MANAGER).auth(),
                    INTEGRATION, OrgAdmin.person(team, INTEGRATION).auth(),
                    GUEST, OrgAdmin.person(team, GUEST).auth(),
                    ADMIN, Org.ADMIN);
        }
        return tokens.get(role);
    }

    static Stream<Op> operations() {
        return OPERATIONS.stream();
    }

    static Stream<Arguments> deniedRoles() {
        List<Arguments> cases = new ArrayList<>();
        for (Op op : OPERATIONS) {
            for (String role : List.of(SALES, MANAGER, ADMIN, INTEGRATION, GUEST)) {
                if (!op.allowed().contains(role)) {
                    cases.add(Arguments.of(op, role));
                }
            }
        }
        return cases.stream();
    }

    static Stream<Arguments> allowedRoles() {
        List<Arguments> cases = new ArrayList<>();
        for (Op op : OPERATIONS) {
            for (String role : op.allowed()) {
                cases.add(Arguments.of(op, role));
            }
        }
        return cases.stream();
    }

    @Test
    void theTableCoversEveryOperationOfTheContract() {
        OpenAPI contract = new OpenAPIV3Parser().read("openapi/openapi.yaml");
        Set<String> inContract = new TreeSet<>();
        for (Map.Entry<String, PathItem> path : contract.getPaths().entrySet()) {
            if (path.getKey().startsWith("/api/v1/")) {
                path.getValue().readOperationsMap().keySet().forEach(m -> inContract.add(m.name() + " " + path.getKey()));
            }
        }
        Set<String> tested = new TreeSet<>();
        OPERATIONS.forEach(op -> tested.add(op.key()));
        assertEquals(inContract, tested);
    }

    @ParameterizedTest(name = "{0} without a token -> 401")
    @MethodSource("operations")
    void withoutTokenIsUnauthenticated(Op op) {
        Problems.unauthenticated(op.call(Api.anonymous()));
    }

    @ParameterizedTest(name = "{0} as {1} -> 403")
    @MethodSource("deniedRoles")
    void roleNotAllowedIsForbidden(Op op, String role) {
        if (op.path().startsWith("/api/v1/export/") && !role.equals(GUEST)) {
            // A known role without the export permission: a setting, so its own problem type.
            Problems.expect(op.call(Api.as(token(role))), 403, "export-not-permitted");
        } else {
            Problems.forbidden(op.call(Api.as(token(role))));
        }
    }

    @ParameterizedTest(name = "{0} as {1} is not refused")
    @MethodSource("allowedRoles")
    void allowedRoleIsNotRefused(Op op, String role) {
        // Random ids give 404 and new records 201; what matters is that the role is let through.
        op.call(Api.as(token(role))).then().statusCode(not(oneOf(401, 403, 500)));
    }

    @Test
    void authenticationComesBeforeBodyValidation() {
        // An anonymous or refused caller learns nothing about the input rules.
        Problems.unauthenticated(Api.anonymous().body(Map.of()).post("/api/v1/customers"));
        Problems.unauthenticated(Api.anonymous().body("{not json").post("/api/v1/teams"));
        Problems.forbidden(Api.as(token(INTEGRATION)).body(Map.of()).post("/api/v1/customers"));
        Problems.forbidden(Api.as(token(SALES)).body(Map.of("name", "")).post("/api/v1/teams"))
                .body("detail", containsString("role"));
    }

    @Test
    void integrationCannotChangeARealCustomer() {
        Org.Person rep = Org.rep();
        String id = Customers.create(rep.auth(), Org.unique("Integration Target"));
        String integration = token(INTEGRATION);
        Problems.forbidden(Api.as(integration).header("If-Match", "\"0\"").body(Customers.body("Renamed"))
                .put("/api/v1/customers/" + id));
        Problems.forbidden(Api.as(integration).post("/api/v1/customers/" + id + "/archive"));
        Problems.forbidden(Api.as(integration).body(Map.of("name", "王芳")).post("/api/v1/customers/" + id + "/contacts"));
        // It can read it, and nothing changed.
        Api.as(integration).get("/api/v1/customers/" + id).then().statusCode(200)
                .body("version", org.hamcrest.Matchers.equalTo(0))
                .body("archived", org.hamcrest.Matchers.equalTo(false))
                .body("name", containsString("Integration Target"));
        Api.as(integration).get("/api/v1/customers/" + id + "/contacts").then().statusCode(200)
                .body("items", org.hamcrest.Matchers.empty());
    }

    @Test
    void tokenWithoutAnyRoleIsForbidden() {
        String login = Org.unique("noroles");
        Org.user(login, null);
        String noRoles = "Bearer " + io.smallrye.jwt.build.Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE)
                .upn(login).subject(login).expiresIn(3600).sign(Tokens.TEST_KEY);
        Problems.forbidden(Api.as(noRoles).get("/api/v1/me"));
        Problems.forbidden(Api.as(noRoles).get("/api/v1/customers"));
    }
}
