package io.github.crmvault.common.devdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The one embedded PostgreSQL 17 of this JVM (zonky's binaries from Maven Central), stopped by
 * zonky's shutdown hook when the JVM exits. The only class that touches zonky, which the production
 * package does not contain.
 *
 * <p>As root, PostgreSQL refuses to run; zonky then starts it through {@code unshare -U}, in a user
 * namespace where the process is not root but still owns root's files (it checks that this works).
 */
final class EmbeddedServer {
    private static final Logger LOG = Logger.getLogger(EmbeddedServer.class);
    /**
     * JVM-wide, not a static field: Quarkus builds the configuration in several class loaders, and
     * again at each dev-mode restart, and all of them must find the server already running.
     */
    private static final String RUNNING_PORT = "embedded-postgres.running-port";

    private EmbeddedServer() {
    }

    /**
     * Starts the server unless this JVM already runs it; returns its port.
     *
     * @param dataDirectory where data persists across starts; null for a throw-away directory
     *     deleted at exit
     */
    static int port(Path dataDirectory) {
        synchronized (System.getProperties()) {
            String running = System.getProperty(RUNNING_PORT);
            if (running == null) {
                running = Integer.toString(start(dataDirectory).getPort());
                System.setProperty(RUNNING_PORT, running);
            }
            return Integer.parseInt(running);
        }
    }

    private static EmbeddedPostgres start(Path dataDirectory) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                // a first start unpacks the binaries and runs initdb: slow on a busy two-core machine
                .setPGStartupWait(Duration.ofMinutes(2));
        String utf8 = utf8Locale();
        if (utf8 != null) {
            // pg_trgm finds no trigrams in Chinese under LC_CTYPE C (see conflict/TrigramCheck)
            builder.setLocaleConfig("locale", utf8);
        }
        if (dataDirectory != null) {
            builder.setDataDirectory(dataDirectory.toAbsolutePath()).setCleanDataDirectory(false);
        }
        try {
            EmbeddedPostgres server = builder.start();
            LOG.infof("Embedded PostgreSQL on localhost:%d (user postgres), data in %s", server.getPort(),
                    dataDirectory == null ? "a temporary directory deleted at exit" : dataDirectory.toAbsolutePath());
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }

    /** A UTF-8 locale the platform has; Windows's initdb picks one itself. */
    private static String utf8Locale() {
        String os = System.getProperty("os.name").toLowerCase();
        return os.contains("linux") ? "C.UTF-8" : os.contains("mac") ? "en_US.UTF-8" : null;
    }
}
