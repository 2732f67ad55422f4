package io.github.crmvault.support;

import io.restassured.response.Response;
import java.util.HashMap;
import java.util.Map;

/** Admin edits of the organisation that need the record's ETag (If-Match). */
public final class OrgAdmin {
    private OrgAdmin() {
    }

    /** The current ETag of a team or user, e.g. {@code etag("/api/v1/users/" + id)}. */
    public static String etag(String path) {
        return Api.as(Org.ADMIN).get(path).then().statusCode(200).extract().header("ETag");
    }

    /** Activates or deactivates a user, keeping their display name and team. */
    public static void setUserActive(String userId, boolean active) {
        putActive(userId, active).then().statusCode(200);
    }

    /** The PUT of {@link #setUserActive}, answered as it comes (a deactivation may be refused). */
    public static Response putActive(String userId, boolean active) {
        String path = "/api/v1/users/" + userId;
        var current = Api.as(Org.ADMIN).get(path).then().statusCode(200).extract();
        Map<String, Object> body = new HashMap<>();
        body.put("displayName", current.path("displayName"));
        body.put("teamId", current.path("teamId"));
        body.put("active", active);
        return Api.as(Org.ADMIN).header("If-Match", current.header("ETag")).body(body).put(path);
    }

    /** Marks a user as leaving on the date (null takes the mark back), by JSON Merge Patch as an admin. */
    public static void setLeaving(String userId, java.time.LocalDate leavingOn) {
        String path = "/api/v1/users/" + userId;
        String etag = Api.as(Org.ADMIN).get(path).then().statusCode(200).extract().header("ETag");
        Map<String, Object> patch = new HashMap<>();
        patch.put("leavingOn", leavingOn == null ? null : leavingOn.toString());
        Api.as(Org.ADMIN).header("If-Match", etag).contentType("application/merge-patch+json").body(patch).patch(path)
                .then().statusCode(200);
    }

    /** Creates a user with the given login in the team and returns the Authorization header for the roles. */
    public static Org.Person person(String teamId, String... roles) {
        String login = Org.unique("user");
        String id = Org.user(login, teamId);
        return new Org.Person(login, id, Tokens.bearer(login, roles));
    }
}
