package org.citylake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.citylake.catalog.lineage.ColumnUse;
import org.citylake.catalog.lineage.JobRun;
import org.citylake.catalog.lineage.LineageGraph;
import org.citylake.catalog.lineage.RunLineage;
import org.citylake.pipelines.generate.GeneratorOptions;
import org.citylake.pipelines.generate.SourceDataGenerator;
import org.citylake.pipelines.job.Progress;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.lineage.LineageOutbox;
import org.citylake.warehouse.lineage.LineageTables;
import org.citylake.warehouse.lineage.atlas.AtlasHttpClient;
import org.citylake.warehouse.lineage.atlas.AtlasLineageReader;
import org.citylake.warehouse.lineage.atlas.AtlasNames;
import org.citylake.warehouse.lineage.atlas.AtlasPublisher;
import org.citylake.warehouse.lineage.atlas.LineageSync;
import org.citylake.warehouse.services.LocalServices;
import org.citylake.warehouse.services.ServiceKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Lineage into a real Apache Atlas 2.1.0, started once for this class ({@code -Dcitylake.it.atlas.port},
 * default 21300) and stopped after it. The shared delivery is loaded while Atlas is still down: the load
 * succeeds and its runs wait in governance.lineage_outbox; Atlas then starts, {@code lineage sync}
 * delivers them once, and the chain 公民身份号码 → ods → base.person.resident_id, with the classifications
 * that entered at the department's header, is read back through Atlas's own REST API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(UsesLocalStack.class)
@org.junit.jupiter.api.Order(Integer.MAX_VALUE - 8) // reruns the shared delivery (changes no data) after CatalogAndLineageIT
class AtlasLineageIT {
    static final String CLUSTER = "yaohai";

    Profile profile;
    SparkSession spark;
    LocalServices services;
    AtlasHttpClient atlas;
    List<String> runIds;
    String personBatch;

    @BeforeAll
    void loadWhileAtlasIsDown(LocalStack stack) {
        String port = System.getProperty("citylake.it.atlas.port", "21300");
        profile = stack.profile.with(Map.of("atlas.port", port, "atlas.url", "http://127.0.0.1:" + port, "atlas.cluster", CLUSTER));
        spark = stack.spark;
        services = new LocalServices(profile, System.out);
        atlas = AtlasLineage.client(profile);
        if (!spark.catalog().tableExists("lake.base.person")) {
            // Run alone: load the shared delivery (same options as WalkingSkeletonIT) with atlas.url set and Atlas down.
            Path input = stack.work.resolve("atlas-input");
            new SourceDataGenerator(System.out).generate(GeneratorOptions.defaults(input, Profile.home().resolve("conf"))
                    .withPersons(2000).withSeed(7).withDefectRate(0.1));
            BatchPipeline.Outcome outcome = BatchPipeline.run(profile, spark, input, new Progress(System.out));
            assertThat(outcome.loads()).isNotEmpty();
        } else {
            // After the other ITs their loads' runs are queued already (every load queues, Atlas or not); a load
            // would now end with the very call BatchPipeline makes after a batch, with Atlas down. Saves a rerun.
            AtlasLineage.publishAfterRun(profile, spark, System.out);
        }
        List<JobRun> runs = new LineageTables(spark, "lake").readRuns().stream().filter(r -> r.status() == JobRun.Status.SUCCEEDED).toList();
        runIds = runs.stream().map(JobRun::runId).toList();
        personBatch = runs.stream().filter(r -> r.job().equals("load base.person")).reduce((a, b) -> b).orElseThrow().batchId();
    }

    @AfterAll
    void stopAtlas() {
        services.down(EnumSet.of(ServiceKind.ATLAS));
    }

    @Test
    @Order(1)
    void withAtlasDownTheRunsWaitInTheOutboxWithTheFailedAttemptRecorded() {
        assertThat(runIds).isNotEmpty();
        Map<String, LineageOutbox.Entry> queued = new LineageOutbox(spark, "lake").pending().stream()
                .collect(Collectors.toMap(LineageOutbox.Entry::runId, e -> e));
        assertThat(queued).containsKeys(runIds.toArray(String[]::new));
        // The load tried to publish (atlas.url is set) and recorded why it could not.
        for (String id : runIds) {
            assertThat(queued.get(id).attempts()).isEqualTo(1);
            assertThat(queued.get(id).lastError()).startsWith("Cannot reach Atlas");
        }
    }

