package org.citylake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.citylake.catalog.lineage.ColumnEdge;
import org.citylake.catalog.lineage.DatasetEdge;
import org.citylake.catalog.lineage.DatasetRef;
import org.citylake.catalog.lineage.JobRun;
import org.citylake.catalog.lineage.LineageGraph;
import org.junit.jupiter.api.Test;

class LineageViewTest {
    static final Instant AT = Instant.parse("2026-11-25T02:00:00Z");
    static final LineageGraph GRAPH = LineageGraph.current(
            List.of(new JobRun("r1", "load base.person", "b1", "auditor", AT, AT.plusSeconds(9), JobRun.Status.SUCCEEDED, 10, 9, 1, 8, null)),
            List.of(new DatasetEdge("r1", DatasetRef.file("population_registry.csv", "0123456789abcdef0123"),
                            new DatasetRef(DatasetRef.Kind.TABLE, "ods.population_registry", "11"), "collect"),
                    new DatasetEdge("r1", new DatasetRef(DatasetRef.Kind.TABLE, "ods.population_registry", "11"),
                            new DatasetRef(DatasetRef.Kind.TABLE, "base.person", "99"), "cleanse+master")),
            List.of(new ColumnEdge("r1", "ods.population_registry", "resident_id", DatasetRef.Kind.SOURCE_FILE, "population_registry.csv",
                            "公民身份号码", "as received"),
                    new ColumnEdge("r1", "base.person", "resident_id", DatasetRef.Kind.TABLE, "ods.population_registry", "resident_id", "gb11643")));

    static String render(LineageView.Format f) {
        return new LineageView(GRAPH, "base.person.resident_id", GRAPH.walk("base.person.resident_id", LineageGraph.Direction.UPSTREAM, 5)).render(f);
    }

    @Test
    void textIndentsEachHopAndNamesVersionsAndTheRun() {
        assertThat(render(LineageView.Format.TEXT)).isEqualTo("""
                base.person.resident_id  @99
                upstream (where it comes from):
                  ← ods.population_registry.resident_id  @11   via gb11643
                    ← population_registry.csv:公民身份号码  @sha256:0123456789ab…   via as received
                runs:
                  r1  load base.person  batch b1  by auditor  2026-11-25T02:00:00Z → 2026-11-25T02:00:09Z  succeeded  rows in 10, accepted 9, quarantined 1, out 8
                """);
    }

    @Test
    void dotAndJsonCarryTheSameEdges() throws Exception {
        assertThat(render(LineageView.Format.DOT)).contains(
                "\"ods.population_registry.resident_id\" -> \"base.person.resident_id\" [label=\"gb11643\"];",
                "\"population_registry.csv:公民身份号码\" -> \"ods.population_registry.resident_id\"");
        JsonNode json = new ObjectMapper().readTree(render(LineageView.Format.JSON));
        assertThat(json.get("edges")).hasSize(2);
        assertThat(json.get("nodes").findValuesAsText("id")).contains("population_registry.csv:公民身份号码");
        assertThat(json.get("runs").get(0).get("user").asText()).isEqualTo("auditor");
    }
}
