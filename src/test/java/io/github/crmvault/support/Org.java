package io.github.crmvault.support;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Builds an organisation through the admin API; every name is unique so tests never collide. */
public final class Org {
    public static final String ADMIN = Tokens.bearer("admin-" + UUID.randomUUID(), "admin");

    private Org() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String team(String name, String parentId, String managerId) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("parentId", parentId);
        body.put("managerId", managerId);
        return Api.as(ADMIN).body(body).post("/api/v1/teams").then().statusCode(201).extract().path("id");
    }

    /** Creates an active user and returns its id. */
    public static String user(String login, String teamId) {
        Map<String, Object> body = new HashMap<>();
        body.put("login", login);
        body.put("displayName", "User " + login);
        body.put("teamId", teamId);
        return Api.as(ADMIN).body(body).post("/api/v1/users").then().statusCode(201).extract().path("id");
    }

    /** A rep with a user row, in a fresh team; returns the Authorization header. */
    public static Person rep() {
        String login = unique("rep");
        String id = user(login, team(unique("team"), null, null));
        return new Person(login, id, Tokens.bearer(login, "sales"));
    }

    public record Person(String login, String id, String auth) {
    }
}
