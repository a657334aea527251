package org.citylake.warehouse.serving;

import org.citylake.catalog.audit.Actions;
import org.citylake.catalog.audit.AuditEvent;
import org.citylake.warehouse.audit.IcebergAuditLog;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.TableContract;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.SqlText;
import org.citylake.warehouse.TrinoAccess;
import org.citylake.warehouse.TrinoPasswords;

/**
 * Regenerates the serving layer from the contracts and app files: first Trino's access rules (so a revoked
 * grant loses access before anything else happens), then the pseudonym key table, every serving view, and
 * finally drops serving views no app file asks for any more. Views are created through Trino, as the admin
 * user, because Trino cannot read views Spark creates.
 */
public final class ServingPublisher {
    /** What one publish did. */
    public record Published(List<ServingView> views, List<String> dropped, Path rules, boolean viewsRefreshed) {
        public Published {
            views = List.copyOf(views);
            dropped = List.copyOf(dropped);
        }
    }

    private final Profile profile;
    private final Path contractsDir;
    private final Path appsDir;
    private final Function<String, String> env;
    private final PrintStream progress;

    public ServingPublisher(Profile profile, Path contractsDir, Path appsDir, Function<String, String> env, PrintStream progress) {
        this.profile = profile;
        this.contractsDir = contractsDir;
        this.appsDir = appsDir;
        this.env = env;
        this.progress = progress;
    }

    /** The profile's own contracts and {@code conf/apps}. */
    public static ServingPublisher of(Profile profile, PrintStream progress) {
        return new ServingPublisher(profile, profile.confDir().resolve("contracts"), appsDir(profile), System.getenv()::get, progress);
    }

    public static Path appsDir(Profile profile) {
        return profile.confDir().resolve("apps");
    }

    /** Every Trino user the serving layer knows: the admin and one per app file (for Trino's password file). */
    public static Set<String> trinoUsers(Profile profile) {
        List<TableContract> contracts = ContractLoader.loadAll(profile.confDir().resolve("contracts"));
        return users(AppFiles.loadAll(appsDir(profile), contracts));
    }

    private static Set<String> users(List<AppFile> apps) {
        Set<String> users = new java.util.TreeSet<>();
        users.add(AccessRules.ADMIN_USER);
        apps.forEach(a -> users.add(a.app()));
        return users;
    }

    /** Rules and views; fails if Trino does not answer. */
    public Published publish() throws SQLException {
        return publish(true);
    }

    /**
     * After a batch load: the rules are always rewritten; the views only if Trino answers (a load may run with
     * the metastore alone). Views read the base tables live, so skipping them loses no data, only app-file changes.
     */
    public Published publishIfTrinoUp() {
        try {
            return publish(false);
        } catch (SQLException e) {
            throw new IllegalStateException("Publishing the serving views failed: " + e.getMessage(), e);
        }
    }

    /**
     * Audited as {@code rules.publish}: which apps the rules now cover, the SHA-256 of rules.json and whether it
     * changed, and the views refreshed — or, if the publish failed, why.
     */
    private Published publish(boolean requireTrino) throws SQLException {
        Path rulesFile = AccessRules.file(profile);
        String before = sha256(rulesFile);
        AuditEvent event = AuditEvent.of(Actions.RULES_PUBLISH, List.of()).withActor(profile.get("audit.user", "").trim())
                .withDetail("rules", rulesFile).withDetail("apps_dir", appsDir);
        try (IcebergAuditLog log = IcebergAuditLog.open(profile)) {
            return log.record(event, () -> publishUnaudited(requireTrino), (e, r) -> {
                String after = sha256(r.rules());
                return e.withTargets(r.views().stream().map(v -> "app:" + v.app().app()).distinct().toList())
                        .withDetail("rules_sha256", after).withDetail("changed", !after.equals(before)).withDetail("views", r.views().size())
                        .withDetail("views_refreshed", r.viewsRefreshed()).withDetail("dropped", r.dropped().isEmpty() ? null : String.join(",", r.dropped()))
                        .ok(after.equals(before) ? "rules.json unchanged" : "rules.json changed");
            });
        } catch (SQLException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static String sha256(Path file) {
        try {
            return java.nio.file.Files.exists(file) ? java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(java.nio.file.Files.readAllBytes(file))) : "none";
        } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot hash " + file, e);
        }
    }

