package org.citylake.catalog.contract;

import java.util.Map;
import java.util.regex.Pattern;

/** Parses the {@code jdbc:} block of a source spec into a {@link JdbcSource}, naming the line of every mistake. */
final class JdbcSourceParser {
    /** An environment variable's NAME: a value that looks like a URL or a secret is refused, so none is ever written here. */
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,127}");
    /** {@code table} or {@code schema.table}, letters (any script), digits and _. */
    private static final Pattern TABLE = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_]*(\\.[\\p{L}_][\\p{L}\\p{N}_]*)?");
    private static final Pattern COLUMN = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_]*");
    static final int DEFAULT_PARTITIONS = 4;

    private JdbcSourceParser() {
    }

    static JdbcSource parse(ContractNode node) {
        Map<String, ContractNode> f = node.mapping("url_env", "user_env", "password_env", "table", "query", "watermark_column",
                "watermark_kind", "partition_column", "num_partitions");
        String url = envName(ContractNode.required(node, f, "url_env"));
        String user = ContractNode.optional(f, "user_env").map(JdbcSourceParser::envName).orElse(null);
        String password = ContractNode.optional(f, "password_env").map(JdbcSourceParser::envName).orElse(null);
        String table = ContractNode.optional(f, "table").map(n -> matching(n, TABLE, "a table name (table or schema.table)")).orElse(null);
        String query = ContractNode.optional(f, "query").map(n -> n.text().strip()).orElse(null);
        if ((table == null) == (query == null)) {
            throw node.error("a jdbc source names exactly one of table or query");
        }
        if (query != null && (query.contains(";") || !query.regionMatches(true, 0, "select", 0, 6))) {
            throw f.get("query").error("a query is one SELECT statement without ';' (it is wrapped as a subquery)");
        }
        String watermark = matching(ContractNode.required(node, f, "watermark_column"), COLUMN, "a column name");
        JdbcSource.WatermarkKind kind = ContractNode.optional(f, "watermark_kind")
                .map(n -> ContractLoader.enumValue(n, JdbcSource.WatermarkKind.class)).orElse(JdbcSource.WatermarkKind.TIMESTAMP);
        String partition = ContractNode.optional(f, "partition_column").map(n -> matching(n, COLUMN, "a column name")).orElse(null);
        int partitions = ContractNode.optional(f, "num_partitions").map(ContractLoader::positiveInt).orElse(DEFAULT_PARTITIONS);
        if (partition == null && f.containsKey("num_partitions")) {
            throw f.get("num_partitions").error("num_partitions needs a partition_column (a numeric column to split the read by)");
        }
        return new JdbcSource(url, user, password, table, query, watermark, kind, partition, partition == null ? 1 : partitions);
    }

    private static String envName(ContractNode n) {
        String v = n.text().strip();
        if (!ENV_NAME.matcher(v).matches()) {
            throw n.error("the NAME of an environment variable is required (e.g. CITYLAKE_MARKET_DB_URL), never the value itself");
        }
        return v;
    }

    private static String matching(ContractNode n, Pattern p, String what) {
        String v = n.text().strip();
        if (!p.matcher(v).matches()) {
            throw n.error(what + " is required, got '" + v + "'");
        }
        return v;
    }
}
