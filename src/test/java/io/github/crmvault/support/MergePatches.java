package io.github.crmvault.support;

import static org.hamcrest.Matchers.containsString;

import io.restassured.response.Response;

/** PATCH requests with a JSON Merge Patch body (RFC 7396); answers are checked against the contract. */
public final class MergePatches {
    public static final String MEDIA_TYPE = "application/merge-patch+json";

    private MergePatches() {
    }

    /** PATCH {@code json} (a literal, so null members are easy to write) with If-Match, unless it is null. */
    public static Response patch(String auth, String path, String ifMatch, String json) {
        var request = Api.as(auth).contentType(MEDIA_TYPE + "; charset=UTF-8").body(json);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.patch(path);
    }

    /**
     * What every PATCH refuses alike, {@code patch} being one it would accept: another media type
     * (415), a body that is not a JSON object (400), no If-Match (428), a stale one (412). None of
     * them changes the record: its ETag stays {@code etag}.
     */
    public static void refusesBadRequests(String auth, String path, String etag, String patch) {
        Problems.expect(Api.as(auth).header("If-Match", etag).body(patch).patch(path), 415, "unsupported-media-type")
                .body("detail", containsString(MEDIA_TYPE));
        Problems.expect(Api.as(auth).contentType("text/plain").header("If-Match", etag).body(patch).patch(path),
                415, "unsupported-media-type");
        for (String notAnObject : new String[] {"[" + patch + "]", "\"text\"", "null", "", "{\"a\": 1} {}"}) {
            Problems.expect(patch(auth, path, etag, notAnObject), 400, "malformed-body");
        }
        Problems.expect(patch(auth, path, null, patch), 428, "precondition-required");
        String stale = "\"" + (Long.parseLong(etag.replace("\"", "")) + 1) + "\"";
        Problems.expect(patch(auth, path, stale, patch), 412, "precondition-failed");
        Problems.expect(patch(auth, path, "*", patch), 428, "precondition-required");
        Api.as(auth).get(path).then().statusCode(200).header("ETag", etag);
    }
}
