package org.citylake.catalog.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ImpactAnalysisTest {
    @Test
    void downstreamColumnsAndTheConfiguredUsesOfEachAreListed() {
        RunLineage person = LoadLineageTest.personLoad("r1", Instant.parse("2026-11-25T01:00:00Z"));
        RunLineage cert = LoadLineage.of(LoadLineageTest.run("r2", "load base.certificate", Instant.parse("2026-11-25T02:00:00Z"),
                        JobRun.Status.SUCCEEDED), LoadLineageTest.contract("base.certificate"), List.of(),
                DatasetRef.table("base.certificate", OptionalLong.of(5)), List.of(DatasetRef.table("base.person", OptionalLong.of(99))));
        LineageGraph graph = LineageGraph.current(List.of(person.run(), cert.run()),
                java.util.stream.Stream.concat(person.datasets().stream(), cert.datasets().stream()).toList(),
                java.util.stream.Stream.concat(person.columns().stream(), cert.columns().stream()).toList());
        ColumnConsumers views = (table, column) -> table.equals("base.person") && column.equals("resident_id")
                ? List.of(new ColumnUse(ColumnUse.Kind.SERVING_VIEW, "lake.serving.app_x_person", "resident_id", "masking mask(6,4)"))
                : List.of();
        ColumnConsumers exchange = (table, column) -> table.equals("base.certificate") && column.equals("holder_id")
                ? List.of(new ColumnUse(ColumnUse.Kind.EXCHANGE_SUBSCRIPTION, "city-cert", "holder_id", "push"))
                : List.of();

        List<ColumnUse> uses = new ImpactAnalysis(graph, List.of(views, exchange)).of("base.person.resident_id", 10);

        assertThat(uses).extracting(u -> u.kind() + " " + u.name() + "." + u.column()).containsExactly(
                "TABLE_COLUMN base.certificate.holder_id",
                "SERVING_VIEW lake.serving.app_x_person.resident_id",
                "EXCHANGE_SUBSCRIPTION city-cert.holder_id");
        assertThat(uses.get(0).detail()).startsWith("from base.person.resident_id via exists_in check");
        // Nothing flows into ods or a file from a base column: upstream nodes are never listed.
        assertThat(uses).noneMatch(u -> u.name().startsWith("ods."));
    }
}
