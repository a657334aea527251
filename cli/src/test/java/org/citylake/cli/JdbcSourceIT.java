package org.citylake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.SourceSpec;
import org.citylake.catalog.contract.TableContract;
import org.citylake.pipelines.jdbc.JdbcConnection;
import org.citylake.pipelines.jdbc.JdbcDelivery;
import org.citylake.pipelines.jdbc.JdbcSourceReader;
import org.citylake.pipelines.job.LoadMode;
import org.citylake.pipelines.job.Progress;
import org.citylake.pipelines.job.TableLoadResult;
import org.citylake.pipelines.standards.UnifiedSocialCreditCode;
import org.citylake.quality.gate.Publication;
import org.citylake.quality.gate.PublishGate;
import org.citylake.warehouse.watermark.WatermarkTable;
import org.citylake.warehouse.services.PostgresService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A JDBC source on a real PostgreSQL: the market regulator's registration database
 * ({@code market_entity}, Chinese column names and text) feeds {@code base.legal_entity} through the
 * contract's {@code market_registry_db} source, enabled by its URL variable. Loads are incremental
 * by {@code updated_at}: the first takes everything, later ones only rows above the published
 * watermark; a rerun takes nothing and commits nothing; a run that fails after staging resumes from
 * the last published watermark; NULLs and wrong types in the database are quarantined; the read is
 * split into 4 ranges of {@code id}. Runs after ServingIT and ExchangeRoundTripIT (it upserts legal
 * entities) and before IncrementalIT, whose full load replaces every library again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(Integer.MAX_VALUE - 4)
@ExtendWith(UsesLocalStack.class)
class JdbcSourceIT {
    static final String DB = "registry";
    static final Pattern BATCH = Pattern.compile("\\] batch\\s+(b[0-9a-f]{16}) ");

    LocalStack stack;
    SparkSession spark;
    PostgresService pg;
    Path input;
    Map<String, String> env;
    List<String> codes = new ArrayList<>();

