package org.citylake.cli;

import java.util.EnumSet;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.citylake.catalog.lineage.LineageGraph;
import org.citylake.warehouse.LakeSession;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.lineage.LineageTables;
import org.citylake.warehouse.lineage.atlas.AtlasLineageReader;
import org.citylake.warehouse.lineage.atlas.AtlasUnavailableException;
import org.citylake.warehouse.services.LocalServices;
import org.citylake.warehouse.services.ServiceKind;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "lineage", mixinStandardHelpOptions = true, subcommands = LineageSyncCommand.class,
        description = {"Where a table or column came from and what uses it, from the lineage",
                "every load records in governance.lineage_runs, lineage_edges and",
                "lineage_columns (the latest successful run of each job). A source",
                "column is the department's header: population_registry.csv:公民身份号码",
                "With --from atlas the same question goes to Apache Atlas (atlas.url,",
                "e.g. CITYLAKE_ATLAS_URL=http://127.0.0.1:21000), answered from what",
                "citylake published there (docs/lineage.md)."},
        footer = {"", "Examples:",
                "  citylake lineage base.person.resident_id --upstream",
                "  citylake lineage base.person --downstream",
                "  citylake lineage population_registry.csv:公民身份号码 --downstream",
                "  citylake lineage base.person.resident_id --format json",
                "  citylake lineage base.certificate --depth 1 --format dot > l.dot",
                "  citylake lineage base.person.resident_id --upstream --from atlas",
                "  citylake lineage sync         # publish runs still queued for Atlas"})
final class LineageCommand implements Callable<Integer> {
    enum Source { lake, atlas }

    @Mixin
    ProfileOption profile;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TABLE[.COLUMN]",
            description = {"base.person, base.person.resident_id, ods.population_registry,",
                    "or a source file (its column after ':')."})
    String target;

    static final class Direction {
        @Option(names = "--upstream", description = "Only where it comes from.")
        boolean upstream;
        @Option(names = "--downstream", description = "Only what uses it.")
        boolean downstream;
    }

    @ArgGroup(exclusive = true)
    Direction direction;

    @Option(names = "--depth", defaultValue = "10", description = "How many edges to follow (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--format", defaultValue = "text", description = "text, dot or json (default: ${DEFAULT-VALUE}).")
    LineageView.Format format;

    @Option(names = "--from", defaultValue = "lake", description = "lake (governance.lineage_*) or atlas (atlas.url) (default: ${DEFAULT-VALUE}).")
    Source from;

    @Override
    public Integer call() {
        if (target == null) {
            System.err.println("citylake: name a table or column (e.g. base.person.resident_id), or run citylake lineage sync; see --help");
            return 2;
        }
        Profile p = profile.load();
        if (from == Source.atlas) {
            return fromAtlas(p);
        }
        if (p.name().equals("local")) {
            new LocalServices(p, System.err).up(EnumSet.of(ServiceKind.HMS));
        }
        SparkSession spark = LakeSession.open(p, "citylake-lineage");
        try {
            LineageTables lineage = new LineageTables(spark, p.get("trino.catalog"));
            if (!lineage.exists()) {
                System.err.println("citylake: no lineage recorded yet (" + lineage.runs() + " does not exist) — run citylake load first");
                return 1;
            }
            LineageGraph graph = LineageGraph.current(lineage.readRuns(), lineage.readEdges(), lineage.readColumns());
            String node = withoutCatalog(target, p.get("trino.catalog"));
            if (!graph.knows(node)) {
                System.err.println("citylake: " + node + " appears in no recorded lineage (try base.person or base.person.resident_id)");
                return 1;
            }
            System.out.print(new LineageView(graph, node, graph.walk(node, direction(), depth)).render(format));
            System.out.flush();
            return 0;
        } finally {
            spark.stop();
        }
    }

    private int fromAtlas(Profile p) {
        if (!AtlasLineage.configured(p)) {
            System.err.println("citylake: no Atlas configured — set atlas.url (CITYLAKE_ATLAS_URL=http://127.0.0.1:21000)");
            return 1;
        }
        String node = withoutCatalog(target, p.get("trino.catalog"));
        try {
            var graph = new AtlasLineageReader(AtlasLineage.client(p), AtlasLineage.names(p)).read(node, direction(), depth);
            if (graph.isEmpty()) {
                System.err.println("citylake: Atlas at " + p.get("atlas.url") + " holds no " + AtlasLineage.names(p).qualifiedNameOf(node)
                        + " — has its run been published? (citylake lineage sync)");
                return 1;
            }
            System.out.print(new LineageView(graph.get(), node, graph.get().walk(node, direction(), depth)).render(format));
            System.out.flush();
            return 0;
        } catch (AtlasUnavailableException e) {
            System.err.println("citylake: " + e.getMessage());
            return 1;
        }
    }

    LineageGraph.Direction direction() {
        if (direction == null) {
            return LineageGraph.Direction.BOTH;
        }
        return direction.upstream ? LineageGraph.Direction.UPSTREAM : LineageGraph.Direction.DOWNSTREAM;
    }

    /** Trino's three-part name (lake.base.person) and the lineage's two-part one name the same table. */
    static String withoutCatalog(String target, String catalog) {
        return target.startsWith(catalog + ".") ? target.substring(catalog.length() + 1) : target;
    }

}