    @Test
    @Order(2)
    void syncDeliversEveryQueuedRunExactlyOnce() {
        long started = System.nanoTime();
        services.up(EnumSet.of(ServiceKind.ATLAS));
        System.out.printf("Atlas started in %.1f s%n", (System.nanoTime() - started) / 1e9);
        int queued = new LineageOutbox(spark, "lake").pending().size();
        LineageSync.Report first = AtlasLineage.sync(profile, spark).run();
        assertThat(first.delivered()).isEqualTo(queued);
        assertThat(first.complete()).isTrue();
        LineageSync.Report second = AtlasLineage.sync(profile, spark).run();
        assertThat(second.delivered()).isZero();
        for (LineageOutbox.Entry e : new LineageOutbox(spark, "lake").all()) {
            if (runIds.contains(e.runId())) {
                assertThat(e.delivered()).isTrue();
                assertThat(e.attempts()).as("one failed attempt with Atlas down, one delivery").isEqualTo(2);
            }
        }
        // One entity per qualifiedName, however many runs named it.
        assertThat(atlas.search(AtlasNames.TABLE, null).stream().map(h -> h.path("attributes").path("qualifiedName").asText())
                .filter(q -> q.equals("base.person@" + CLUSTER))).hasSize(1);
    }

    @Test
    @Order(3)
    void republishingARunChangesNothingInAtlas() {
        int before = atlasEntityCount();
        LineageTables lineage = new LineageTables(spark, "lake");
        String runId = runIds.get(runIds.size() - 1);
        JobRun run = lineage.readRuns().stream().filter(r -> r.runId().equals(runId)).findFirst().orElseThrow();
        RunLineage l = new RunLineage(run, lineage.readEdges().stream().filter(e -> e.runId().equals(runId)).toList(),
                lineage.readColumns().stream().filter(c -> c.runId().equals(runId)).toList());
        new AtlasPublisher(atlas, new AtlasNames(CLUSTER), AtlasLineage.contracts(profile)).publish(l);
        assertThat(atlasEntityCount()).isEqualTo(before).isPositive();
    }

    private int atlasEntityCount() {
        int n = 0;
        for (String type : List.of(AtlasNames.TABLE, AtlasNames.SOURCE_FILE, AtlasNames.COLUMN, AtlasNames.PROCESS, AtlasNames.COLUMN_LINEAGE)) {
            n += atlas.search(type, null).size();
        }
        return n;
    }

    @Test
    @Order(4)
    void atlasLineageRestShowsTheRegistryHeaderThroughOdsToBaseColumn() {
        JsonNode residentId = atlas.entity(AtlasNames.COLUMN, "base.person.resident_id@" + CLUSTER).orElseThrow();
        String guid = residentId.get("guid").asText();
        JsonNode lineage = atlas.lineage(guid, "INPUT", 5);
        Map<String, String> qualifiedNames = new java.util.HashMap<>();
        lineage.path("guidEntityMap").fields().forEachRemaining(e -> qualifiedNames.put(e.getKey(), e.getValue().path("attributes").path("qualifiedName").asText()));
        assertThat(qualifiedNames.values()).contains("population_registry.csv:公民身份号码@" + CLUSTER,
                "ods.population_registry.resident_id@" + CLUSTER, "base.person.resident_id@" + CLUSTER);
        // header → mapping process → ods column → mapping process → base column, as Atlas's relations
        Set<String> hops = new HashSet<>();
        for (JsonNode r : lineage.path("relations")) {
            hops.add(qualifiedNames.get(r.path("fromEntityId").asText()) + " > " + qualifiedNames.get(r.path("toEntityId").asText()));
        }
        assertThat(hops).contains(
                "population_registry.csv:公民身份号码@yaohai > population_registry.csv:公民身份号码->ods.population_registry.resident_id@yaohai",
                "population_registry.csv:公民身份号码->ods.population_registry.resident_id@yaohai > ods.population_registry.resident_id@yaohai",
                "ods.population_registry.resident_id@yaohai > ods.population_registry.resident_id->base.person.resident_id@yaohai",
                "ods.population_registry.resident_id->base.person.resident_id@yaohai > base.person.resident_id@yaohai");
    }

