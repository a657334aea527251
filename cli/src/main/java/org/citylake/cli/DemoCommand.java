package org.citylake.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.citylake.pipelines.generate.DefectScorecard;
import org.citylake.pipelines.generate.SourceDataGenerator;
import org.citylake.pipelines.job.Progress;
import org.citylake.pipelines.job.TableLoadResult;
import org.citylake.quality.report.QualityHistory;
import org.citylake.quality.report.QualityReportPage;
import org.citylake.quality.report.TableHistory;
import org.citylake.quality.score.QualityScorer;
import org.citylake.quality.score.QualityScores;
import org.citylake.quality.score.ScoreWeights;
import org.citylake.quality.score.TableScore;
import org.citylake.warehouse.LakeSession;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.TrinoQuery;
import org.citylake.warehouse.services.LocalServices;
import org.citylake.warehouse.services.ServiceKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The walking skeleton, end to end on this machine: start the Hive Metastore and Trino,",
                "generate department files, load the four base libraries (collect, cleanse, quarantine,",
                "one record per key), verify them with Deequ, and answer a query through Trino. Then a second,",
                "incremental round: a change set touching ~1 % of persons (moves, births, deaths, corrections),",
                "applied by sequence into base and history, with a point-in-time query on a moved person.",
                "Services stay up afterwards for 'citylake sql'; stop them with 'citylake services down'."},
        footer = {"", "Examples:", "  citylake demo", "  citylake demo --persons 100000 --defect-rate 0.05"})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    ProfileOption profile;

    @Option(names = "--persons", defaultValue = "20000", description = "Persons to generate (default: ${DEFAULT-VALUE}).")
    int persons;

    @Option(names = "--seed", defaultValue = "20260101", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--defect-rate", defaultValue = "0.02", description = "Fraction of rows with a defect (default: ${DEFAULT-VALUE}).")
    double defectRate;

    @Override
    public Integer call() throws Exception {
        Profile p = profile.load();
        Progress progress = new Progress(System.out);
        progress.stage("services", "Hive Metastore and Trino (the first start downloads them)");
        new LocalServices(p, System.out).up(EnumSet.of(ServiceKind.HMS, ServiceKind.TRINO));

        Path input = p.stateDir().resolve("demo/input");
        progress.stage("generate", persons + " persons, seed " + seed + ", defect rate " + defectRate + " → " + input);
        GenerateCommand.generate(input, persons, seed, defectRate);

        progress.stage("spark", "starting " + p.get("spark.master"));
        SparkSession spark = LakeSession.open(p, "citylake-demo");
        BatchPipeline.Outcome o;
        BatchPipeline.Outcome round2;
        org.citylake.pipelines.generate.ChangeSetGenerator.Summary changeSet;
        DefectScorecard scorecard;
        Path reportPage;
        QualityScores scores;
        DemoExchange.RoundTrip exchange;
        try {
            o = BatchPipeline.run(p, spark, input, progress);
            scorecard = DefectScorecard.score(input.resolve(SourceDataGenerator.DEFECTS_FILE), BatchPipeline.quarantinedRows(spark, p, o));
            QualityScorer scorer = new QualityScorer(ScoreWeights.load(p.confDir().resolve("quality/scores.yaml")));
            scores = scorer.score(o.reports());
            List<TableHistory> history = new QualityHistory(spark, p.get("trino.catalog")).read(Optional.empty());
            reportPage = new QualityReportPage(scorer).write(p.stateDir().resolve("reports/quality"), history,
                    QualityCommand.quarantineByReason(spark, p, history), java.time.Instant.now());
            // Round 2: what changed since, as the police change log delivers it; only new files are taken.
            Path changes = p.stateDir().resolve("demo/changes");
            org.citylake.warehouse.FileTrees.delete(changes);
            progress.stage("generate", "change set of ~1 % of " + persons + " persons (same seed) → " + changes);
            changeSet = new org.citylake.pipelines.generate.ChangeSetGenerator(System.out).generate(
                    org.citylake.pipelines.generate.GeneratorOptions.defaults(changes, Profile.home().resolve("conf"))
                            .withPersons(persons).withSeed(seed).withDefectRate(defectRate), 0.01,
                    java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            round2 = BatchPipeline.run(p, spark, changes, progress, org.citylake.pipelines.job.LoadMode.INCREMENTAL);
            progress.stage("exchange", "round trip of the population increment to the city's bucket (conf/exchange/city-person.yaml)");
            exchange = DemoExchange.run(p, spark, System.out);
        } finally {
            spark.stop();
        }
        BatchPipeline.printSummary(o, System.out);
        System.out.println();
        System.out.println("Injected defects (defects.jsonl) versus what the pipeline did:");
        scorecard.print(System.out);
        System.out.println();
        System.out.printf(java.util.Locale.ROOT, "Quality score (GB/T 36344 indicators, weights in conf/quality/scores.yaml): district %.1f%n", scores.district());
        for (TableScore t : scores.tables()) {
            System.out.printf(java.util.Locale.ROOT, "  %-18s %5.1f  %s%n", t.table(), t.score(), t.indicators().entrySet().stream()
                    .map(e -> e.getKey().chinese() + " " + String.format(java.util.Locale.ROOT, "%.0f", e.getValue())).toList());
        }
        System.out.println("Steward report: " + reportPage);
        System.out.println();

        System.out.printf(java.util.Locale.ROOT, "Exchange round trip (district → s3://city → the city's own lake): %d package(s), %,d rows sent;"
                + " %d package(s), %,d rows applied%n", exchange.packagesSent(), exchange.rowsSent(), exchange.packagesApplied(), exchange.rowsApplied());
        if (exchange.rejected().isEmpty()) {
            System.out.println("  digests verified: SHA-256 and SM3 of every file, HMAC-SM3 manifest signature, SM4-GCM decrypted");
        } else {
            System.out.println("  REJECTED: " + String.join("; ", exchange.rejected()));
        }
        System.out.printf(java.util.Locale.ROOT, "  city %,d rows · district %,d rows (masked per grant) · %s%n", exchange.cityRows(), exchange.districtRows(),
                exchange.agree() ? "agree row for row" : "DIFFER");
        System.out.println();

        String catalog = p.get("trino.catalog");
        String sql = "SELECT s.street_code, count(*) AS persons, count_if(date_diff('year', s.birth_date, current_date) >= 60) AS aged_60_plus "
                + "FROM " + catalog + ".base.person s GROUP BY s.street_code ORDER BY persons DESC";
        progress.stage("trino", sql);
        TrinoQuery trino = new TrinoQuery(p);
        System.out.print(ResultFormat.TABLE.render(trino.run(sql, "citylake")));
        long trinoCount = Long.parseLong(trino.run("SELECT count(*) FROM " + catalog + ".base.person FOR VERSION AS OF 'batch_"
                + o.batchId() + "'", "citylake").rows().get(0).get(0));
        long sparkCount = o.loads().stream().filter(l -> l.table().equals("base.person")).mapToLong(TableLoadResult::baseRows).sum();
        progress.stage("trino", "base.person has " + trinoCount + " records through Trino (Spark wrote " + sparkCount + ")");
        System.out.println();
        System.out.println("Round 2 (incremental): " + changeSet.file().getFileName() + " " + changeSet.byKind());
        BatchPipeline.printSummary(round2, System.out);
        if (changeSet.move().isPresent()) {
            var m = changeSet.move().get();
            java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
            for (java.time.Instant t : List.of(m.at().minusSeconds(1), m.at())) {
                String ts = "TIMESTAMP '" + f.format(java.time.LocalDateTime.ofInstant(t, java.time.ZoneId.of("Asia/Shanghai"))) + " Asia/Shanghai'";
                String pit = "SELECT resident_id, residence_address, op, valid_from, valid_to FROM " + catalog + ".history.person"
                        + " WHERE resident_id = '" + m.residentId() + "' AND op <> 'D' AND valid_from <= " + ts
                        + " AND (valid_to IS NULL OR valid_to > " + ts + ")";
                progress.stage("as of", pit);
                System.out.print(ResultFormat.TABLE.render(trino.run(pit, "citylake")));
            }
            System.out.println("Every version: ./citylake history base.person --key " + m.residentId());
        }
        System.out.println();
        System.out.println("Next: ./citylake sql \"SELECT reason_code, count(*) FROM lake.quarantine.person GROUP BY 1 ORDER BY 2 DESC\"");
        System.out.println("      ./citylake services down");
        return o.balanced() && o.qualityPassed() && o.allPublished() && trinoCount == sparkCount
                && round2.balanced() && round2.allPublished() && exchange.agree() && exchange.rejected().isEmpty() ? 0 : 2;
    }
}
