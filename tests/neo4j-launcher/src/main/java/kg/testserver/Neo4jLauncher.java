package kg.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * The Neo4j server of kg's test run: Neo4j community, embedded, with one Bolt connector
 * on 127.0.0.1 and authentication on.
 *
 * <pre>
 * java -cp 'target/classes:target/lib/*' kg.testserver.Neo4jLauncher DATA_DIR PORT [--password PW]
 * </pre>
 *
 * PORT 0 lets the operating system pick a free port. The password of the user {@code neo4j}
 * comes from {@code --password} or else the environment variable NEO4J_PASSWORD (an argument
 * shows in the process list, the environment does not). On success one line
 * {@code READY bolt://127.0.0.1:PORT neo4j/VERSION} goes to stdout. The server shuts down
 * cleanly on SIGTERM / SIGINT and when its stdin closes, so it never outlives the test run
 * that started it. Errors print one {@code FAILED ...} line and exit with status 1.
 */
public final class Neo4jLauncher {
    private static final String USER = "neo4j";
    private static final long PAGE_CACHE_BYTES = 64L * 1024 * 1024;
    private static final int MIN_PASSWORD_LENGTH = 8;

    private Neo4jLauncher() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        try {
            Options options = Options.parse(args);
            DatabaseManagementService dbms = start(options);
            AtomicBoolean stopped = new AtomicBoolean(false);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(dbms, stopped, out), "neo4j-stop"));
            setPassword(dbms, options.password);
            int port = boltPort(dbms);
            out.printf("READY bolt://127.0.0.1:%d neo4j/%s%n", port, version(dbms));
            out.flush();
            waitForStdinClose();
            System.exit(0);
        } catch (UsageError e) {
            out.println("FAILED " + e.getMessage());
            out.println("usage: Neo4jLauncher DATA_DIR PORT [--password PW]  (or NEO4J_PASSWORD in the environment)");
            out.flush();
            System.exit(2);
        } catch (Exception e) {
            out.println("FAILED " + e.getClass().getSimpleName() + ": " + e.getMessage());
            e.printStackTrace(out);
            out.flush();
            System.exit(1);
        }
    }

    /** Starts the DBMS; Bolt accepts connections once build() returns. */
    private static DatabaseManagementService start(Options options) throws IOException {
        Files.createDirectories(options.dataDir);
        return new DatabaseManagementServiceBuilder(options.dataDir)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", options.port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", options.port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, PAGE_CACHE_BYTES)
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Netty's default graceful shutdown waits ~10 s for a quiet period: too long
                // for tests that stop and restart the server.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2))
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .build();
    }

    /**
     * Sets the password of neo4j (no change required at first login). On a restart over the
     * same data directory the password may already be the one asked for, which Neo4j refuses
     * to "change"; that case is fine.
     */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally(
                    "ALTER USER " + USER + " SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            if (!message.contains("cannot be the same")) {
                throw e;
            }
        }
    }

    private static int boltPort(DatabaseManagementService dbms) {
        GraphDatabaseAPI db = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        ConnectorPortRegister ports = db.getDependencyResolver().resolveDependency(ConnectorPortRegister.class);
        HostnamePort address = ports.getLocalAddress(ConnectorType.BOLT);
        if (address == null) {
            throw new IllegalStateException("the Bolt connector did not register a port");
        }
        return address.getPort();
    }

    private static String version(DatabaseManagementService dbms) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        return system.executeTransactionally(
                "CALL dbms.components() YIELD versions RETURN versions[0] AS version",
                Map.of(),
                result -> String.valueOf(result.next().get("version")));
    }

    private static void waitForStdinClose() throws IOException {
        InputStream in = System.in;
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
            // Input is ignored; only its end matters.
        }
    }

    private static void stop(DatabaseManagementService dbms, AtomicBoolean stopped, PrintStream out) {
        if (stopped.compareAndSet(false, true)) {
            dbms.shutdown();
            out.println("STOPPED");
            out.flush();
        }
    }

    /** A command-line mistake: reported without a stack trace. */
    private static final class UsageError extends Exception {
        UsageError(String message) {
            super(message);
        }
    }

    private record Options(Path dataDir, int port, String password) {
        static Options parse(String[] args) throws UsageError {
            String password = System.getenv("NEO4J_PASSWORD");
            String[] positional = new String[2];
            int count = 0;
            for (int i = 0; i < args.length; i++) {
                if ("--password".equals(args[i]) && i + 1 < args.length) {
                    password = args[++i];
                } else if (count < 2) {
                    positional[count++] = args[i];
                } else {
                    throw new UsageError("unexpected argument " + args[i]);
                }
            }
            if (count < 2) {
                throw new UsageError("DATA_DIR and PORT are required");
            }
            int port;
            try {
                port = Integer.parseInt(positional[1]);
            } catch (NumberFormatException e) {
                throw new UsageError("PORT must be a number, got " + positional[1]);
            }
            if (port < 0 || port > 65535) {
                throw new UsageError("PORT must be 0..65535, got " + port);
            }
            if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
                throw new UsageError("a password of at least " + MIN_PASSWORD_LENGTH
                        + " characters is required (--password or NEO4J_PASSWORD)");
            }
            return new Options(Path.of(positional[0]).toAbsolutePath(), port, password);
        }
    }
}
