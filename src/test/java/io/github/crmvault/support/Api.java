package io.github.crmvault.support;

import static io.restassured.RestAssured.given;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.http.HttpResponse;

/**
 * Requests whose responses are checked against the stored contract, openapi/openapi.yaml. Requests
 * are not checked: tests send bad input on purpose.
 */
public final class Api {
    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForSpecificationUrl("openapi/openapi.yaml")
            .withLevelResolver(LevelResolver.create()
                    .withLevel("validation.request", ValidationReport.Level.IGNORE)
                    .build())
            .build();
    private static final OpenApiValidationFilter CONTRACT = new OpenApiValidationFilter(VALIDATOR);

    private Api() {
    }

    /** An anonymous request, validated against the contract. */
    public static RequestSpecification anonymous() {
        return given().filter(CONTRACT).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    public static RequestSpecification as(String authorization) {
        return anonymous().header("Authorization", authorization);
    }

    /** Checks a response got by another client than REST Assured (e.g. the JDK's, for HTTP/2) against the contract. */
    public static void validate(HttpResponse<String> response) {
        SimpleResponse.Builder checked = SimpleResponse.Builder.status(response.statusCode()).withBody(response.body());
        response.headers().map().forEach(checked::withHeader);
        ValidationReport report = VALIDATOR.validateResponse(response.request().uri().getPath(),
                Request.Method.valueOf(response.request().method()), checked.build());
        if (report.hasErrors()) {
            throw new AssertionError("The response breaks the contract: " + report.getMessages());
        }
    }
}
