package org.citylake.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.TableContract;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.serving.AppFile;
import org.citylake.warehouse.serving.AppFileEditor;
import org.citylake.warehouse.serving.AppFiles;
import org.citylake.warehouse.serving.AppGrant;
import org.citylake.warehouse.serving.ServingPublisher;
import org.citylake.warehouse.serving.ServingView;
import org.citylake.warehouse.serving.ServingViews;
import org.citylake.warehouse.services.LocalServices;
import org.citylake.warehouse.services.ServiceKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "apps", mixinStandardHelpOptions = true,
        description = {"Scenario apps (场景应用) and what each may read through Trino: conf/apps/<app>.yaml →",
                "masked views lake.serving.<app>_<table> and Trino access rules. The app name is its Trino user."},
        subcommands = {AppsCommand.ListApps.class, AppsCommand.Grant.class, AppsCommand.Revoke.class, AppsCommand.Publish.class},
        footer = {"", "Examples:", "  citylake apps list",
                "  citylake apps grant app_market base.place --columns place_id,place_type,address",
                "  citylake apps revoke app_market base.place",
                "  citylake sql --user app_eldercare \"SELECT resident_id FROM lake.serving.app_eldercare_person LIMIT 5\""})
final class AppsCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Options every apps subcommand shares. */
    static final class Where {
        @Mixin
        ProfileOption profile;

        @Option(names = "--apps-dir", description = "App files (default: conf/apps under the citylake home).")
        Path appsDir;

        Profile load() {
            return profile.load();
        }

        Path apps(Profile p) {
            return appsDir != null ? appsDir : ServingPublisher.appsDir(p);
        }

        List<TableContract> contracts(Profile p) {
            return ContractLoader.loadAll(p.confDir().resolve("contracts"));
        }

        /** The metastore the audit log lives in is up (local profile), also for {@code --no-publish}; returns {@code event}. */
        org.citylake.catalog.audit.AuditEvent hmsFor(Profile p, org.citylake.catalog.audit.AuditEvent event) {
            if (p.name().equals("local")) {
                new LocalServices(p, System.err).up(EnumSet.of(ServiceKind.HMS));
            }
            return event;
        }

        /** Regenerates rules and views; on the local profile the services are started first. */
        void publish(Profile p) throws Exception {
            if (p.name().equals("local")) {
                new LocalServices(p, System.err).up(EnumSet.of(ServiceKind.HMS, ServiceKind.TRINO));
            }
            new ServingPublisher(p, p.confDir().resolve("contracts"), apps(p), System.getenv()::get, System.out).publish();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Each app, its purpose and the views it reads.")
    static final class ListApps implements Callable<Integer> {
        @Mixin
        Where where;

        @Override
        public Integer call() {
            Profile p = where.load();
            List<TableContract> contracts = where.contracts(p);
            List<AppFile> apps = AppFiles.loadAll(where.apps(p), contracts);
            List<ServingView> views = ServingViews.plan(contracts, apps);
            String catalog = p.get("trino.catalog");
            for (AppFile a : apps) {
                System.out.printf("%-16s %s — %s%n", a.app(), a.title(), a.purpose());
                for (AppGrant g : a.grants()) {
                    ServingView v = views.stream().filter(x -> x.app().equals(a) && x.grant().equals(g)).findFirst().orElseThrow();
                    System.out.printf("    %s.%s.%-28s ← %-18s %2d columns%s%n", catalog, ServingView.SCHEMA, v.name(), g.table(),
                            v.columns().size(), g.rows().isEmpty() ? "" : ", " + g.rows().size() + " row condition(s)");
                }
            }
            return 0;
        }
    }

    @Command(name = "grant", mixinStandardHelpOptions = true, description = "Let an app read a table (edits its app file, then publishes).")
    static final class Grant implements Callable<Integer> {
        @Mixin
        Where where;

        @Parameters(index = "0", paramLabel = "APP")
        String app;

        @Parameters(index = "1", paramLabel = "TABLE", description = "e.g. base.place")
        String table;

        @Option(names = "--columns", split = ",", description = "Columns to serve (default: all, masked per contract).")
        List<String> columns = List.of();

        @Option(names = "--no-publish", description = "Only edit the file.")
        boolean noPublish;

        @Override
        public Integer call() throws Exception {
            Profile p = where.load();
            org.citylake.catalog.audit.AuditEvent event = Audit.event(p, org.citylake.catalog.audit.Actions.APPS_GRANT, "app:" + app, table)
                    .withDetail("columns", columns.isEmpty() ? "all" : String.join(",", columns)).withDetail("published", !noPublish);
            Audit.record(p, where.hmsFor(p, event), () -> {
                AppFile a = new AppFileEditor(where.apps(p), where.contracts(p)).grant(app, table, columns);
                System.out.println(a.app() + " now reads " + a.grants().stream().map(AppGrant::table).toList() + " (" + a.file() + ")");
                if (!noPublish) {
                    where.publish(p);
                }
                return a;
            }, (e, a) -> e.withDetail("file", a.file()).ok(a.app() + " reads " + a.grants().stream().map(AppGrant::table).toList()));
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Stop an app reading a table (edits its app file, then publishes).")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        Where where;

        @Parameters(index = "0", paramLabel = "APP")
        String app;

        @Parameters(index = "1", paramLabel = "TABLE")
        String table;

        @Option(names = "--no-publish", description = "Only edit the file.")
        boolean noPublish;

        @Override
        public Integer call() throws Exception {
            Profile p = where.load();
            org.citylake.catalog.audit.AuditEvent event = Audit.event(p, org.citylake.catalog.audit.Actions.APPS_REVOKE, "app:" + app, table)
                    .withDetail("published", !noPublish);
            Audit.record(p, where.hmsFor(p, event), () -> {
                AppFile a = new AppFileEditor(where.apps(p), where.contracts(p)).revoke(app, table);
                System.out.println(a.app() + " now reads " + a.grants().stream().map(AppGrant::table).toList() + " (" + a.file() + ")");
                if (!noPublish) {
                    where.publish(p);
                }
                return a;
            }, (e, a) -> e.withDetail("file", a.file()).ok(a.app() + " reads " + a.grants().stream().map(AppGrant::table).toList()));
            return 0;
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true, description = "Regenerate the serving views and Trino access rules.")
    static final class Publish implements Callable<Integer> {
        @Mixin
        Where where;

        @Override
        public Integer call() throws Exception {
            Profile p = where.load();
            Audit.record(p, where.hmsFor(p, Audit.event(p, org.citylake.catalog.audit.Actions.APPS_PUBLISH)), () -> {
                where.publish(p);
                return 0;
            }, (e, r) -> e);
            return 0;
        }
    }
}
