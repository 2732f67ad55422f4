package io.github.crmvault.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Node tooling of contract/ (see README, "Contract"): Spectral must find nothing in
 * openapi/openapi.yaml, and the strict TypeScript client must compile against types generated from
 * it. Needs npm: without it the tests are skipped, unless the environment variable CI is set (CI runs
 * them always). They check the committed contract; OpenApiContractTest fails the same build when
 * that file is not what the code serves.
 */
class ContractToolingTest {
    private static final Path DIR = Path.of("contract");
    private static final Path LOCK = DIR.resolve("package-lock.json");
    /** Digest of the lock file that node_modules was installed from, so an unchanged lock skips npm ci. */
    private static final Path INSTALLED = DIR.resolve("node_modules/.installed-lock.sha256");
    private static final long TIMEOUT_MINUTES = 10;
    private static final int MESSAGE_CHARS = 20_000;

    /** Why the tools cannot run here, or null when they can. */
    private static String missing;

    @BeforeAll
    static void installTools() throws Exception {
        if (!npmAvailable()) {
            missing = "npm was not found on the PATH: Spectral and the TypeScript client check of the contract"
                    + " did not run (install Node.js 20+ and npm to run them)";
            if (System.getenv("CI") != null) {
                fail(missing + ". CI is set, where they are required.");
            }
            System.out.println("[WARNING] " + missing + "; CI runs them.");
            return;
        }
        String lock = sha256(LOCK);
        if (!Files.exists(INSTALLED) || !Files.readString(INSTALLED).equals(lock)) {
            run("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund");
            Files.writeString(INSTALLED, lock);
        }
    }

    @BeforeEach
    void skipWithoutNpm() {
        Assumptions.assumeTrue(missing == null, () -> missing);
    }

    @Test
    void spectralFindsNothing() throws Exception {
        run(bin("spectral"), "lint", "--ruleset", ".spectral.yaml", "--fail-severity=hint", "../openapi/openapi.yaml");
    }

    @Test
    void strictTypeScriptClientCompiles() throws Exception {
        run(bin("openapi-typescript"), "../openapi/openapi.yaml", "--output", "generated/api.d.ts");
        run(bin("tsc"), "--strict", "--noEmit", "-p", "tsconfig.json");
    }

    private static boolean npmAvailable() throws InterruptedException {
        try {
            Process npm = new ProcessBuilder("npm", "--version").redirectErrorStream(true).start();
            npm.getInputStream().readAllBytes();
            return npm.waitFor() == 0;
        } catch (IOException notFound) {
            return false;
        }
    }

    private static String bin(String tool) {
        return Path.of("node_modules", ".bin", tool).toString();
    }

    /** Runs a command in contract/ and fails with its output unless it exits 0. */
    private static void run(String... command) throws Exception {
        Path log = Files.createTempFile("contract-tool", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + TIMEOUT_MINUTES + " minutes");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            System.out.println(output);
            assertEquals(0, process.exitValue(), () -> "in contract/: " + String.join(" ", List.of(command))
                    + " failed (its whole output is in the test's stdout):\n"
                    + output.substring(0, Math.min(output.length(), MESSAGE_CHARS)));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
