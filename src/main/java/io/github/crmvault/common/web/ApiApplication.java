package io.github.crmvault.common.web;

import io.github.crmvault.common.problem.Problem;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@OpenAPIDefinition(
        info = @Info(title = "CRM vault API", version = "2.0.0",
                description = "The company's safe for customer information: customers and contacts that are never "
                        + "lost, every change audited, and nobody sees what is not theirs. Errors are RFC 9457 "
                        + "application/problem+json. Writes need If-Match with the record's ETag.",
                license = @License(name = "Apache-2.0")),
        components = @Components(schemas = @Schema(name = "Problem", implementation = Problem.class)))
public class ApiApplication extends Application {
}
