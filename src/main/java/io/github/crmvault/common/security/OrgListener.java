package io.github.crmvault.common.security;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Keeps {@link OrgCache} fresh: one connection of its own (not from the pool, which would hold one of its
 * connections for ever), LISTENing on {@code crm_org}, on a daemon thread. Each notification of this
 * schema moves the cache to its version; every heartbeat the version is read, which confirms the cache
 * for two more beats and catches a notification that was lost. On (re)connect the cache starts empty at
 * the version read after the LISTEN, so nothing committed while the listener was away is missed; while
 * it is disconnected the cache serves nothing.
 */
@Singleton
public class OrgListener {
    private static final Logger LOG = Logger.getLogger(OrgListener.class);
    static final String CHANNEL = "crm_org";
    private static final long MAX_RETRY_MILLIS = 5_000;

    @Inject
    OrgCache cache;
    @Inject
    OrgCacheSettings settings;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    Optional<String> url;
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private volatile boolean running;
    private volatile Thread thread;
    private volatile Connection connection;
    private volatile int backendPid;

    void start(@Observes StartupEvent started) {
        if (!settings.enabled()) {
            LOG.info("Org cache off (crm.org-cache.enabled=false): every request resolves its caller in the database");
            return;
        }
        if (url.isEmpty()) {
            LOG.warn("Org cache off: no quarkus.datasource.jdbc.url for its listener connection");
            return;
        }
        running = true;
        Thread listener = new Thread(this::run, "crm-org-listener");
        listener.setDaemon(true);
        thread = listener;
        listener.start();
    }

    void stop(@Observes ShutdownEvent stopping) {
        running = false;
        Thread listener = thread;
        if (listener != null) {
            listener.interrupt();
        }
        closeQuietly();
    }

    /** The server process of the listener's connection, 0 while it has none (tests terminate it). */
    int backendPid() {
        return backendPid;
    }

    private void run() {
        long retryMillis = 0;
        String schema = null;
        long heartbeatMillis = Math.max(1, settings.heartbeat().toMillis());
        while (running) {
            try {
                if (connection == null) {
                    schema = connect();
                    retryMillis = 0;
                }
                long nextBeat = System.nanoTime() + heartbeatMillis * 1_000_000;
                while (running) {
                    long waitMillis = (nextBeat - System.nanoTime()) / 1_000_000;
                    if (waitMillis <= 0) {
                        break;
                    }
                    PGNotification[] notifications = connection.unwrap(PGConnection.class)
                            .getNotifications((int) Math.min(waitMillis, Integer.MAX_VALUE));
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            Long version = versionFor(schema, notification.getParameter());
                            if (version != null) {
                                cache.seen(version);
                            }
                        }
                    }
                }
                long readAt = System.nanoTime();
                cache.confirmed(readVersion(connection), readAt);
            } catch (SQLException | RuntimeException e) {
                cache.disconnected();
                closeQuietly();
                if (!running) {
                    return;
                }
                LOG.warnf("Org cache off until its listener reconnects (retry in %d ms): %s", retryMillis, e.getMessage());
                try {
                    Thread.sleep(retryMillis);
                } catch (InterruptedException interrupted) {
                    return;
                }
                retryMillis = Math.min(MAX_RETRY_MILLIS, Math.max(100, retryMillis * 2));
            }
        }
        cache.disconnected();
        closeQuietly();
    }

    /** Opens the connection, LISTENs, then reads the version: a change committed after the read is notified. */
    private String connect() throws SQLException {
        Properties properties = new Properties();
        username.ifPresent(user -> properties.setProperty("user", user));
        password.ifPresent(secret -> properties.setProperty("password", secret));
        properties.setProperty("ApplicationName", "crm-api-org-listener");
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("tcpKeepAlive", "true");
        // A heartbeat read that hangs is cut off; the cache has stopped serving by then anyway.
        properties.setProperty("socketTimeout", String.valueOf(Math.max(5, 4 * settings.heartbeat().toSeconds())));
        Connection opened = DriverManager.getConnection(url.get(), properties);
        connection = opened;
        String schema;
        try (Statement statement = opened.createStatement()) {
            statement.execute("LISTEN " + CHANNEL);
            try (ResultSet row = statement.executeQuery("SELECT current_schema(), pg_backend_pid()")) {
                row.next();
                schema = row.getString(1);
                backendPid = row.getInt(2);
            }
        }
        long readAt = System.nanoTime();
        cache.connected(readVersion(opened), readAt);
        LOG.debugf("Org cache listening on %s for schema %s (backend %d)", CHANNEL, schema, backendPid);
        return schema;
    }

    private static long readVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT version FROM org_version")) {
            if (!row.next()) {
                throw new SQLException("org_version has no row");
            }
            return row.getLong(1);
        }
    }

    /** The version a payload ("schema version", V28's trigger) names for this schema; null for another schema's. */
    static Long versionFor(String schema, String payload) {
        int space = payload == null ? -1 : payload.lastIndexOf(' ');
        if (space < 0 || !payload.substring(0, space).equals(schema)) {
            return null;
        }
        try {
            return Long.parseLong(payload.substring(space + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void closeQuietly() {
        Connection open = connection;
        connection = null;
        backendPid = 0;
        if (open != null) {
            try {
                open.close();
            } catch (SQLException ignored) {
                // already gone
            }
        }
    }
}
