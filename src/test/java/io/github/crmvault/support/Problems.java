package io.github.crmvault.support;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

/** Assertions on RFC 9457 problem responses (application/problem+json with a stable type URI). */
public final class Problems {
    public static final String PREFIX = "urn:problem:crm:";
    public static final String PROBLEM_JSON = "application/problem+json";

    private Problems() {
    }

    /** The response is a problem of the given status and type (the part after urn:problem:crm:). */
    public static ValidatableResponse expect(Response response, int status, String type) {
        return response.then()
                .statusCode(status)
                .header("Content-Type", startsWith(PROBLEM_JSON))
                .body("type", equalTo(PREFIX + type))
                .body("status", equalTo(status))
                .body("title", not(emptyOrNullString()));
    }

    /** A 401 problem that also challenges the client with WWW-Authenticate: Bearer. */
    public static ValidatableResponse unauthenticated(Response response) {
        return expect(response, 401, "unauthenticated").header("WWW-Authenticate", startsWith("Bearer"));
    }

    /** A 403 because the caller's role does not allow the operation. */
    public static ValidatableResponse forbidden(Response response) {
        return expect(response, 403, "forbidden");
    }

    public static ValidatableResponse notFound(Response response) {
        return expect(response, 404, "not-found");
    }

    /** A 400 validation problem that names the field. */
    public static ValidatableResponse invalidField(Response response, String field) {
        return expect(response, 400, "validation").body("errors.field", org.hamcrest.Matchers.hasItem(field));
    }
}
