package io.github.crmvault.contract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.output.MarkdownRender;

/**
 * The release rule for the contract: a change a client built against the released contract could
 * trip over (openapi-diff's "incompatible") needs a new MAJOR info.version.
 */
final class Compatibility {
    enum Verdict { COMPATIBLE, BREAKING_IN_NEW_MAJOR, BREAKING }

    record Result(Verdict verdict, String releasedVersion, String currentVersion, String changes) {}

    private Compatibility() {}

    static Result check(String releasedYaml, String currentYaml) {
        return check(parse(releasedYaml), parse(currentYaml));
    }

    static Result check(OpenAPI releasedContract, OpenAPI currentContract) {
        ChangedOpenApi diff = OpenApiCompare.fromSpecifications(releasedContract, currentContract);
        String released = diff.getOldSpecOpenApi().getInfo().getVersion();
        String current = diff.getNewSpecOpenApi().getInfo().getVersion();
        Verdict verdict = !diff.isIncompatible() ? Verdict.COMPATIBLE
                : major(current) > major(released) ? Verdict.BREAKING_IN_NEW_MAJOR
                : Verdict.BREAKING;
        return new Result(verdict, released, current, verdict == Verdict.COMPATIBLE ? "" : markdown(diff));
    }

    /** Parsed as openapi-diff parses a file, so that a test can change the result before comparing. */
    static OpenAPI parse(String yaml) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(yaml, null, options).getOpenAPI();
    }

    static int major(String version) {
        return Integer.parseInt(version.strip().split("\\.", 2)[0]);
    }

    private static String markdown(ChangedOpenApi diff) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStreamWriter writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            new MarkdownRender().render(diff, writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
