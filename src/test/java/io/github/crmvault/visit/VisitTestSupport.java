package io.github.crmvault.visit;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Sql;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/** Shared helpers of the visit and review API tests. */
final class VisitTestSupport {
    static final String TEXT = "客户规模两百人关心数据安全和价格采购总监犹豫预算下周带方案上门演示";

    private VisitTestSupport() {
    }

    /** Exactly n Chinese characters (n code points, no whitespace). */
    static String chinese(int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            text.append(TEXT.charAt(i % TEXT.length()));
        }
        return text.toString();
    }

    static String visits(String customerId) {
        return "/api/v1/customers/" + customerId + "/visits";
    }

    static String visit(String visitId) {
        return "/api/v1/visits/" + visitId;
    }

    static String reviews(String visitId) {
        return visit(visitId) + "/reviews";
    }

    /** A valid visit an hour ago, with a 120-character note and no contact or next step. */
    static Map<String, Object> body() {
        Map<String, Object> body = new HashMap<>();
        body.put("visitedAt", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
        body.put("channel", "ON_SITE");
        body.put("notes", chinese(120));
        return body;
    }

    static Map<String, Object> body(String visitedAt) {
        Map<String, Object> body = body();
        body.put("visitedAt", visitedAt);
        return body;
    }

    static String create(String auth, String customerId, Map<String, Object> body) {
        return Api.as(auth).body(body).post(visits(customerId)).then().statusCode(201).extract().path("id");
    }

    static String create(String auth, String customerId) {
        return create(auth, customerId, body());
    }

    static JsonPath get(String auth, String visitId) {
        return Api.as(auth).get(visit(visitId)).then().statusCode(200).extract().jsonPath();
    }

    /** Ids of every item over all pages of a list, following nextCursor. */
    static List<String> allIds(String auth, String path, Map<String, ?> query, int limit, String idField) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 200; page++) {
            var request = Api.as(auth).queryParams(query).queryParam("limit", limit);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath json = request.get(path).then().statusCode(200).extract().jsonPath();
            ids.addAll(json.getList("items." + idField, String.class));
            cursor = json.getString("nextCursor");
            if (cursor == null) {
                return ids;
            }
        }
        throw new AssertionError("too many pages at " + path);
    }

    /** Entity type and action of each history entry of a customer, newest first. */
    static List<String> history(String auth, String customerId) {
        return Api.as(auth).queryParam("limit", 200).get("/api/v1/customers/" + customerId + "/history").then()
                .statusCode(200).extract().jsonPath().getList("items", Map.class).stream()
                .map(e -> e.get("entityType") + ":" + e.get("action")).toList();
    }

    static void sql(DataSource dataSource, String sql, Object... params) {
        Sql.update(dataSource, sql, params);
    }

    /** Moves a customer to another owner (null: the pool), as a transfer or release would. */
    static void setOwner(DataSource dataSource, String customerId, String ownerId) {
        sql(dataSource, "UPDATE customer SET owner_id = ? WHERE id = ?",
                ownerId == null ? null : UUID.fromString(ownerId), UUID.fromString(customerId));
    }

    /**
     * A region: a manager (role manager) of a top team, a rep in a team below it, a customer of the
     * rep. Siblings built the same way share nothing.
     */
    record Region(String topTeam, Org.Person manager, String repTeam, Org.Person rep, String customerId) {
        static Region create() {
            String managerLogin = Org.unique("mgr");
            String managerId = Org.user(managerLogin, null);
            Org.Person manager = new Org.Person(managerLogin, managerId,
                    io.github.crmvault.support.Tokens.bearer(managerLogin, "manager"));
            String top = Org.team(Org.unique("region"), null, managerId);
            String repTeam = Org.team(Org.unique("squad"), top, null);
            Org.Person rep = OrgAdmin.person(repTeam, "sales");
            String customerId = Customers.create(rep.auth(), Org.unique("拜访客户"));
            return new Region(top, manager, repTeam, rep, customerId);
        }
    }
}
