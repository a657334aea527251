package org.citylake.pipelines.badinput;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citylake.catalog.contract.SourceSpec;
import org.citylake.catalog.contract.TableContract;
import org.citylake.catalog.dictionary.Dictionaries;
import org.citylake.pipelines.cleanse.CleansingPlan;
import org.citylake.pipelines.cleanse.QuarantineReason;
import org.citylake.pipelines.cleanse.RecordCleanser;
import org.citylake.pipelines.collect.SourceEncoding;
import org.citylake.pipelines.collect.SourceFileReader;
import org.citylake.pipelines.collect.SourceRecord;
import org.citylake.pipelines.standards.StandardContext;

/**
 * The pure-Java part of a load, in the order the job runs it: the whole-file encoding pre-flight, the
 * source reader, then the contract's cleansing of every readable record. What it returns is the row
 * accounting the job writes to ODS and quarantine: per line, accepted or the reason codes.
 */
final class Intake {
    static final Path HOME = Path.of(System.getProperty("citylake.home", "..")).toAbsolutePath().normalize();
    static final Dictionaries DICT = Dictionaries.load(HOME.resolve("conf"));
    static final StandardContext CONTEXT = StandardContext.of(DICT, java.util.Set.of(), LocalDate.of(2026, 11, 25));

    /** Line → reason codes (empty: accepted). */
    record Accounting(Map<Long, List<String>> byLine) {
        long accepted() {
            return byLine.values().stream().filter(List::isEmpty).count();
        }

        long quarantined() {
            return byLine.size() - accepted();
        }

        List<String> reasons(long line) {
            return byLine.get(line);
        }
    }

    private Intake() {
    }

    static Accounting of(TableContract contract, SourceSpec source, Path file) {
        Charset charset = SourceEncoding.resolve(file, source.detectsEncoding() ? null : source.encoding());
        RecordCleanser cleanser = new RecordCleanser(CleansingPlan.of(contract, DICT, CONTEXT));
        Map<Long, List<String>> out = new LinkedHashMap<>();
        new SourceFileReader(contract, source, charset).read(file, (SourceRecord r) -> {
            List<String> codes = new ArrayList<>();
            if (!r.readable()) {
                codes.add(QuarantineReason.fromParseError(r.parseError()).code());
            } else {
                RecordCleanser.Outcome o = cleanser.cleanse(r.fields());
                o.reasons().forEach(q -> codes.add(q.code()));
            }
            if (out.put(r.line(), codes) != null) {
                throw new AssertionError(file + ": line " + r.line() + " came out twice");
            }
        });
        return new Accounting(out);
    }
}