    @Test
    @Order(5)
    void classificationsEnteredAtTheHeaderArePropagatedToTheBaseColumn() {
        JsonNode header = atlas.entity(AtlasNames.COLUMN, "population_registry.csv:公民身份号码@" + CLUSTER).orElseThrow();
        JsonNode residentId = atlas.entity(AtlasNames.COLUMN, "base.person.resident_id@" + CLUSTER).orElseThrow();
        List<String> propagated = new ArrayList<>();
        for (JsonNode c : residentId.path("classifications")) {
            if (c.path("entityGuid").asText().equals(header.get("guid").asText())) {
                propagated.add(c.path("typeName").asText() + " " + c.path("attributes").elements().next().asText());
            }
        }
        assertThat(propagated).containsExactlyInAnyOrder("citylake_grade_core 核心数据", "citylake_personal_info personal-sensitive");
        assertThat(atlas.directClassifications(residentId.get("guid").asText())).isEmpty();
        JsonNode person = atlas.entity(AtlasNames.TABLE, "base.person@" + CLUSTER).orElseThrow();
        assertThat(person.path("attributes").path("ownerDepartment").asText()).isEqualTo("瑶海区公安分局");
        assertThat(atlas.directClassifications(person.get("guid").asText())).containsExactly("citylake_grade_important");
    }

    @Test
    @Order(6)
    void lineageFromAtlasPrintsTheSameUpstreamChainAsTheLake() {
        LineageGraph fromAtlas = new AtlasLineageReader(atlas, new AtlasNames(CLUSTER))
                .read("base.person.resident_id", LineageGraph.Direction.UPSTREAM, 5).orElseThrow();
        String text = new LineageView(fromAtlas, "base.person.resident_id",
                fromAtlas.walk("base.person.resident_id", LineageGraph.Direction.UPSTREAM, 5)).render(LineageView.Format.TEXT);
        System.out.print(text);
        assertThat(text).contains("← ods.population_registry.resident_id").contains("← population_registry.csv:公民身份号码")
                .contains("load base.person  batch " + personBatch);
        LineageTables lake = new LineageTables(spark, "lake");
        LineageGraph fromLake = LineageGraph.current(lake.readRuns(), lake.readEdges(), lake.readColumns());
        Set<String> lakeNodes = fromLake.walk("base.person.resident_id", LineageGraph.Direction.UPSTREAM, 5).stream()
                .map(LineageGraph.Step::node).collect(Collectors.toSet());
        Set<String> atlasNodes = fromAtlas.walk("base.person.resident_id", LineageGraph.Direction.UPSTREAM, 5).stream()
                .map(LineageGraph.Step::node).collect(Collectors.toSet());
        // Atlas accumulates every published run's mappings; the lake's view is the latest run of each job.
        assertThat(atlasNodes).containsAll(lakeNodes).contains("population_registry.csv:公民身份号码");
    }

    @Test
    @Order(7)
    void impactOfTheResidentIdNamesDownstreamTablesServingViewsAndTheCitySubscription() throws Exception {
        LineageTables lake = new LineageTables(spark, "lake");
        LineageGraph graph = LineageGraph.current(lake.readRuns(), lake.readEdges(), lake.readColumns());
        List<ColumnUse> uses = ImpactCommand.analysis(profile, graph).of("base.person.resident_id", 10);
        System.out.print(ImpactCommand.render("base.person.resident_id", uses, ImpactCommand.Format.text));
        assertThat(uses).extracting(u -> u.kind() + " " + u.name() + "." + u.column())
                .contains("TABLE_COLUMN base.certificate.holder_id",
                        "SERVING_VIEW lake.serving.app_eldercare_person.resident_id",
                        "EXCHANGE_SUBSCRIPTION city-person.resident_id");
    }
}
