package org.citylake.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.citylake.catalog.contract.ColumnContract;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.TableContract;
import org.citylake.warehouse.Profile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "contracts", mixinStandardHelpOptions = true,
        description = "Validate the data contracts in conf/contracts and show what they say.",
        footer = {"", "Examples:", "  citylake contracts                 # validate all, one line per table",
                "  citylake contracts base.person     # columns, aliases, standards, grading, masking, rules",
                "  citylake contracts --dir /tmp/new-contracts"})
final class ContractsCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "TABLE", description = "Show one table, e.g. base.person.")
    String table;

    @Option(names = "--dir", description = "Contracts directory (default: conf/contracts under the citylake home).")
    Path dir;

    @Override
    public Integer call() {
        Path d = dir != null ? dir : Profile.home().resolve("conf/contracts");
        List<TableContract> all = ContractLoader.loadAll(d);
        if (table == null) {
            for (TableContract c : all) {
                System.out.printf("%-22s %-10s %2d columns  key %-16s owner %s%n", c.qualifiedName(), c.grade().code(),
                        c.columns().size(), String.join("+", c.key()), c.ownerDepartment());
            }
            System.out.println(all.size() + " contracts valid in " + d);
            return 0;
        }
        TableContract c = all.stream().filter(t -> t.qualifiedName().equals(table)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No contract for table '" + table + "' in " + d));
        System.out.println(c.qualifiedName() + " — " + c.title() + " (" + c.grade().chinese() + ")  owner: " + c.ownerDepartment());
        System.out.println("key: " + String.join(", ", c.key()) + "   sources: "
                + String.join(", ", c.sources().stream().map(s -> s.name() + " (" + s.origin() + (s.readsJdbc() ? "" : ", " + (s.detectsEncoding() ? "auto" : s.encoding())) + ")").toList()));
        for (ColumnContract col : c.columns()) {
            System.out.printf("  %-18s %-14s %-8s %-19s %-10s %-14s %s%n", col.name(), col.type(), col.nullable() ? "null" : "required",
                    col.sensitivity().code(), col.grade().code(), col.masking().describe(), col.standard());
            System.out.println("      aliases: " + String.join(" / ", col.aliases()) + (col.quality().isEmpty() ? ""
                    : "   rules: " + String.join(", ", col.quality().stream().map(r -> r.kind().code() + "(" + r.level().code() + ")").toList())));
        }
        return 0;
    }
}
