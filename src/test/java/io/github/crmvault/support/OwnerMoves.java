package io.github.crmvault.support;

import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/** Records under a customer and the audit trail of owner changes, for the transfer, handover and merge tests. */
public final class OwnerMoves {
    private OwnerMoves() {
    }

    public static String customer(String id) {
        return "/api/v1/customers/" + id;
    }

    public static String contact(String auth, String customerId) {
        return Api.as(auth).body(Map.of("name", "王芳")).post(customer(customerId) + "/contacts").then().statusCode(201)
                .extract().path("id");
    }

    /** A visit an hour ago with a note long enough to be accepted. */
    public static String visit(String auth, String customerId) {
        Map<String, Object> body = new HashMap<>();
        body.put("visitedAt", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
        body.put("channel", "ON_SITE");
        body.put("notes", "客户规模两百人关心数据安全和价格采购总监犹豫预算下周带方案上门演示".repeat(4));
        return Api.as(auth).body(body).post(customer(customerId) + "/visits").then().statusCode(201).extract().path("id");
    }

    public static JsonPath get(String auth, String customerId) {
        return Api.as(auth).get(customer(customerId)).then().statusCode(200).extract().jsonPath();
    }

    /** Every history entry of a customer, newest first. */
    public static List<Map<String, Object>> history(String auth, String customerId) {
        return Api.as(auth).queryParam("limit", 200).get(customer(customerId) + "/history").then().statusCode(200)
                .extract().jsonPath().getList("items");
    }

    /** The entries of one action, newest first. */
    public static List<Map<String, Object>> history(String auth, String customerId, String action) {
        return history(auth, customerId).stream().filter(e -> action.equals(e.get("action"))).toList();
    }

    /** A history entry's changes as field -> [old, new]. */
    @SuppressWarnings("unchecked")
    public static Map<String, List<Object>> changes(Map<String, Object> entry) {
        Map<String, List<Object>> changes = new HashMap<>();
        for (Map<String, Object> change : (List<Map<String, Object>>) entry.get("changes")) {
            List<Object> values = new ArrayList<>();
            values.add(change.get("oldValue"));
            values.add(change.get("newValue"));
            changes.put((String) change.get("field"), values);
        }
        return changes;
    }

    /** The customer's ownership log, oldest first: kind, old owner key, new owner key, actor, reason. */
    public static List<List<String>> ownerLog(DataSource dataSource, String customerId) {
        String sql = "SELECT kind, CAST(old_owner_key AS text), CAST(new_owner_key AS text), actor, reason"
                + " FROM customer_owner_change WHERE customer_id = ? ORDER BY seq";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, UUID.fromString(customerId));
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= 5; i++) {
                        row.add(result.getString(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
