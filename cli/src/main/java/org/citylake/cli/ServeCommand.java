package org.citylake.cli;

import java.io.PrintStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.TableContract;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.TrinoAccess;
import org.citylake.warehouse.TrinoPasswords;
import org.citylake.warehouse.serving.AppFile;
import org.citylake.warehouse.serving.AppFiles;
import org.citylake.warehouse.serving.ServingPublisher;
import org.citylake.warehouse.serving.ServingView;
import org.citylake.warehouse.serving.ServingViews;
import org.citylake.warehouse.services.LocalServices;
import org.citylake.warehouse.services.ServiceKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Make the lake ready for scenario apps: start the Hive Metastore and Trino if this profile",
                "manages them and they are down, regenerate the serving views and access rules from conf/apps,",
                "then print the JDBC URL and each app's Trino user and views. Servers stay up afterwards."},
        footer = {"", "Examples:", "  citylake serve",
                "  citylake serve --profile cluster",
                "  citylake sql --user app_eldercare \"SELECT resident_id FROM lake.serving.app_eldercare_person LIMIT 5\""})
final class ServeCommand implements Callable<Integer> {
    @Mixin
    ProfileOption profile;

    @Override
    public Integer call() {
        Profile p = profile.load();
        LocalServices services = new LocalServices(p, System.err);
        Set<ServiceKind> wanted = EnumSet.of(ServiceKind.HMS, ServiceKind.TRINO);
        wanted.retainAll(services.managed());
        services.up(wanted); // a profile that does not manage them points at servers someone else runs
        ServingPublisher.Published published = ServingPublisher.of(p, System.err).publishIfTrinoUp();
        List<TableContract> contracts = ContractLoader.loadAll(p.confDir().resolve("contracts"));
        List<AppFile> apps = AppFiles.loadAll(ServingPublisher.appsDir(p), contracts);
        TrinoAccess access = TrinoAccess.of(p);
        print(access.jdbcUrl(), access.passwordAuth() ? Optional.of(access.passwords()) : Optional.empty(), p.get("trino.catalog"), apps,
                ServingViews.plan(contracts, apps), published.viewsRefreshed(), System.out);
        return published.viewsRefreshed() ? 0 : 1;
    }

    /**
     * What an app developer needs: where to connect, as whom, which views that user may read, and (with
     * {@code trino.auth: password}) where each app's password comes from — never the password itself.
     */
    static void print(String jdbcUrl, Optional<TrinoPasswords> passwords, String catalog, List<AppFile> apps, List<ServingView> views,
            boolean trinoUp, PrintStream out) {
        out.println((trinoUp ? "Trino is serving at  " : "Trino is NOT answering at  ") + jdbcUrl);
        out.println("App users (Trino user = app name; each may only SELECT its own views):");
        for (AppFile a : apps) {
            out.printf("  %-16s %s — %s%n", a.app(), a.title(), a.purpose());
            passwords.ifPresent(pw -> out.printf("  %-16s   password: %s%n", "", pw.source(a.app())));
            for (ServingView v : views) {
                if (v.app().equals(a)) {
                    out.printf("  %-16s   %s.%s.%s%n", "", catalog, ServingView.SCHEMA, v.name());
                }
            }
        }
        String example = apps.isEmpty() ? "app" : apps.get(0).app();
        if (passwords.isPresent()) {
            out.println("Connect over HTTPS with user=<app> and that app's password (JDBC property 'password'); trust the certificate in the URL.");
            out.println("Set CITYLAKE_TRINO_PASSWORD_<APP> before 'citylake serve' to choose a password; Trino re-reads its password file within 5 s.");
        } else {
            out.println("Connect with user=<app>, e.g. " + jdbcUrl + "?user=" + example);
            out.println("Without HTTPS and passwords Trino believes the user a client names: the rules keep honest apps apart"
                    + " (trino.auth: password makes apps prove it).");
        }
    }
}
