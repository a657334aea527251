package org.citylake.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import org.citylake.pipelines.standards.Explainable;
import org.citylake.pipelines.standards.Standard;
import org.citylake.pipelines.standards.StandardContext;
import org.citylake.pipelines.standards.Standards;
import org.citylake.pipelines.standards.Verdict;
import org.citylake.pipelines.standards.VerdictTsv;
import org.citylake.warehouse.Profile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "standardize", mixinStandardHelpOptions = true,
        description = {"Check values against one national standard, exactly as the cleansing",
                "pipeline does. Reads one value per line from standard input and writes one",
                "TSV line per value:",
                "  input, valid|fixed|invalid, normalized value, reason code, message",
                "'fixed' means only the spelling differed (full-width digits, lower-case x,",
                "a 15-digit ID, a street name for its code, GCJ-02 coordinates); the",
                "normalized value is what the lake stores. Reason codes: docs/reason-codes.md.",
                "Reference data: conf/dictionaries (GB/T 2260) and",
                "conf/standards/gb32100-allowlist.txt; 'today' is the date in Asia/Shanghai.",
                "",
                "Standards: gb11643 (citizen ID), gb32100 (credit code), gbt2260-county,",
                "  gbt2260-street, gbt2260-community, gbt2261-sex, name-gb18030,",
                "  name-gb18030-keep-width, date, number, phone-cn, text, holder-id,",
                "  cgcs2000-lon, cgcs2000-lat, cgcs2000-point ([gcj02:|bd09:]lon,lat), wkt.",
                ""},
        footer = {"", "Examples:",
                "  printf '11010519491231002X\\n110105194912310021\\n' \\",
                "    | citylake standardize --standard gb11643",
                "  echo 914403001922038216 | citylake standardize --standard gb32100 --explain",
                "  printf '填海巷社区\\n340102001999\\n' \\",
                "    | citylake standardize --standard gbt2260-community",
                "  echo 'gcj02:117.3105,31.8665' \\",
                "    | citylake standardize --standard cgcs2000-point",
                "  echo 'POLYGON((0 0,1 1,1 0,0 1,0 0))' | citylake standardize --standard wkt"})
final class StandardizeCommand implements Callable<Integer> {
    @Option(names = "--standard", required = true, paramLabel = "NAME",
            description = "The standard, as a contract's column names it (see the list above).")
    String standard;

    @Option(names = "--explain", description = "After each value, a line '# …' showing the working (e.g. the check-character sum).")
    boolean explain;

    @Option(names = "--header", description = "Print a header line first.")
    boolean header;

    @Override
    public Integer call() throws Exception {
        StandardContext context = StandardContext.load(Profile.home().resolve("conf"), LocalDate.now(ZoneId.of("Asia/Shanghai")));
        Standard s = Standards.forName(standard, context);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (header) {
            out.println(VerdictTsv.HEADER);
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue; // blank is "missing", a nullability question, not a standard's
                }
                Verdict v = s.apply(line);
                out.println(VerdictTsv.line(line, v));
                if (explain) {
                    out.println("# " + explanation(s, line, v));
                }
            }
        }
        return 0;
    }

    private static String explanation(Standard s, String value, Verdict v) {
        if (s instanceof Explainable e) {
            return e.explain(value);
        }
        return switch (v.status()) {
            case VALID -> "'" + value + "' already meets the standard";
            case FIXED -> "'" + value + "' is written differently but means '" + v.value() + "'" + (v.message() == null ? "" : ": " + v.message());
            case INVALID -> v.message();
        };
    }
}
