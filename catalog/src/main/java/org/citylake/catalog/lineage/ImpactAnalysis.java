package org.citylake.catalog.lineage;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What depends on a column: every column downstream of it in the current lineage (the tables it flows
 * into, transitively), and for the column and each of those, the serving views and exchange
 * subscriptions that read it. Answered from the lake's lineage and the configuration, no server needed.
 */
public final class ImpactAnalysis {
    private final LineageGraph graph;
    private final List<ColumnConsumers> consumers;

    public ImpactAnalysis(LineageGraph graph, List<ColumnConsumers> consumers) {
        this.graph = graph;
        this.consumers = List.copyOf(consumers);
    }

    /** @param column {@code base.person.resident_id} */
    public List<ColumnUse> of(String column, int depth) {
        List<ColumnUse> out = new ArrayList<>();
        Set<String> columns = new LinkedHashSet<>();
        columns.add(column);
        for (LineageGraph.Step s : graph.walk(column, LineageGraph.Direction.DOWNSTREAM, depth)) {
            if (columns.add(s.node())) {
                int dot = s.node().lastIndexOf('.');
                out.add(new ColumnUse(ColumnUse.Kind.TABLE_COLUMN, s.node().substring(0, dot), s.node().substring(dot + 1),
                        "from " + s.via().from() + " via " + s.via().label()));
            }
        }
        for (String c : columns) {
            int dot = c.lastIndexOf('.');
            if (dot <= 0 || c.indexOf(':') >= 0) {
                continue; // a source file's header: nothing is configured on files
            }
            for (ColumnConsumers consumer : consumers) {
                out.addAll(consumer.usesOf(c.substring(0, dot), c.substring(dot + 1)));
            }
        }
        return out;
    }
}