    private Published publishUnaudited(boolean requireTrino) throws SQLException {
        String catalog = profile.get("trino.catalog");
        List<TableContract> contracts = ContractLoader.loadAll(contractsDir);
        List<AppFile> apps = AppFiles.loadAll(appsDir, contracts);
        List<ServingView> views = ServingViews.plan(contracts, apps);
        Path rules = AccessRules.file(profile);
        AccessRules.write(rules, AccessRules.generate(catalog, apps, views));
        progress.printf("serving: access rules for %d app(s) → %s%n", apps.size(), rules);
        TrinoAccess access = TrinoAccess.of(profile, env);
        if (access.passwordAuth()) {
            // A new app file gets its user's password with its rules; Trino re-reads both within seconds.
            access.passwords().writePasswordDb(TrinoPasswords.passwordDb(profile), users(apps));
        }
        Connection c;
        try {
            c = connect();
        } catch (SQLException e) {
            if (requireTrino) {
                throw e;
            }
            progress.println("serving: Trino is not answering; views not refreshed (run: citylake apps publish)");
            return new Published(views, List.of(), rules, false);
        }
        try (c; Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + SqlText.trinoIdentifier(catalog) + "." + SqlText.trinoIdentifier(ServingView.SCHEMA));
            if (views.stream().anyMatch(ServingView::usesPseudonymKey)) {
                ensureKey(s, catalog, PseudonymKey.resolve(profile, env));
            }
            // A lake loaded from only some libraries (a first partial load) has no table yet for the others'
            // views: those wait for their table rather than failing every other app's refresh. An existing
            // view of such a table stays (it cannot exist without its table, short of a dropped table).
            Set<String> tables = existingTables(s, catalog);
            List<String> waiting = new ArrayList<>();
            for (ServingView v : views) {
                if (tables.contains(v.contract().qualifiedName())) {
                    s.execute(v.createSql(catalog));
                } else {
                    waiting.add(v.name() + " (waits for " + v.contract().qualifiedName() + ")");
                }
            }
            if (!waiting.isEmpty()) {
                progress.printf("serving: %d view(s) not created, their table is not loaded yet: %s%n", waiting.size(), String.join(", ", waiting));
            }
            Set<String> wanted = views.stream().map(ServingView::name).collect(Collectors.toSet());
            List<String> dropped = new ArrayList<>();
            for (String existing : existingViews(s, catalog)) {
                if (!wanted.contains(existing)) {
                    s.execute("DROP VIEW " + SqlText.trinoName(catalog, ServingView.SCHEMA, existing));
                    dropped.add(existing);
                }
            }
            progress.printf("serving: %d view(s) in %s.%s%s%n", views.size() - waiting.size(), catalog, ServingView.SCHEMA,
                    dropped.isEmpty() ? "" : ", dropped " + String.join(", ", dropped));
            return new Published(views, dropped, rules, true);
        }
    }

    private void ensureKey(Statement s, String catalog, PseudonymKey key) throws SQLException {
        s.execute("CREATE SCHEMA IF NOT EXISTS " + SqlText.trinoIdentifier(catalog) + "." + SqlText.trinoIdentifier(PseudonymKey.SCHEMA));
        String current = null;
        if (tableExists(s, catalog, PseudonymKey.SCHEMA, PseudonymKey.TABLE)) {
            try (ResultSet rs = s.executeQuery(key.currentSql(catalog))) {
                current = rs.next() ? rs.getString(1) : null;
            }
        }
        if (!key.hex().equals(current)) {
            s.execute(key.replaceTableSql(catalog));
            progress.println("serving: pseudonym key table " + (current == null ? "created" : "replaced (the key changed)"));
        }
    }

    private static boolean tableExists(Statement s, String catalog, String schema, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SqlText.trinoIdentifier(catalog) + ".\"information_schema\".\"tables\""
                + " WHERE table_schema = " + SqlText.trinoLiteral(schema) + " AND table_name = " + SqlText.trinoLiteral(table))) {
            return rs.next() && rs.getLong(1) > 0;
        }
    }

    /** Qualified names ({@code ns.table}) of the catalog's tables, views excluded. */
    private static Set<String> existingTables(Statement s, String catalog) throws SQLException {
        Set<String> out = new java.util.HashSet<>();
        try (ResultSet rs = s.executeQuery("SELECT table_schema, table_name FROM " + SqlText.trinoIdentifier(catalog)
                + ".\"information_schema\".\"tables\" WHERE table_type = 'BASE TABLE'")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "." + rs.getString(2));
            }
        }
        return out;
    }

    private static List<String> existingViews(Statement s, String catalog) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT table_name FROM " + SqlText.trinoIdentifier(catalog) + ".\"information_schema\".\"views\""
                + " WHERE table_schema = " + SqlText.trinoLiteral(ServingView.SCHEMA))) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private Connection connect() throws SQLException {
        DriverManager.setLoginTimeout(10);
        Connection c = TrinoAccess.of(profile, env).connect(AccessRules.ADMIN_USER);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }
}
