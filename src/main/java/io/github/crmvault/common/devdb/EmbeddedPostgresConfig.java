package io.github.crmvault.common.devdb;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Points dev mode and the tests at an embedded PostgreSQL when the user configured no database and
 * nothing answers where the shipped default expects one, so a JDK is all a laptop needs. A config
 * source, because it must be in place before the datasources start, in dev mode and tests alike.
 * Never in production: only the dev and test profiles look, and the package leaves the server out.
 */
public class EmbeddedPostgresConfig implements ConfigSourceFactory {
    /**
     * {@code auto} (default), {@code force} (even when a server answers), or {@code off}. Not under
     * {@code crm.}: that mapping refuses keys it does not know, and this one is no business rule.
     */
    static final String MODE = "embedded-postgres";
    private static final String URL = "quarkus.datasource.jdbc.url";
    /** The classpath application.properties holds the shipped defaults; any source above it is the user's choice. */
    private static final int SHIPPED_DEFAULTS = 250;
    /** Above application.properties, below .env, environment and system properties. */
    private static final int ORDINAL = 275;
    private static final Pattern SERVER = Pattern.compile("(jdbc:postgresql://)([^/:]*)(?::(\\d+))?(/.*)");
    /** Dev data survives restarts here (relative to the project, where dev mode runs); `mvn clean` wipes it. */
    static final Path DEV_DATA = Path.of("target", "embedded-postgres");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        boolean dev = profiles.contains("dev");
        if (!dev && !profiles.contains("test")) {
            return List.of();
        }
        ConfigValue url = context.getValue(URL);
        Matcher server = url == null || url.getValue() == null ? null : SERVER.matcher(url.getValue());
        if (server == null || !server.matches() || !wanted(mode(context), url, server)) {
            return List.of();
        }
        int port = EmbeddedServer.port(dev ? DEV_DATA : null);
        String embedded = server.group(1) + "localhost:" + port + server.group(4);
        return List.of(new PropertiesConfigSource(Map.of(URL, embedded), "embedded-postgres", ORDINAL));
    }

    private static String mode(ConfigSourceContext context) {
        ConfigValue mode = context.getValue(MODE);
        String value = mode == null || mode.getValue() == null ? "auto" : mode.getValue().trim();
        if (!List.of("auto", "force", "off").contains(value)) {
            throw new IllegalArgumentException(MODE + " must be auto, force or off, not '" + value + "'");
        }
        return value;
    }

    private static boolean wanted(String mode, ConfigValue url, Matcher server) {
        return switch (mode) {
            case "force" -> true;
            case "off" -> false;
            default -> url.getConfigSourceOrdinal() <= SHIPPED_DEFAULTS
                    && !answers(server.group(2), server.group(3) == null ? 5432 : Integer.parseInt(server.group(3)));
        };
    }

    /** Whether anything accepts connections there, on any of the host's addresses (localhost may be IPv6 first). */
    private static boolean answers(String host, int port) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(address, port), 500);
                    return true;
                } catch (IOException refused) {
                    // try the next address
                }
            }
        } catch (IOException unknownHost) {
            // an unknown host answers nothing
        }
        return false;
    }
}
