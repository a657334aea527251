package org.citylake.catalog.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.SourceSpec;
import org.citylake.catalog.contract.TableContract;
import org.junit.jupiter.api.Test;

class LoadLineageTest {
    static final List<TableContract> CONTRACTS = ContractLoader.loadAll(Path.of(System.getProperty("citylake.home", "..")).resolve("conf/contracts"));

    static TableContract contract(String name) {
        return CONTRACTS.stream().filter(c -> c.qualifiedName().equals(name)).findFirst().orElseThrow();
    }

    static JobRun run(String id, String job, Instant at, JobRun.Status status) {
        return new JobRun(id, job, "b1", "auditor", at, at.plusSeconds(5), status, 10, 9, 1, 8, null);
    }

    static LoadLineage.Delivery delivery(TableContract c, String source, List<String> headers, long snapshot) {
        SourceSpec s = c.sources().stream().filter(x -> x.name().equals(source)).findFirst().orElseThrow();
        return new LoadLineage.Delivery(s, DatasetRef.file(s.file(), "ab12"), headers, DatasetRef.table(s.odsTable(), OptionalLong.of(snapshot)));
    }

    static RunLineage personLoad(String runId, Instant at) {
        TableContract person = contract("base.person");
        // The registry calls the id 公民身份号码, the grid team 身份证号; the grid file has no phone and one unknown header.
        return LoadLineage.of(run(runId, "load base.person", at, JobRun.Status.SUCCEEDED), person, List.of(
                        delivery(person, "population_registry", List.of("公民身份号码", "姓名", "联系电话"), 11),
                        delivery(person, "grid_residents", List.of("身份证号", "姓名", "备注"), 12)),
                DatasetRef.table("base.person", OptionalLong.of(99)), List.of());
    }

    @Test
    void realHeadersMapThroughAliasesAndOnlyCarriedColumnsFeedTheBaseTable() {
        RunLineage l = personLoad("r1", Instant.parse("2026-11-25T01:00:00Z"));
        assertThat(l.columns()).filteredOn(e -> e.outputColumn().equals("resident_id")).extracting(e -> e.input().toString())
                .containsExactlyInAnyOrder("population_registry.csv:公民身份号码", "grid_residents.csv:身份证号",
                        "ods.population_registry.resident_id", "ods.grid_residents.resident_id");
        assertThat(l.columns()).filteredOn(e -> e.outputColumn().equals("phone")).extracting(ColumnEdge::inputDataset)
                .containsExactlyInAnyOrder("population_registry.csv", "ods.population_registry");
        assertThat(l.columns()).noneMatch(e -> e.inputColumn().equals("备注"));
        ColumnEdge viaStandard = l.columns().stream().filter(e -> e.outputDataset().equals("base.person") && e.outputColumn().equals("name")
                && e.inputDataset().equals("ods.grid_residents")).findFirst().orElseThrow();
        assertThat(viaStandard.transformation()).isEqualTo("name-gb18030; survivorship: source priority 2 of 3, then newest registered_at, first non-empty");
        assertThat(l.datasets()).extracting(e -> e.input() + " -> " + e.output())
                .contains("population_registry.csv@sha256:ab12 -> ods.population_registry@11", "ods.population_registry@11 -> base.person@99");
    }

    @Test
    void existsInRulesMakeTheReferencedBaseTableAnInput() {
        TableContract cert = contract("base.certificate");
        RunLineage l = LoadLineage.of(run("r2", "load base.certificate", Instant.now(), JobRun.Status.SUCCEEDED), cert, List.of(),
                DatasetRef.table("base.certificate", OptionalLong.of(5)), List.of(DatasetRef.table("base.person", OptionalLong.of(99))));
        assertThat(l.datasets()).extracting(e -> e.input() + " " + e.relation()).contains("base.person@99 reference", "base.legal_entity reference");
        assertThat(l.columns()).extracting(e -> e.output() + " <- " + e.input()).contains("base.certificate.holder_id <- base.person.resident_id");
    }

    @Test
    void upstreamWalkGoesFromTheBaseColumnThroughOdsToTheSourceHeaderOfTheLatestRunOnly() {
        RunLineage old = personLoad("r0", Instant.parse("2026-11-24T01:00:00Z"));
        // The old run saw a header the newer one did not: it must not appear in the current lineage.
        old = new RunLineage(old.run(), old.datasets(), java.util.stream.Stream.concat(old.columns().stream(), java.util.stream.Stream.of(
                new ColumnEdge("r0", "ods.population_registry", "resident_id", DatasetRef.Kind.SOURCE_FILE, "population_registry.csv", "证件号码", "old"))).toList());
        RunLineage now = personLoad("r1", Instant.parse("2026-11-25T01:00:00Z"));
        RunLineage failed = personLoad("r2", Instant.parse("2026-11-26T01:00:00Z"));
        failed = new RunLineage(run("r2", "load base.person", Instant.parse("2026-11-26T01:00:00Z"), JobRun.Status.FAILED), List.of(), List.of());
        LineageGraph g = graph(old, now, failed);
        List<LineageGraph.Step> up = g.walk("base.person.resident_id", LineageGraph.Direction.UPSTREAM, 10);
        assertThat(up).extracting(s -> s.depth() + " " + s.node()).containsExactly(
                "1 ods.grid_residents.resident_id", "2 grid_residents.csv:身份证号",
                "1 ods.population_registry.resident_id", "2 population_registry.csv:公民身份号码");
        assertThat(up).allMatch(s -> s.via().runId().equals("r1"));
        assertThat(g.walk("base.person.resident_id", LineageGraph.Direction.UPSTREAM, 1)).hasSize(2);
        assertThat(g.datasetOf("population_registry.csv:公民身份号码")).isEqualTo("population_registry.csv");
        assertThat(g.datasetOf("base.person.resident_id")).isEqualTo("base.person");
        assertThat(g.version("ods.population_registry")).contains("11");
    }

    @Test
    void downstreamOfAFileReachesTheBaseTableAndTablesThatReferenceIt() {
        TableContract cert = contract("base.certificate");
        RunLineage certLoad = LoadLineage.of(run("c1", "load base.certificate", Instant.now(), JobRun.Status.SUCCEEDED), cert, List.of(),
                DatasetRef.table("base.certificate", OptionalLong.of(5)), List.of(DatasetRef.table("base.person", OptionalLong.of(99))));
        LineageGraph g = graph(personLoad("r1", Instant.now()), certLoad);
        assertThat(g.walk("population_registry.csv", LineageGraph.Direction.DOWNSTREAM, 10)).extracting(LineageGraph.Step::node)
                .containsExactly("ods.population_registry", "base.person", "base.certificate");
        assertThat(g.walk("population_registry.csv:公民身份号码", LineageGraph.Direction.DOWNSTREAM, 10)).extracting(LineageGraph.Step::node)
                .containsExactly("ods.population_registry.resident_id", "base.person.resident_id", "base.certificate.holder_id");
    }

    static LineageGraph graph(RunLineage... loads) {
        List<RunLineage> all = List.of(loads);
        return LineageGraph.current(all.stream().map(RunLineage::run).toList(),
                all.stream().flatMap(l -> l.datasets().stream()).toList(), all.stream().flatMap(l -> l.columns().stream()).toList());
    }
}
