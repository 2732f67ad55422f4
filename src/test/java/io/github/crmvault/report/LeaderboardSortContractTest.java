package io.github.crmvault.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The leaderboard's sort enum is spelled out in an annotation: it must list exactly the measures. */
class LeaderboardSortContractTest {
    @Test
    void theContractListsEveryMeasureAsASortKey() {
        OpenAPI contract = new OpenAPIV3Parser().read("openapi/openapi.yaml");
        Parameter sort = contract.getPaths().get("/api/v1/reports/leaderboard").getGet().getParameters().stream()
                .filter(p -> p.getName().equals("sort")).findFirst().orElseThrow();
        assertEquals(Arrays.stream(Measure.values()).map(m -> m.key).toList(), sort.getSchema().getEnum());
    }
}
