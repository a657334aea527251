package org.citylake.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.citylake.catalog.audit.AuditChain;
import org.citylake.catalog.audit.AuditEntry;
import org.citylake.catalog.audit.AuditFilter;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.TrinoQuery;
import org.citylake.warehouse.audit.IcebergAuditLog;
import org.citylake.warehouse.services.LocalServices;
import org.citylake.warehouse.services.ServiceKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"The audit log (governance.audit_log), oldest first. Every job: load,",
                "quarantine replay, maintain, exchange run/push/pull, lineage sync. Every",
                "publish or discard decision: the quality gate's and a steward's, with the",
                "reason. Every export: exchange packages, quality reports. Every access-rule",
                "change: apps grant/revoke/publish, rules.json regenerated. Failed jobs are",
                "there too, with the error.",
                "",
                "Append-only: citylake only adds entries. Each entry holds the SHA-256 of",
                "its content and of the entry before it; --verify walks that chain and the",
                "table's history and names the first entry changed, removed or inserted",
                "by anything but citylake (exit 3).",
                "",
                "Times print in Asia/Shanghai. --since takes an instant, a local date or",
                "date-time (Asia/Shanghai), or an age: 30m, 2h, 7d. See docs/audit.md."},
        footer = {"", "Examples:", "  citylake audit --since 7d",
                "  citylake audit --table base.person --action publish",
                "  citylake audit --user steward-li --format json",
                "  citylake audit --action apps --since 2026-12-01 --format csv",
                "  citylake audit --verify",
                "",
                "  SEQ  AT (Asia/Shanghai)   USER         ACTION           OUTCOME ...",
                "    7  2026-12-08 09:41:02  ops/steward  publish.steward  ok      ..."})
final class AuditCommand implements Callable<Integer> {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZONE);

    enum Format { TEXT, JSON, CSV }

    @Mixin
    ProfileOption profile;

    @Option(names = "--since", paramLabel = "T", description = "Only entries at or after T: 2026-12-08T01:00:00Z, 2026-12-08, 2026-12-08T09:00, 2h, 7d.")
    String since;

    @Option(names = "--user", paramLabel = "U", description = "Only entries by this OS user or acting user (a steward's --user, audit.user).")
    String user;

    @Option(names = "--table", paramLabel = "T", description = "Only entries touching this target: base.person, a namespace (base), app:app_market, subscription:<name>.")
    String table;

    @Option(names = "--action", paramLabel = "A", description = "Only this action or family: load, publish (gate and steward), apps, export, exchange.push, …")
    String action;

    @Option(names = "--format", defaultValue = "text", description = "text, json or csv (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--verify", description = "Check the hash chain and the table's history instead of listing; exit 3 if broken.")
    boolean verify;

    @Override
    public Integer call() {
        Profile p = profile.load();
        if (p.name().equals("local")) {
            new LocalServices(p, System.err).up(EnumSet.of(ServiceKind.HMS));
        }
        try (IcebergAuditLog log = IcebergAuditLog.open(p)) {
            if (verify) {
                AuditChain.Verification v = log.verify();
                if (v.intact()) {
                    String head = log.head();
                    System.out.println(log.name() + ": intact · " + v.entries() + " entries chained from the first"
                            + (head == null ? "" : " · head seq " + head.replace(" ", " sha256 ")));
                    return 0;
                }
                System.out.println(log.name() + ": BROKEN · " + v.entries() + " entries read");
                v.problems().forEach(pr -> System.out.println("  " + pr));
                return 3;
            }
            List<AuditEntry> entries = log.entries(new AuditFilter(since == null ? null : parseSince(since, Instant.now()), user, table, action));
            System.out.print(render(entries, format));
            return 0;
        }
    }

    /** An instant, a local date or date-time in Asia/Shanghai, or an age ({@code 30m}, {@code 2h}, {@code 7d}) before {@code now}. */
    static Instant parseSince(String t, Instant now) {
        String s = t.strip();
        if (s.matches("[0-9]+[mhd]")) {
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            Duration d = switch (s.charAt(s.length() - 1)) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.minus(d);
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDateTime.parse(s).atZone(ZONE).toInstant();
            } catch (DateTimeParseException notDateTime) {
                try {
                    return LocalDate.parse(s).atStartOfDay(ZONE).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw new IllegalArgumentException("--since " + t + ": not an instant (2026-12-08T01:00:00Z), a date (2026-12-08), "
                            + "a date-time (2026-12-08T09:00) or an age (30m, 2h, 7d)");
                }
            }
        }
    }

    static String render(List<AuditEntry> entries, Format format) {
        if (format == Format.JSON) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < entries.size(); i++) {
                b.append(i == 0 ? "\n  " : ",\n  ").append(entries.get(i).toJson());
            }
            return b.append(entries.isEmpty() ? "]\n" : "\n]\n").toString();
        }
        List<String> columns = format == Format.CSV
                ? List.of("seq", "at", "os_user", "actor", "action", "outcome", "targets", "batch_id", "package_id", "message", "details", "hash")
                : List.of("SEQ", "AT (Asia/Shanghai)", "USER", "ACTION", "OUTCOME", "TARGETS", "BATCH/PACKAGE", "MESSAGE");
        List<List<String>> rows = new ArrayList<>();
        for (AuditEntry e : entries) {
            if (format == Format.CSV) {
                rows.add(java.util.Arrays.asList(String.valueOf(e.seq()), e.at().toString(), e.osUser(), e.actor(), e.action(), e.outcome().code(),
                        String.join(" ", e.targets()), e.batchId(), e.packageId(), e.message(), e.details(), e.hash()));
            } else {
                String ref = e.batchId() != null ? e.batchId() : e.packageId() != null ? e.packageId() : "";
                rows.add(List.of(String.valueOf(e.seq()), SHOWN.format(e.at()), e.osUser() + (e.actor() == null ? "" : "/" + e.actor()), e.action(),
                        e.outcome().code(), String.join(" ", e.targets()), ref, e.message().length() > 80 ? e.message().substring(0, 79) + "…" : e.message()));
            }
        }
        if (format == Format.TEXT && rows.isEmpty()) {
            return "no audit entries" + " match\n";
        }
        return (format == Format.CSV ? ResultFormat.CSV : ResultFormat.TABLE).render(new TrinoQuery.Result(columns, rows));
    }
}
