package org.citylake.cli;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.citylake.catalog.contract.ColumnContract;
import org.citylake.catalog.contract.TableContract;
import org.citylake.pipelines.change.ChangeSequence;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.SqlText;
import org.citylake.warehouse.TrinoQuery;
import org.citylake.warehouse.services.LocalServices;
import org.citylake.warehouse.services.ServiceKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Print every version of one record from history.<table> (SCD type 2):",
                "op (I inserted, U changed, D deleted), valid_from / valid_to, batch,",
                "source sequence and the contract's columns. --as-of keeps the version",
                "that held at that time. Read through Trino."},
        footer = {"", "Examples:",
                "  citylake history base.person --key 340102199001011234",
                "  citylake history base.person --key 340102199001011234 \\",
                "      --as-of '2026-11-25 12:00:00' --format json",
                "Who lived at an address on a date (one query, see docs/incremental.md):",
                "  citylake sql \"SELECT resident_id FROM lake.history.person",
                "    WHERE residence_address = '...' AND op <> 'D'",
                "    AND valid_from <= TIMESTAMP '2024-06-30 00:00:00 Asia/Shanghai'",
                "    AND coalesce(valid_to > TIMESTAMP '2024-06-30 00:00:00 Asia/Shanghai',",
                "                 true)\""})
final class HistoryCommand implements Callable<Integer> {
    @Mixin
    ProfileOption profile;

    @Parameters(index = "0", paramLabel = "TABLE", description = "A base table with a contract, e.g. base.person.")
    String table;

    @Option(names = "--key", required = true, description = "The record's key value (e.g. a citizen ID number).")
    String key;

    @Option(names = "--as-of", description = "yyyy-MM-dd[ HH:mm:ss] in Asia/Shanghai, or an ISO instant: only the version valid then.")
    String asOf;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    ResultFormat format;

    @Override
    public Integer call() throws Exception {
        Profile p = profile.load();
        TableContract contract = QuarantineCommand.contract(p, table);
        Optional<Instant> at = asOf == null ? Optional.empty() : Optional.of(parseTime(asOf));
        if (p.name().equals("local")) {
            new LocalServices(p, System.err).up(EnumSet.of(ServiceKind.HMS, ServiceKind.TRINO));
        }
        TrinoQuery.Result r = versions(new TrinoQuery(p), p.get("trino.catalog"), contract, key, at);
        System.out.print(format.render(r));
        System.out.flush();
        if (r.rows().isEmpty()) {
            System.err.println("no version of " + table + " " + key + (at.isPresent() ? " at " + at.get() : "") + " in history." + contract.table());
            return 1;
        }
        return 0;
    }

    /** The versions of one record, oldest first; with {@code asOf}, the one valid then (tombstones never are). */
    static TrinoQuery.Result versions(TrinoQuery trino, String catalog, TableContract contract, String key, Optional<Instant> asOf)
            throws java.sql.SQLException {
        if (contract.key().size() != 1) {
            throw new IllegalArgumentException(contract.qualifiedName() + " has a composite key " + contract.key() + "; use citylake sql");
        }
        String cols = contract.columns().stream().map(ColumnContract::name).map(c -> "\"" + c + "\"").collect(Collectors.joining(", "));
        String sql = "SELECT op, valid_from, valid_to, is_current, _batch_id, _sequence, " + cols + " FROM " + catalog + ".history."
                + contract.table() + " WHERE \"" + contract.key().get(0) + "\" = " + SqlText.literal(key);
        if (asOf.isPresent()) {
            String t = "from_iso8601_timestamp(" + SqlText.literal(asOf.get().toString()) + ")";
            sql += " AND op <> 'D' AND valid_from <= " + t + " AND (valid_to IS NULL OR valid_to > " + t + ")";
        }
        return trino.run(sql + " ORDER BY valid_from, op DESC", "citylake");
    }

    static Instant parseTime(String text) {
        String s = text.strip();
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException notInstant) {
            String full = s.length() == 10 ? s + " 00:00:00" : s;
            try {
                return java.time.LocalDateTime.parse(full, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
                        .atZone(ChangeSequence.SOURCE_ZONE).toInstant();
            } catch (DateTimeParseException e) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new HistoryCommand()),
                        "--as-of '" + text + "': expected yyyy-MM-dd[ HH:mm:ss] (Asia/Shanghai) or an ISO instant like 2026-11-25T04:00:00Z");
            }
        }
    }

}