    @BeforeAll
    void database(LocalStack stack) throws IOException {
        this.stack = stack;
        spark = stack.spark;
        pg = stack.postgres();
        pg.ensureDatabase(DB);
        pg.query(DB, "DROP TABLE IF EXISTS market_entity");
        // Columns as the registration system names them: some by contract name, some by Chinese alias;
        // registered capital is text there (so a bad value reaches the number standard), remark is unknown to the contract.
        pg.query(DB, "CREATE TABLE market_entity (id bigint PRIMARY KEY, credit_code text, \"主体名称\" text, entity_type text,"
                + " \"法定代表人\" text, registered_capital text, established_date date, \"住所\" text, street_code text,"
                + " \"登记状态\" text, remark text, updated_at timestamp)");
        for (int i = 1; i <= 60; i++) {
            codes.add(UnifiedSocialCreditCode.of('9', '1', "340102", String.format(Locale.ROOT, "MA2J%04d", i)).value());
        }
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            rows.append(i == 1 ? "" : ", ").append(row(i, codes.get(i - 1), "瑶海" + i + "号商贸有限公司", "100.50",
                    "'2026-06-01 08:" + String.format(Locale.ROOT, "%02d", i) + ":00'"));
        }
        pg.query(DB, "INSERT INTO market_entity VALUES " + rows);
        // Defects in the database itself: a NULL key, a capital that is not a number, a row without updated_at.
        pg.query(DB, "INSERT INTO market_entity VALUES " + row(41, null, "无代码商行", "10", "'2026-06-01 08:41:00'")
                + ", " + row(42, codes.get(41), "资本有误商行", "十万", "'2026-06-01 08:42:00'")
                + ", " + row(43, codes.get(42), "无时间戳商行", "10", "NULL"));
        input = Files.createDirectories(stack.work.resolve("jdbc/empty"));   // no files: only the database delivers
        env = Map.of("CITYLAKE_MARKET_DB_URL", pg.jdbcUrl(DB), "CITYLAKE_MARKET_DB_USER", pg.user(),
                "CITYLAKE_MARKET_DB_PASSWORD", pg.password());
    }

    static String row(int id, String code, String name, String capital, String updatedAt) {
        return "(" + id + ", " + (code == null ? "NULL" : "'" + code + "'") + ", '" + name + "', '有限责任公司', '张" + id + "', '" + capital
                + "', DATE '2015-03-0" + (1 + id % 9) + "', '合肥市瑶海区胜利路" + id + "号', '340102003', '存续', '备注" + id + "', "
                + updatedAt + ")";
    }

    BatchPipeline.Outcome load(ByteArrayOutputStream out) {
        return BatchPipeline.run(stack.profile, spark, input, new Progress(new PrintStream(out, true, StandardCharsets.UTF_8)),
                LoadMode.INCREMENTAL, env::get);
    }

    @Test
    @Order(1)
    void theFirstLoadTakesEveryRowQuarantinesDatabaseDefectsAndRecordsTheWatermarkAfterPublish() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BatchPipeline.Outcome o = load(out);
        System.out.print(out.toString(StandardCharsets.UTF_8));
        assertThat(o.loads()).extracting(TableLoadResult::table).containsExactly("base.legal_entity");
        TableLoadResult r = o.loads().get(0);
        assertThat(r.rowsIn()).isEqualTo(43);
        assertThat(r.rowsInBySource()).containsExactly(Map.entry("market_registry_db", 43L));
        assertThat(r.balanced()).isTrue();
        assertThat(o.allPublished()).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("4 parallel read(s) by id in [1, 43]");

        // Every row accepted or quarantined, with the database's defects under their reason codes.
        assertThat(r.accepted()).isEqualTo(40);
        Map<Long, String> quarantined = new java.util.TreeMap<>();
        for (Row q : spark.sql("SELECT _line, reason_code, _source_file FROM lake.quarantine.legal_entity WHERE _batch_id = '" + o.batchId() + "'")
                .collectAsList()) {
            quarantined.put(q.getLong(0), q.getString(1));
            assertThat(q.getString(2)).isEqualTo("jdbc:market_entity");
        }
        assertThat(quarantined).containsExactly(Map.entry(41L, "missing_required"), Map.entry(42L, "bad_number"),
                Map.entry(43L, "jdbc_null_watermark"));

        // Chinese text and aliases arrive as in the database; the unknown column lands in _extra.
        Row e7 = spark.sql("SELECT entity_name, legal_rep_name, address, registered_capital FROM lake.base.legal_entity WHERE credit_code = '"
                + codes.get(6) + "'").first();
        assertThat(e7.getString(0)).isEqualTo("瑶海7号商贸有限公司");
        assertThat(e7.getString(1)).isEqualTo("张7");
        assertThat(e7.getString(2)).isEqualTo("合肥市瑶海区胜利路7号");
        assertThat(e7.getDecimal(3)).isEqualByComparingTo("100.50");
        assertThat(spark.sql("SELECT _extra['remark'] FROM lake.ods.market_registry_db WHERE _batch_id = '" + o.batchId() + "' AND _line = 7")
                .first().getString(0)).isEqualTo("备注7");

        assertThat(watermark()).contains("2026-06-01 08:42:00");
        assertThat(pg.query(DB, "SELECT max(updated_at) FROM market_entity")).isEqualTo("2026-06-01 08:42:00");
        // Lineage: the JDBC table at its watermark range feeds the ODS table; its real column names map to base columns.
        List<Row> edges = spark.sql("SELECT e.input_name, e.input_version FROM lake.governance.lineage_edges e JOIN lake.governance.lineage_runs r"
                + " USING (run_id) WHERE r.batch_id = '" + o.batchId() + "' AND e.output_name = 'ods.market_registry_db'").collectAsList();
        assertThat(edges).extracting(x -> x.getString(0) + "@" + x.getString(1))
                .containsExactly("jdbc:market_entity@updated_at (-∞, 2026-06-01 08:42:00]");
        assertThat(spark.sql("SELECT input_column FROM lake.governance.lineage_columns c JOIN lake.governance.lineage_runs r USING (run_id)"
                + " WHERE r.batch_id = '" + o.batchId() + "' AND c.output_column = 'entity_name' AND c.input_name = 'jdbc:market_entity'")
                .first().getString(0)).isEqualTo("主体名称");
        assertThat(tags()).contains("batch_" + o.batchId());
    }

    @Test
    @Order(2)
    void anIncrementalLoadTakesOnlyRowsAboveTheWatermark() {
        pg.query(DB, "UPDATE market_entity SET \"住所\" = '合肥市瑶海区长江东路8号', updated_at = '2026-06-02 09:00:00' WHERE id = 5");
        pg.query(DB, "UPDATE market_entity SET \"登记状态\" = '注销', updated_at = '2026-06-02 09:01:00' WHERE id = 6");
        pg.query(DB, "INSERT INTO market_entity VALUES " + row(44, codes.get(43), "新设44号商行", "5", "'2026-06-02 09:02:00'") + ", "
                + row(45, codes.get(44), "新设45号商行", "5", "'2026-06-02 09:03:00'") + ", "
                + row(46, codes.get(45), "新设46号商行", "5", "'2026-06-02 09:04:00'"));
        long before = spark.table("lake.base.legal_entity").count();
        BatchPipeline.Outcome o = load(new ByteArrayOutputStream());
        TableLoadResult r = o.loads().get(0);
        assertThat(r.rowsIn()).isEqualTo(5);
        assertThat(o.allPublished()).isTrue();
        assertThat(spark.sql("SELECT _line FROM lake.ods.market_registry_db WHERE _batch_id = '" + o.batchId() + "' ORDER BY _line")
                .collectAsList()).extracting(x -> x.getLong(0)).containsExactly(5L, 6L, 44L, 45L, 46L);
        assertThat(spark.table("lake.base.legal_entity").count()).isEqualTo(before + 3);   // upserts: nothing absent is deleted
        assertThat(spark.sql("SELECT address FROM lake.base.legal_entity WHERE credit_code = '" + codes.get(4) + "'").first().getString(0))
                .isEqualTo("合肥市瑶海区长江东路8号");
        assertThat(spark.sql("SELECT status FROM lake.base.legal_entity WHERE credit_code = '" + codes.get(5) + "'").first().getString(0))
                .isEqualTo("注销");
        assertThat(watermark()).contains("2026-06-02 09:04:00");
        assertThat(tags()).contains("batch_" + o.batchId());
    }

    @Test
    @Order(3)
    void aRerunTakesNothingAndCommitsNothing() {
        Map<String, Long> before = snapshots();
        long marks = spark.sql("SELECT count(*) FROM lake.governance.watermarks").first().getLong(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BatchPipeline.Outcome o = load(out);
        assertThat(o.loads()).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("has no row above watermark 2026-06-02 09:04:00");
        assertThat(snapshots()).isEqualTo(before);
        assertThat(spark.sql("SELECT count(*) FROM lake.governance.watermarks").first().getLong(0)).isEqualTo(marks);
    }

    @Test
    @Order(4)
    void aRunThatFailsAfterStagingResumesFromTheLastPublishedWatermark() {
        pg.query(DB, "INSERT INTO market_entity VALUES " + row(47, codes.get(46), "新设47号商行", "5", "'2026-06-03 10:00:00'") + ", "
                + row(48, codes.get(47), "新设48号商行", "5", "'2026-06-03 10:01:00'"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // The failure strikes when the audit starts: ODS, base and history written on the batch's branch, nothing published.
        PrintStream failing = new PrintStream(out, true, StandardCharsets.UTF_8) {
            @Override
            public PrintStream format(Locale l, String format, Object... args) {
                if (args.length > 1 && "verify".equals(args[1])) {
                    throw new IllegalStateException("injected failure before the audit");
                }
                return super.format(l, format, args);
            }
        };
        assertThatThrownBy(() -> BatchPipeline.run(stack.profile, spark, input, new Progress(failing), LoadMode.INCREMENTAL, env::get))
                .hasMessageContaining("injected failure");
        Matcher m = BATCH.matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(m.find()).isTrue();
        String failedBatch = m.group(1);
        assertThat(watermark()).contains("2026-06-02 09:04:00");
        assertThat(spark.sql("SELECT count(*) FROM lake.base.legal_entity WHERE credit_code IN ('" + codes.get(46) + "', '" + codes.get(47) + "')")
                .first().getLong(0)).isZero();

        BatchPipeline.Outcome o = load(new ByteArrayOutputStream());
        assertThat(o.batchId()).isEqualTo(failedBatch);   // the same range again: the same batch, restaged
        assertThat(o.loads().get(0).rowsIn()).isEqualTo(2);
        assertThat(o.allPublished()).isTrue();
        assertThat(spark.sql("SELECT count(*) FROM lake.base.legal_entity WHERE credit_code IN ('" + codes.get(46) + "', '" + codes.get(47) + "')")
                .first().getLong(0)).isEqualTo(2);
        assertThat(spark.sql("SELECT count(*) FROM lake.ods.market_registry_db WHERE _batch_id = '" + o.batchId() + "'").first().getLong(0))
                .isEqualTo(2);
        assertThat(watermark()).contains("2026-06-03 10:01:00");
    }

    @Test
    @Order(5)
    void aSourceWithANumericKeyIsReadAsParallelRanges() {
        TableContract entity = ContractLoader.loadAll(stack.profile.confDir().resolve("contracts")).stream()
                .filter(c -> c.qualifiedName().equals("base.legal_entity")).findFirst().orElseThrow();
        SourceSpec db = entity.sources().stream().filter(SourceSpec::readsJdbc).findFirst().orElseThrow();
        JdbcDelivery d = JdbcSourceReader.plan(db, JdbcConnection.resolve(db.jdbcSource().orElseThrow(), env::get).orElseThrow(),
                Optional.empty()).orElseThrow();
        assertThat(d.range().rows()).isEqualTo(48);
        assertThat(d.range().minKey()).hasValue(1);
        assertThat(d.range().maxKey()).hasValue(48);
        JdbcSourceReader.Read read = JdbcSourceReader.read(spark, entity, d, "bplan", spark.table("lake.ods.market_registry_db").schema());
        assertThat(read.partitions()).isEqualTo(4);
        assertThat(read.rows().rdd().getNumPartitions()).isEqualTo(4);
        assertThat(read.rows().queryExecution().optimizedPlan().toString()).contains("JDBCRelation(").contains("[numPartitions=4]");
        // Every range holds rows (ids 1..48 in 4 strides), and together they are the table once.
        List<Integer> sizes = read.rows().javaRDD().glom().map(List::size).collect();
        assertThat(sizes).hasSize(4).allMatch(n -> n > 0);
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(48);
    }

    @Test
    @Order(6)
    void aHeldBatchCommitsItsWatermarkOnlyWhenAStewardPublishesIt() {
        // Three of four new rows lack their credit code: 75 % quarantined, above the contract's 15 %, so the gate holds the batch.
        pg.query(DB, "INSERT INTO market_entity VALUES " + row(49, null, "缺码49", "5", "'2026-06-04 11:00:00'") + ", "
                + row(50, null, "缺码50", "5", "'2026-06-04 11:01:00'") + ", " + row(51, null, "缺码51", "5", "'2026-06-04 11:02:00'") + ", "
                + row(52, codes.get(51), "新设52号商行", "5", "'2026-06-04 11:03:00'"));
        BatchPipeline.Outcome held = load(new ByteArrayOutputStream());
        assertThat(held.publications()).extracting(p -> p.status()).containsExactly(Publication.Status.HELD);
        assertThat(watermark()).contains("2026-06-03 10:01:00");   // not taken while held
        assertThat(spark.sql("SELECT count(*) FROM lake.governance.watermarks WHERE kind = 'held_jdbc' AND batch_id = '" + held.batchId() + "'")
                .first().getLong(0)).isEqualTo(1);
        assertThat(held.loads().get(0).rowsIn()).isEqualTo(4);

        Publication p = QualityCommand.publishHeld(new PublishGate(spark, "lake"), new WatermarkTable(spark, "lake"), held.batchId(),
                "base.legal_entity", "steward", "confirmed with 市场监管局: the three will be re-sent");
        assertThat(p.status()).isEqualTo(Publication.Status.PUBLISHED);
        assertThat(spark.sql("SELECT count(*) FROM lake.base.legal_entity WHERE credit_code = '" + codes.get(51) + "'").first().getLong(0))
                .isEqualTo(1);
        assertThat(watermark()).contains("2026-06-04 11:03:00");
        Map<String, Long> before = snapshots();
        assertThat(load(new ByteArrayOutputStream()).loads()).isEmpty();   // published: its rows are taken
        assertThat(snapshots()).isEqualTo(before);
    }

    Optional<String> watermark() {
        List<Row> r = spark.sql("SELECT value FROM lake.governance.watermarks WHERE kind = 'jdbc' AND table_name = 'base.legal_entity'"
                + " AND source = 'market_registry_db' ORDER BY committed_at DESC LIMIT 1").collectAsList();
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0).getString(0));
    }

    List<String> tags() {
        return spark.sql("SELECT name FROM lake.base.legal_entity.refs WHERE type = 'TAG'").collectAsList().stream().map(x -> x.getString(0)).toList();
    }

    Map<String, Long> snapshots() {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (String t : List.of("base.legal_entity", "history.legal_entity", "ods.market_registry_db", "quarantine.legal_entity")) {
            out.put(t, spark.sql("SELECT count(*) FROM lake." + t + ".snapshots").first().getLong(0));
        }
        return out;
    }
}
