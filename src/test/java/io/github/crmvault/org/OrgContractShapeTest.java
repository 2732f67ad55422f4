package io.github.crmvault.org;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.parser.OpenAPIV3Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The stored contract must describe the organisation bodies, or clients cannot rely on them and the
 * contract filter in {@code Api} cannot check them. (No server needed: it reads openapi/openapi.yaml.)
 */
class OrgContractShapeTest {
    private static final OpenAPI CONTRACT = new OpenAPIV3Parser().read("openapi/openapi.yaml");

    private static Operation operation(String path, String method) {
        var item = CONTRACT.getPaths().get(path);
        assertNotNull(item, path);
        return switch (method) {
            case "GET" -> item.getGet();
            case "POST" -> item.getPost();
            case "PUT" -> item.getPut();
            default -> throw new IllegalArgumentException(method);
        };
    }

    @ParameterizedTest(name = "{1} {0} {2} is a {3}")
    @CsvSource({
            "/api/v1/teams, GET, 200, #/components/schemas/PageTeamResponse",
            "/api/v1/teams, POST, 201, #/components/schemas/Team",
            "/api/v1/teams/{id}, GET, 200, #/components/schemas/Team",
            "/api/v1/teams/{id}, PUT, 200, #/components/schemas/Team",
            "/api/v1/users, GET, 200, #/components/schemas/PageUserResponse",
            "/api/v1/users, POST, 201, #/components/schemas/User",
            "/api/v1/users/{id}, GET, 200, #/components/schemas/User",
            "/api/v1/users/{id}, PUT, 200, #/components/schemas/User",
            "/api/v1/teams/{id}/history, GET, 200, #/components/schemas/PageOrgHistoryResponse",
            "/api/v1/users/{id}/history, GET, 200, #/components/schemas/PageOrgHistoryResponse",
            "/api/v1/me, GET, 200, #/components/schemas/Me"})
    void successBodyIsDescribed(String path, String method, String status, String schema) {
        var response = operation(path, method).getResponses().get(status);
        assertNotNull(response, method + " " + path + " " + status);
        MediaType json = response.getContent() == null ? null : response.getContent().get("application/json");
        assertNotNull(json, method + " " + path + " " + status + " has no application/json body");
        assertEquals(schema, json.getSchema() == null ? null : json.getSchema().get$ref(),
                method + " " + path + " " + status + " body schema");
    }

    @Test
    void readsOfOneRecordDeclareTheirEtag() {
        for (String path : new String[] {"/api/v1/teams/{id}", "/api/v1/users/{id}"}) {
            var response = operation(path, "GET").getResponses().get("200");
            assertNotNull(response.getHeaders() == null ? null : response.getHeaders().get("ETag"), path);
        }
    }
}
