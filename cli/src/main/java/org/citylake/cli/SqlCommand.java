package org.citylake.cli;

import java.util.EnumSet;
import java.util.concurrent.Callable;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.TrinoQuery;
import org.citylake.warehouse.services.LocalServices;
import org.citylake.warehouse.services.ServiceKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "Run a SQL query through Trino JDBC (starts the local services if needed).",
        footer = {"", "Examples:",
                "  citylake sql \"SELECT count(*) FROM lake.base.person\" --format csv",
                "  citylake sql \"SELECT street_code, count(*) FROM lake.base.person GROUP BY 1 ORDER BY 2 DESC\"",
                "  citylake sql \"SELECT * FROM lake.base.person FOR TIMESTAMP AS OF TIMESTAMP '2026-11-25 12:00:00 Asia/Shanghai' LIMIT 5\""})
final class SqlCommand implements Callable<Integer> {
    @Mixin
    ProfileOption profile;

    @Parameters(index = "0", paramLabel = "SQL", description = "The query. Tables are lake.<namespace>.<table>.")
    String sql;

    @Option(names = "--user", defaultValue = "citylake", description = "Trino user to run as (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    ResultFormat format;

    @Override
    public Integer call() throws Exception {
        Profile p = profile.load();
        if (p.name().equals("local")) {
            new LocalServices(p, System.err).up(EnumSet.of(ServiceKind.HMS, ServiceKind.TRINO));
        }
        TrinoQuery.Result r = new TrinoQuery(p).run(sql, user);
        System.out.print(format.render(r));
        System.out.flush();
        return 0;
    }
}
