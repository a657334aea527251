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
        description = {"Start, stop or show the local services of the embedded profile:",
                "the Hive Metastore (Derby, own JVM) and Trino (Java >= 24); Apache Atlas 2.1.0",
                "only with --only atlas (it starts empty each time: 30-50 s). The first start",
                "downloads them from Maven Central into the cache dir; later starts are offline.",
                "Pid files and logs live under .citylake/."},
        footer = {"", "Examples:", "  citylake services up", "  citylake services up --only hms",
                "  citylake services up --only atlas   # then CITYLAKE_ATLAS_URL=http://127.0.0.1:21000",
                "  citylake services status", "  citylake services down"})
final class ServicesCommand implements Callable<Integer> {
    enum Action { up, down, status }

    @Mixin
    ProfileOption profile;

    @Parameters(index = "0", paramLabel = "ACTION", description = "up, down or status.")
    Action action;

    @Option(names = "--only", split = ",", paramLabel = "SERVICE", description = "Limit to some services: hms, trino, atlas (default: hms,trino for up; all for down and status).")
    List<String> only;

    @Override
    public Integer call() {
        LocalServices services = new LocalServices(profile.load(), System.err);
        Set<ServiceKind> which = action == Action.up ? ServiceKind.defaults() : EnumSet.allOf(ServiceKind.class);
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
            lines.add(String.format("%-6s %-8s pid %-8s %-28s log %s", s.kind().name().toLowerCase(), s.running() ? "running" : "stopped",
                    s.running() ? String.valueOf(s.pid()) : "-", s.endpoint(), s.logFile()));
        }
        lines.forEach(System.out::println);
        return 0;
    }
}
