package io.github.crmvault.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * openapi/openapi.yaml (kept equal to the code by OpenApiContractTest) against the last released
 * contract, openapi/released/openapi-&lt;version&gt;.yaml with the highest version: a change that
 * breaks clients of the release needs a higher MAJOR info.version.
 */
class BreakingChangeTest {
    private static final Path CURRENT = Path.of("openapi/openapi.yaml");
    private static final Path RELEASED = Path.of("openapi/released");
    private static final Pattern RELEASE_FILE = Pattern.compile("openapi-(\\d+)\\.(\\d+)\\.(\\d+)\\.yaml");

    @Test
    void contractIsCompatibleWithTheLastRelease() throws IOException {
        Path release = lastRelease();
        Compatibility.Result result = Compatibility.check(read(release), read(CURRENT));

        Matcher name = RELEASE_FILE.matcher(release.getFileName().toString());
        assertTrue(name.matches());
        assertEquals(name.group(1) + "." + name.group(2) + "." + name.group(3), result.releasedVersion(),
                release + " must be the contract of the version its name says");
        switch (result.verdict()) {
            case COMPATIBLE -> { }
            case BREAKING_IN_NEW_MAJOR -> System.out.printf(
                    "Contract %s breaks clients of %s, which its new major version allows. When %s is released,"
                            + " add it as the new baseline: cp %s %s/openapi-%s.yaml%n",
                    result.currentVersion(), result.releasedVersion(), result.currentVersion(), CURRENT, RELEASED,
                    result.currentVersion());
            case BREAKING -> assertNotEquals(Compatibility.Verdict.BREAKING, result.verdict(), String.format(
                    "openapi/openapi.yaml breaks clients of the released contract %s. Make the change compatible,"
                            + " or raise the MAJOR of quarkus.smallrye-openapi.info-version (now %s) and note the"
                            + " break in README. Changes:%n%s",
                    release, result.currentVersion(), result.changes()));
        }
    }

    private static Path lastRelease() throws IOException {
        List<Path> releases;
        try (Stream<Path> files = Files.list(RELEASED)) {
            releases = files.filter(f -> RELEASE_FILE.matcher(f.getFileName().toString()).matches()).toList();
        }
        return releases.stream().max(Comparator.comparing(BreakingChangeTest::versionKey))
                .orElseThrow(() -> new AssertionError("no openapi-<version>.yaml in " + RELEASED));
    }

    private static String versionKey(Path release) {
        Matcher m = RELEASE_FILE.matcher(release.getFileName().toString());
        m.matches();
        // Zero-padded so that 10.0.0 sorts after 9.0.0.
        return String.format("%09d.%09d.%09d", Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)));
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
