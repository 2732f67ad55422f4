package io.github.crmvault.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The breaking-change check catches breaks: fed modified copies of the released contract. */
class CompatibilityTest {
    private static String released;

    @BeforeAll
    static void load() throws IOException {
        released = BreakingChangeTest.read(Path.of("openapi/released/openapi-1.0.0.yaml"));
    }

    @Test
    void aRemovedOperationIsABreak() {
        Compatibility.Result result = check(api -> api.getPaths().get("/api/v1/customers").setPost(null));

        assertEquals(Compatibility.Verdict.BREAKING, result.verdict());
        assertTrue(result.changes().contains("/api/v1/customers"), result.changes());
    }

    @Test
    void aNewRequiredRequestFieldIsABreak() {
        Compatibility.Result result = check(api -> requireNewField(api.getComponents().getSchemas().get("CustomerRequest")));

        assertEquals(Compatibility.Verdict.BREAKING, result.verdict());
    }

    @Test
    void aNewMajorVersionMayBreak() {
        Compatibility.Result result = check(api -> {
            api.getPaths().get("/api/v1/customers").setPost(null);
            api.getInfo().setVersion("2.0.0");
        });

        assertEquals(Compatibility.Verdict.BREAKING_IN_NEW_MAJOR, result.verdict());
    }

    @Test
    void aNewMinorVersionMayNotBreak() {
        Compatibility.Result result = check(api -> {
            requireNewField(api.getComponents().getSchemas().get("CustomerRequest"));
            api.getInfo().setVersion("1.1.0");
        });

        assertEquals(Compatibility.Verdict.BREAKING, result.verdict());
    }

    @Test
    void aNewOptionalRequestFieldIsCompatible() {
        Compatibility.Result result = check(api -> api.getComponents().getSchemas().get("CustomerRequest")
                .addProperty("nickname", new StringSchema().maxLength(40)));

        assertEquals(Compatibility.Verdict.COMPATIBLE, result.verdict(), result.changes());
    }

    @Test
    void theReleaseIsCompatibleWithItself() {
        assertEquals(Compatibility.Verdict.COMPATIBLE, check(api -> { }).verdict());
    }

    private static Compatibility.Result check(Consumer<OpenAPI> change) {
        OpenAPI api = Compatibility.parse(released);
        change.accept(api);
        return Compatibility.check(Compatibility.parse(released), api);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void requireNewField(Schema request) {
        request.addProperty("region", new StringSchema().maxLength(40));
        List<String> required = new ArrayList<>(request.getRequired() == null ? List.of() : request.getRequired());
        required.add("region");
        request.setRequired(required);
    }
}
