package org.citylake.cli;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.citylake.warehouse.services.LocalServices;
import org.citylake.warehouse.services.ServiceKind;
import org.citylake.warehouse.services.ServiceStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "services", mixinStandardHelpOptions = true,
        description = {"Start, stop or show the services a profile runs on this machine: PostgreSQL (Debian's",
                "package), the Hive Metastore (own JVM), a Spark standalone master + worker and Trino (Java >= 24);",
                "Apache Atlas 2.1.0 only with --only atlas (it starts empty each time: 30-50 s); an S3 server",
                "(s3proxy, buckets under the state dir) only with --only s3.",
                "'up' starts the profile's services.managed (local: hms, trino). The first start downloads",
                "HMS, Trino and Atlas from Maven Central into the cache dir; later starts are offline.",
                "Pid files and logs live under the state dir (.citylake/)."},
        footer = {"", "Examples:", "  citylake services up", "  citylake services up --only hms",
                "  citylake services up --only atlas   # then CITYLAKE_ATLAS_URL=http://127.0.0.1:21000",
                "  citylake services up --only s3      # http://127.0.0.1:19000, keys in .citylake/secrets/s3.properties",
                "  CITYLAKE_S3_ACCESS_KEY=… CITYLAKE_S3_SECRET_KEY=… citylake services up --profile cluster",
                "  citylake services status", "  citylake services down"})
final class ServicesCommand implements Callable<Integer> {
    enum Action { up, down, status }

    @Mixin
    ProfileOption profile;

    @Parameters(index = "0", paramLabel = "ACTION", description = "up, down or status.")
    Action action;

    @Option(names = "--only", split = ",", paramLabel = "SERVICE", description = "Limit to some services: postgres, hms, spark, trino, atlas, s3 (default: up = the profile's services.managed, down and status = all).")
    List<String> only;

    @Override
    public Integer call() {
        LocalServices services = new LocalServices(profile.load(), System.err);
        Set<ServiceKind> which = action == Action.up ? services.managed() : EnumSet.allOf(ServiceKind.class);
        if (only != null && !only.isEmpty()) {
            which = EnumSet.noneOf(ServiceKind.class);
            for (String s : only) {
                which.add(ServiceKind.parse(s));
            }
        }
        switch (action) {
            case up -> services.up(which);
            case down -> services.down(which);
            case status -> { }
        }
        List<String> lines = new ArrayList<>();
        for (ServiceStatus s : services.status()) {
            lines.add(String.format("%-8s %-8s pid %-8s %-36s log %s", s.kind().name().toLowerCase(), s.running() ? "running" : "stopped",
                    s.running() ? String.valueOf(s.pid()) : "-", s.endpoint(), s.logFile()));
        }
        lines.forEach(System.out::println);
        return 0;
    }
}
