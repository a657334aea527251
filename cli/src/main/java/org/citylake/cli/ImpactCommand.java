package org.citylake.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.TableContract;
import org.citylake.catalog.lineage.ColumnUse;
import org.citylake.catalog.lineage.ImpactAnalysis;
import org.citylake.catalog.lineage.LineageGraph;
import org.citylake.exchange.subscription.SubscriptionConsumers;
import org.citylake.exchange.subscription.SubscriptionLoader;
import org.citylake.warehouse.LakeSession;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.lineage.LineageTables;
import org.citylake.warehouse.serving.AppFiles;
import org.citylake.warehouse.serving.ServingConsumers;
import org.citylake.warehouse.serving.ServingViews;
import org.citylake.warehouse.services.LocalServices;
import org.citylake.warehouse.services.ServiceKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "impact", mixinStandardHelpOptions = true,
        description = {"What uses a column: the tables it flows into (lake lineage, transitively),",
                "the serving views of scenario apps that read it (conf/apps) and the exchange",
                "subscriptions that ship it (conf/exchange) — what a change to the column,",
                "its standard or its masking would touch."},
        footer = {"", "Examples:",
                "  citylake impact base.person.resident_id",
                "  citylake impact base.person.birth_date --format json"})
final class ImpactCommand implements Callable<Integer> {
    enum Format { text, json }

    @Mixin
    ProfileOption profile;

    @Parameters(index = "0", paramLabel = "TABLE.COLUMN", description = "A base column, e.g. base.person.resident_id.")
    String target;

    @Option(names = "--depth", defaultValue = "10", description = "How many lineage edges to follow (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() throws Exception {
        Profile p = profile.load();
        String column = LineageCommand.withoutCatalog(target, p.get("trino.catalog"));
        if (column.split("\\.").length != 3) {
            System.err.println("citylake: name a column as <namespace>.<table>.<column>, e.g. base.person.resident_id");
            return 2;
        }
        if (p.name().equals("local")) {
            new LocalServices(p, System.err).up(EnumSet.of(ServiceKind.HMS));
        }
        SparkSession spark = LakeSession.open(p, "citylake-impact");
        try {
            LineageTables lineage = new LineageTables(spark, p.get("trino.catalog"));
            LineageGraph graph = lineage.exists() ? LineageGraph.current(lineage.readRuns(), lineage.readEdges(), lineage.readColumns())
                    : LineageGraph.of(List.of(), List.of(), java.util.Map.of(), java.util.Map.of());
            List<ColumnUse> uses = analysis(p, graph).of(column, depth);
            System.out.print(render(column, uses, format));
            System.out.flush();
            return 0;
        } finally {
            spark.stop();
        }
    }

    static ImpactAnalysis analysis(Profile p, LineageGraph graph) {
        List<TableContract> contracts = ContractLoader.loadAll(p.confDir().resolve("contracts"));
        var views = ServingViews.plan(contracts, AppFiles.loadAll(p.confDir().resolve("apps"), contracts));
        var byName = new java.util.HashMap<String, TableContract>();
        contracts.forEach(c -> byName.put(c.qualifiedName(), c));
        var subscriptions = SubscriptionLoader.loadAll(p.confDir().resolve("exchange"), byName);
        return new ImpactAnalysis(graph, List.of(new ServingConsumers(views, p.get("trino.catalog")), new SubscriptionConsumers(subscriptions)));
    }

    static String render(String column, List<ColumnUse> uses, Format format) throws Exception {
        if (format == Format.json) {
            ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            var root = m.createObjectNode();
            root.put("column", column);
            ArrayNode a = root.putArray("uses");
            for (ColumnUse u : uses) {
                a.addObject().put("kind", u.kind().label()).put("name", u.name()).put("column", u.column()).put("detail", u.detail());
            }
            return m.writeValueAsString(root) + "\n";
        }
        StringBuilder b = new StringBuilder(column).append('\n');
        for (ColumnUse.Kind kind : ColumnUse.Kind.values()) {
            List<ColumnUse> of = new ArrayList<>(uses.stream().filter(u -> u.kind() == kind).toList());
            b.append(kind.label()).append("s (").append(of.size()).append("):\n");
            for (ColumnUse u : of) {
                b.append("  ").append(u.name()).append('.').append(u.column()).append("   ").append(u.detail()).append('\n');
            }
        }
        return b.toString();
    }
}
