package io.github.crmvault.common.web;

import io.github.crmvault.common.idempotency.Idempotency;
import io.github.crmvault.common.openapi.ProblemSchemas;
import io.github.crmvault.common.openapi.SchemaDetails;
import io.github.crmvault.common.ratelimit.RateLimiter;
import io.github.crmvault.common.problem.ProblemType;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Puts the error responses that every operation can give into the contract, so that no status a
 * client may see is missing from it: each answers application/problem+json.
 */
public class ProblemResponsesFilter implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        anyJsonValue(openAPI, "FieldChange", "oldValue");
        anyJsonValue(openAPI, "FieldChange", "newValue");
        SchemaDetails.apply(openAPI);
        if (openAPI.getPaths() == null) {
            return;
        }
        declareRateLimitHeaders(openAPI);
        Set<ProblemType> used = EnumSet.noneOf(ProblemType.class);
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            boolean hasPathId = path.getKey().contains("{");
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : path.getValue().getOperations().entrySet()) {
                Operation operation = entry.getValue();
                APIResponses responses = operation.getResponses();
                boolean hasBody = operation.getRequestBody() != null;
                boolean hasParameters = operation.getParameters() != null && !operation.getParameters().isEmpty()
                        || path.getValue().getParameters() != null && !path.getValue().getParameters().isEmpty();
                // Any URI can carry a broken percent-escape: 400 urn:problem:crm:malformed-uri.
                add(responses, "400", hasBody || hasParameters || hasPathId
                        ? "Invalid input: the problem says which field and why"
                        : "The request URI is malformed (type urn:problem:crm:malformed-uri)");
                add(responses, "401", "No valid bearer token");
                add(responses, "403", "The caller's role may not do this, or the login is unknown or deactivated");
                if (hasPathId) {
                    add(responses, "404", "No such record, or it is not visible to the caller");
                }
                if (hasBody) {
                    add(responses, "408", "The request body did not arrive in time; the connection is closed");
                    add(responses, "413", "The request body is too large");
                    add(responses, "415", "The request body is not application/json");
                }
                if (entry.getKey() == PathItem.HttpMethod.PUT || entry.getKey() == PathItem.HttpMethod.PATCH) {
                    add(responses, "409", "The change conflicts with existing data");
                    add(responses, "412", "If-Match does not match the current ETag: someone else changed the record");
                    add(responses, "428", "If-Match is missing");
                    addIfMatch(operation);
                }
                ConditionalGet.declare(entry.getKey(), operation);
                if (operation.getParameters() != null && operation.getParameters().stream()
                        .anyMatch(p -> Idempotency.HEADER.equalsIgnoreCase(p.getName()))) {
                    addIdempotencyResponses(responses);
                }
                add(responses, "406", "The client does not accept application/json");
                add(responses, "414", "The request URI is too long");
                add(responses, "431", "The request headers are too large");
                addWithRetryAfter(responses, "429", "Too many requests; retry after Retry-After seconds. Either the"
                        + " caller used its budget of requests of one class in the current window (type"
                        + " urn:problem:crm:rate-limited, with the RateLimit-* headers): reads, writes and conflict"
                        + " checks are counted per login, requests without a valid token per client address; or"
                        + " the caller runs as much long work (exports, reports, note searches, change-feed pages)"
                        + " as one caller may at a time (type urn:problem:crm:caller-busy)");
                addRateLimitHeaders(responses);
                add(responses, "500", "Unexpected error; the problem carries no internals");
                addWithRetryAfter(responses, "503", "Unavailable for a moment: the database is restarting or"
                        + " unreachable, this instance runs as much long work as it allows, or it is shutting down;"
                        + " nothing was changed, retry after Retry-After seconds (type"
                        + " urn:problem:crm:service-unavailable)");
                declareSentHeaders(responses);
                integersAreInt32(operation);
                for (Map.Entry<String, APIResponse> response : responses.getAPIResponses().entrySet()) {
                    used.addAll(ProblemSchemas.narrow(ProblemSchemas.where(path.getKey(), operation),
                            response.getKey(), response.getValue()));
                }
            }
        }
        ProblemSchemas.declare(openAPI, used);
    }

    /** Every integer parameter of this API (limits, counts, seconds) fits 32 bits: say so, for generators. */
    private static void integersAreInt32(Operation operation) {
        if (operation.getParameters() != null) {
            operation.getParameters().forEach(p -> int32(p.getSchema()));
        }
    }

    private static org.eclipse.microprofile.openapi.models.media.Schema int32(
            org.eclipse.microprofile.openapi.models.media.Schema schema) {
        if (schema != null && schema.getFormat() == null && schema.getType() != null
                && schema.getType().contains(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.INTEGER)) {
            schema.format("int32");
        }
        return schema;
    }

    /** Headers the server sends on every answer of a kind, whichever operation gives it. */
    private static void declareSentHeaders(APIResponses responses) {
        APIResponse created = responses.getAPIResponse("201");
        if (created != null) {
            created.addHeader("Location", OASFactory.createHeader().required(true)
                    .description("The URI of the created record")
                    .schema(OASFactory.createSchema().type(List.of(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING))
                            .format("uri-reference")));
        }
        responses.getAPIResponse("401").addHeader("WWW-Authenticate", OASFactory.createHeader().required(true)
                .description("Bearer: the API wants a bearer token")
                .schema(OASFactory.createSchema().type(List.of(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING))));
    }

    /** An audited value may be text, a number, a list or null: the schema must not pin a type. */
    private static void anyJsonValue(OpenAPI openAPI, String schemaName, String property) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        org.eclipse.microprofile.openapi.models.media.Schema schema = openAPI.getComponents().getSchemas().get(schemaName);
        if (schema == null || schema.getProperties() == null || !schema.getProperties().containsKey(property)) {
            return;
        }
        String description = schema.getProperties().get(property).getDescription();
        schema.addProperty(property, OASFactory.createSchema().description(description));
    }

    private static void addIfMatch(Operation operation) {
        if (operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> "If-Match".equalsIgnoreCase(p.getName()))) {
            operation.getParameters().stream().filter(p -> "If-Match".equalsIgnoreCase(p.getName()))
                    .forEach(p -> p.required(true)
                            .description("The ETag from the last read of the record (required: 428 without it)"));
        }
    }

    /** The answers of an operation that takes an Idempotency-Key (see {@link Idempotency}). */
    private static void addIdempotencyResponses(APIResponses responses) {
        for (Map.Entry<String, APIResponse> success : responses.getAPIResponses().entrySet()) {
            if (success.getKey().startsWith("2")) {
                success.getValue().addHeader(Idempotency.REPLAYED, OASFactory.createHeader()
                        .description("\"true\" when this is the stored response of an earlier request with the same"
                                + " Idempotency-Key")
                        .schema(OASFactory.createSchema().type(List.of(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING))));
            }
        }
        String inProgress = "A request with the same Idempotency-Key is still running; retry shortly"
                + " (type urn:problem:crm:idempotency-key-in-progress)";
        APIResponse conflict = responses.getAPIResponse("409");
        if (conflict != null && conflict.getDescription() != null) {
            conflict.description(conflict.getDescription() + "; or: " + inProgress);
        } else {
            add(responses, "409", inProgress);
        }
        add(responses, "422", "The Idempotency-Key was used before for a different request (another body, path or"
                + " operation); use a new key (type urn:problem:crm:idempotency-key-reused)");
    }

    /** The rate-limit headers, described once under components and referred to by every counted answer. */
    private static void declareRateLimitHeaders(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.components(OASFactory.createComponents());
        }
        integerHeader(openAPI, RateLimiter.LIMIT, "Requests of this operation's class (reads, writes or conflict checks;"
                + " on a 429 for a missing or bad token: failed attempts of the client address) allowed in the"
                + " current window");
        integerHeader(openAPI, RateLimiter.REMAINING, "Requests of that class left in the window");
        integerHeader(openAPI, RateLimiter.RESET, "Seconds until the window ends and the budget is whole again");
    }

    private static void integerHeader(OpenAPI openAPI, String name, String description) {
        openAPI.getComponents().addHeader(name, OASFactory.createHeader().description(description)
                .schema(int32(OASFactory.createSchema().type(List.of(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.INTEGER)))));
    }

    /**
     * Every answer counted against a rate limit tells the caller its budget (RateLimiter): successes and
     * client errors alike. Refusals made before counting (HttpGuard's 401, 414, 431, ...) carry none, so
     * the headers are optional.
     */
    private static void addRateLimitHeaders(APIResponses responses) {
        for (Map.Entry<String, APIResponse> response : responses.getAPIResponses().entrySet()) {
            if (response.getKey().startsWith("2") || response.getKey().startsWith("4") || response.getKey().equals("304")) {
                for (String header : List.of(RateLimiter.LIMIT, RateLimiter.REMAINING, RateLimiter.RESET)) {
                    response.getValue().addHeader(header, OASFactory.createHeader().ref(header));
                }
            }
        }
    }

    private static void addWithRetryAfter(APIResponses responses, String code, String description) {
        add(responses, code, description);
        responses.getAPIResponse(code).addHeader("Retry-After", OASFactory.createHeader()
                .description("Seconds to wait before retrying")
                .schema(int32(OASFactory.createSchema().type(List.of(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.INTEGER)))));
    }

    private static void add(APIResponses responses, String code, String description) {
        APIResponse response = responses.getAPIResponse(code);
        if (response == null) {
            response = OASFactory.createAPIResponse().description(description);
            responses.addAPIResponse(code, response);
        } else if (response.getContent() != null) {
            return;
        } else {
            // Generated 401/403 entries carry no body; ours always do.
            response.description(description);
        }
        response.content(OASFactory.createContent().addMediaType("application/problem+json",
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"))));
    }

}
