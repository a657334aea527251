package org.citylake.catalog.contract;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads and validates data contracts ({@code conf/contracts/<namespace>/<table>.yaml}). A bad contract
 * fails with a {@link ContractException} naming file, line and field; nothing half-valid is returned.
 */
public final class ContractLoader {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    /** Standards the pipelines know; a typo here would silently skip cleansing, so it is rejected. */
    public static final Set<String> STANDARDS = Set.of("gb11643", "gb32100", "gbt2260-street", "gbt2260-community",
            "gbt2260-county", "gbt2261-sex", "name-gb18030", "phone-cn", "date", "number", "text", "holder-id",
            "cgcs2000-lon", "cgcs2000-lat", "cgcs2000-point", "coordinate-system", "wkt", "name-gb18030-keep-width");

    private ContractLoader() {
    }

    /** Loads every contract under {@code contractsDir}, sorted by qualified name. */
    public static List<TableContract> loadAll(Path contractsDir) {
        if (!Files.isDirectory(contractsDir)) {
            throw new IllegalArgumentException("No contracts directory: " + contractsDir);
        }
        List<TableContract> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(contractsDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList()) {
                out.add(load(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list contracts in " + contractsDir, e);
        }
        Set<String> names = new HashSet<>();
        for (TableContract c : out) {
            if (!names.add(c.qualifiedName())) {
                throw new ContractException(c.file(), 1, "table", "table " + c.qualifiedName() + " has a second contract");
            }
        }
        return List.copyOf(out);
    }

    public static TableContract load(Path file) {
        Node root;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(r);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            throw new ContractException(file, line, "(yaml)", "not valid YAML: " + e.getProblem());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read contract " + file, e);
        }
        if (root == null) {
            throw new ContractException(file, 1, "table", "the contract is empty");
        }
        return parse(file, new ContractNode(file, "", root));
    }

    private static TableContract parse(Path file, ContractNode root) {
        Map<String, ContractNode> f = root.mapping("table", "title", "description", "owner_department", "grade",
                "retention_days", "key", "sources", "columns", "row_rules", "survivorship", "max_rejected_fraction");
        ContractNode tableNode = ContractNode.required(root, f, "table");
        String qualified = tableNode.text();
        String[] parts = qualified.split("\\.");
        if (parts.length != 2 || !IDENTIFIER.matcher(parts[0]).matches() || !IDENTIFIER.matcher(parts[1]).matches()) {
            throw tableNode.error("must be <namespace>.<table> in lower-case letters, digits and _, got '" + qualified + "'");
        }
        String title = ContractNode.required(root, f, "title").text();
        String description = ContractNode.optional(f, "description").map(ContractNode::text).orElse("");
        String owner = ContractNode.required(root, f, "owner_department").text();
        Grade grade = enumValue(ContractNode.required(root, f, "grade"), Grade.class);
        int retention = ContractNode.optional(f, "retention_days").map(n -> positiveInt(n)).orElse(7);
        double maxRejected = 1.0;
        if (f.containsKey("max_rejected_fraction")) {
            ContractNode m = f.get("max_rejected_fraction");
            maxRejected = number(m);
            if (maxRejected < 0 || maxRejected > 1) {
                throw m.error("a fraction between 0 and 1 is required, got " + m.text());
            }
        }

        List<ColumnContract> columns = new ArrayList<>();
        Set<String> columnNames = new HashSet<>();
        Map<String, String> aliasOwner = new HashMap<>();
        for (ContractNode c : ContractNode.required(root, f, "columns").sequence()) {
            ColumnContract column = parseColumn(c);
            if (!columnNames.add(column.name())) {
                throw c.error("column '" + column.name() + "' is declared twice");
            }
            for (String alias : column.aliases()) {
                String previous = aliasOwner.put(alias, column.name());
                if (previous != null && !previous.equals(column.name())) {
                    throw c.error("alias '" + alias + "' already names column '" + previous + "'");
                }
            }
            columns.add(column);
        }
        if (columns.isEmpty()) {
            throw root.error("a contract needs at least one column");
        }
        for (ColumnContract c : columns) {
            for (QualityRule r : c.quality()) {
                r.condition().filter(w -> !columnNames.contains(w.column())).ifPresent(w -> {
                    throw new ContractException(file, tableNode.line(), "columns." + c.name() + ".quality",
                            "rule " + r.kind().code() + " has 'when' on column '" + w.column() + "', which this table does not declare");
                });
            }
        }

        ContractNode keyNode = ContractNode.required(root, f, "key");
        List<String> key = keyNode.texts();
        if (key.isEmpty()) {
            throw keyNode.error("the table key needs at least one column");
        }
        for (String k : key) {
            ColumnContract col = columns.stream().filter(c -> c.name().equals(k)).findFirst()
                    .orElseThrow(() -> keyNode.error("key column '" + k + "' is not a declared column"));
            if (col.nullable()) {
                throw keyNode.error("key column '" + k + "' must be nullable: false");
            }
        }

        List<RowRule> rowRules = new ArrayList<>();
        for (ContractNode r : ContractNode.optional(f, "row_rules").map(ContractNode::sequence).orElse(List.of())) {
            rowRules.add(parseRowRule(r, columns));
        }
        Survivorship survivorship = Survivorship.PRIORITY_ONLY;
        if (f.containsKey("survivorship")) {
            ContractNode sv = f.get("survivorship");
            Map<String, ContractNode> svf = sv.mapping("recency");
            ContractNode rec = ContractNode.required(sv, svf, "recency");
            ColumnContract recCol = columns.stream().filter(c -> c.name().equals(rec.text())).findFirst()
                    .orElseThrow(() -> rec.error("'" + rec.text() + "' is not a declared column"));
            if (recCol.type().kind() != ColumnType.Kind.DATE && recCol.type().kind() != ColumnType.Kind.TIMESTAMP) {
                throw rec.error("the recency column must be a date or timestamp, '" + rec.text() + "' is " + recCol.type());
            }
            survivorship = new Survivorship(rec.text());
        }

        List<SourceSpec> sources = new ArrayList<>();
        Set<String> sourceNames = new HashSet<>();
        for (ContractNode s : ContractNode.optional(f, "sources").map(ContractNode::sequence).orElse(List.of())) {
            SourceSpec spec = parseSource(s);
            if (!sourceNames.add(spec.name())) {
                throw s.error("source '" + spec.name() + "' is declared twice");
            }
            sources.add(spec);
        }
        return new TableContract(parts[0], parts[1], title, description, owner, grade, retention, key, sources, columns,
                rowRules, survivorship, maxRejected, file);
    }

    private static RowRule parseRowRule(ContractNode node, List<ColumnContract> columns) {
        Map<String, ContractNode> f = node.mapping("rule", "level", "when", "id_column", "birth_date_column", "sex_column",
                "earlier", "later", "community_column", "street_column", "column", "table", "target_column");
        RowRule.Kind kind = enumValue(ContractNode.required(node, f, "rule"), RowRule.Kind.class);
        QualityRule.Level level = enumValue(ContractNode.required(node, f, "level"), QualityRule.Level.class);
        Map<String, String> params = new java.util.LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        columns.forEach(c -> names.add(c.name()));
        for (String p : RowRule.requiredParams(kind)) {
            ContractNode v = ContractNode.required(node, f, p);
            boolean namesColumn = !p.equals("table") && !p.equals("target_column");
            if (namesColumn && !names.contains(v.text())) {
                throw v.error("'" + v.text() + "' is not a declared column");
            }
            if (p.equals("table") && !v.text().matches("[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*")) {
                throw v.error("must be <namespace>.<table>, got '" + v.text() + "'");
            }
            params.put(p, v.text());
        }
        for (String k : f.keySet()) {
            if (!k.equals("rule") && !k.equals("level") && !k.equals("when") && !params.containsKey(k)) {
                throw f.get(k).error("not a parameter of a " + kind.code() + " rule (expected " + String.join(", ", RowRule.requiredParams(kind)) + ")");
            }
        }
        QualityRule.Condition when = null;
        if (f.containsKey("when")) {
            ContractNode w = f.get("when");
            Map<String, ContractNode> wf = w.mapping("column", "equals");
            ContractNode wc = ContractNode.required(w, wf, "column");
            if (!names.contains(wc.text())) {
                throw wc.error("'" + wc.text() + "' is not a declared column");
            }
            when = new QualityRule.Condition(wc.text(), ContractNode.required(w, wf, "equals").text());
        }
        return new RowRule(kind, level, params, when);
    }

    private static ColumnContract parseColumn(ContractNode node) {
        Map<String, ContractNode> f = node.mapping("name", "type", "title", "aliases", "standard", "nullable",
                "sensitivity", "grade", "masking", "quality", "description");
        ContractNode nameNode = ContractNode.required(node, f, "name");
        String name = nameNode.text();
        if (!IDENTIFIER.matcher(name).matches()) {
            throw nameNode.error("column names are lower-case letters, digits and _ (got '" + name + "')");
        }
        ContractNode typeNode = ContractNode.required(node, f, "type");
        ColumnType type;
        try {
            type = ColumnType.parse(typeNode.text());
        } catch (IllegalArgumentException e) {
            throw typeNode.error(e.getMessage());
        }
        String title = ContractNode.required(node, f, "title").text();
        List<String> aliases = ContractNode.optional(f, "aliases").map(ContractNode::texts).orElse(List.of());
        ContractNode standardNode = ContractNode.required(node, f, "standard");
        String standard = standardNode.text();
        if (!STANDARDS.contains(standard)) {
            throw standardNode.error("unknown standard '" + standard + "' (known: " + String.join(", ", STANDARDS.stream().sorted().toList()) + ")");
        }
        boolean nullable = bool(ContractNode.required(node, f, "nullable"));
        Sensitivity sensitivity = enumValue(ContractNode.required(node, f, "sensitivity"), Sensitivity.class);
        Grade grade = enumValue(ContractNode.required(node, f, "grade"), Grade.class);
        Masking masking = ContractNode.optional(f, "masking").map(ContractLoader::parseMasking).orElse(Masking.NONE);
        if (sensitivity == Sensitivity.PERSONAL_SENSITIVE && masking.technique() == Masking.Technique.NONE) {
            throw node.error("column '" + name + "' is personal-sensitive and needs a masking rule other than none");
        }
        List<QualityRule> rules = new ArrayList<>();
        for (ContractNode r : ContractNode.optional(f, "quality").map(ContractNode::sequence).orElse(List.of())) {
            rules.add(parseRule(r, type));
        }
        return new ColumnContract(name, type, title, aliases, standard, nullable, sensitivity, grade, masking, rules);
    }

    /** A {@code {technique, keep_first, keep_last, to}} map; shared with the serving app files' overrides. */
    public static Masking parseMasking(ContractNode node) {
        Map<String, ContractNode> f = node.mapping("technique", "keep_first", "keep_last", "to");
        Masking.Technique technique = enumValue(ContractNode.required(node, f, "technique"), Masking.Technique.class);
        int first = ContractNode.optional(f, "keep_first").map(ContractLoader::nonNegativeInt).orElse(0);
        int last = ContractNode.optional(f, "keep_last").map(ContractLoader::nonNegativeInt).orElse(0);
        String to = ContractNode.optional(f, "to").map(ContractNode::text).orElse(null);
        try {
            return new Masking(technique, first, last, to);
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }

    private static QualityRule parseRule(ContractNode node, ColumnType type) {
        Map<String, ContractNode> f = node.mapping("rule", "level", "min", "max", "regex", "values", "dictionary",
                "table", "column", "max_age_days", "when");
        QualityRule.Kind kind = enumValue(ContractNode.required(node, f, "rule"), QualityRule.Kind.class);
        QualityRule.Level level = enumValue(ContractNode.required(node, f, "level"), QualityRule.Level.class);
        String min = ContractNode.optional(f, "min").map(ContractNode::text).orElse(null);
        String max = ContractNode.optional(f, "max").map(ContractNode::text).orElse(null);
        String regex = ContractNode.optional(f, "regex").map(ContractNode::text).orElse(null);
        List<String> values = ContractNode.optional(f, "values").map(ContractNode::texts).orElse(List.of());
        String dictionary = ContractNode.optional(f, "dictionary").map(ContractNode::text).orElse(null);
        String table = ContractNode.optional(f, "table").map(ContractNode::text).orElse(null);
        String column = ContractNode.optional(f, "column").map(ContractNode::text).orElse(null);
        Integer maxAge = ContractNode.optional(f, "max_age_days").map(ContractLoader::positiveInt).orElse(null);
        QualityRule.Condition when = null;
        if (f.containsKey("when")) {
            ContractNode w = f.get("when");
            Map<String, ContractNode> wf = w.mapping("column", "equals");
            ContractNode wc = ContractNode.required(w, wf, "column");
            if (!IDENTIFIER.matcher(wc.text()).matches()) {
                throw wc.error("must name a column of this table");
            }
            when = new QualityRule.Condition(wc.text(), ContractNode.required(w, wf, "equals").text());
            if (kind != QualityRule.Kind.REFERENCE) {
                throw w.error("'when' is supported on reference rules only");
            }
        }
        switch (kind) {
            case COMPLETENESS, REFERENCE -> {
                if (min != null) {
                    double v = number(f.get("min"));
                    if (v < 0 || v > 1) {
                        throw f.get("min").error("a fraction between 0 and 1 is required, got " + min);
                    }
                }
                if (kind == QualityRule.Kind.REFERENCE && (table == null || column == null)) {
                    throw node.error("a reference rule needs 'table' and 'column'");
                }
            }
            case PATTERN -> {
                ContractNode r = ContractNode.required(node, f, "regex");
                try {
                    Pattern.compile(regex);
                } catch (PatternSyntaxException e) {
                    throw r.error("not a valid regular expression: " + e.getDescription());
                }
            }
            case ALLOWED_VALUES -> {
                if (values.isEmpty()) {
                    throw node.error("an allowed_values rule needs a non-empty 'values' list");
                }
            }
            case DICTIONARY -> ContractNode.required(node, f, "dictionary");
            case RANGE -> {
                if (min == null && max == null) {
                    throw node.error("a range rule needs 'min' or 'max'");
                }
                for (String bound : new String[] {"min", "max"}) {
                    ContractNode b = f.get(bound);
                    if (b != null) {
                        checkBound(b, type);
                    }
                }
            }
            case FRESHNESS -> ContractNode.required(node, f, "max_age_days");
            case UNIQUENESS -> { }
        }
        return new QualityRule(kind, level, min, max, regex, values, dictionary, table, column, maxAge, when);
    }

    private static void checkBound(ContractNode b, ColumnType type) {
        String v = b.text();
        switch (type.kind()) {
            case DATE, TIMESTAMP -> {
                if (!v.equals("today")) {
                    try {
                        java.time.LocalDate.parse(v);
                    } catch (java.time.format.DateTimeParseException e) {
                        throw b.error("a date bound must be YYYY-MM-DD or 'today', got '" + v + "'");
                    }
                }
            }
            case INT, BIGINT, DOUBLE, DECIMAL -> number(b);
            default -> throw b.error("range rules apply to dates and numbers, not " + type);
        }
    }

    private static double number(ContractNode n) {
        try {
            return Double.parseDouble(n.text());
        } catch (NumberFormatException e) {
            throw n.error("a number is required, got '" + n.text() + "'");
        }
    }

    static int positiveInt(ContractNode n) {
        int v = nonNegativeInt(n);
        if (v == 0) {
            throw n.error("must be positive");
        }
        return v;
    }

    private static int nonNegativeInt(ContractNode n) {
        try {
            int v = Integer.parseInt(n.text().trim());
            if (v < 0) {
                throw n.error("must not be negative");
            }
            return v;
        } catch (NumberFormatException e) {
            throw n.error("a whole number is required, got '" + n.text() + "'");
        }
    }

    private static boolean bool(ContractNode n) {
        return switch (n.text().trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw n.error("true or false is required, got '" + n.text() + "'");
        };
    }

    private static SourceSpec parseSource(ContractNode node) {
        Map<String, ContractNode> f = node.mapping("name", "department", "file", "format", "encoding", "priority", "coordinate_system",
                "mode", "op_column", "sequence_column", "sequence_kind", "jdbc");
        ContractNode nameNode = ContractNode.required(node, f, "name");
        if (!IDENTIFIER.matcher(nameNode.text()).matches()) {
            throw nameNode.error("source names are lower-case letters, digits and _ (they name ods tables)");
        }
        String department = ContractNode.required(node, f, "department").text();
        if (f.containsKey("jdbc")) {
            for (String k : List.of("file", "format", "encoding", "mode", "op_column", "sequence_column", "sequence_kind")) {
                if (f.containsKey(k)) {
                    throw f.get(k).error(k + " does not apply to a jdbc source (its rows are read from the database, by watermark)");
                }
            }
            int priority = ContractNode.optional(f, "priority").map(ContractLoader::positiveInt).orElse(1);
            String coordinates = coordinateSystem(f);
            return SourceSpec.jdbc(nameNode.text(), department, priority, coordinates, JdbcSourceParser.parse(f.get("jdbc")));
        }
        String file = ContractNode.required(node, f, "file").text();
        if (file.contains("/") || file.contains("\\") || file.contains("..")) {
            throw f.get("file").error("a plain file name is required, not a path");
        }
        if (file.indexOf('*') != file.lastIndexOf('*')) {
            throw f.get("file").error("at most one * wildcard is allowed in a file name");
        }
        SourceFormat format = enumValue(ContractNode.required(node, f, "format"), SourceFormat.class);
        if (format == SourceFormat.JDBC) {
            throw f.get("format").error("a database source is declared with a jdbc: block (url_env, table or query, watermark_column), not format: jdbc");
        }
        ContractNode encNode = ContractNode.required(node, f, "encoding");
        Charset encoding = null;
        if (!encNode.text().equalsIgnoreCase("auto")) {
            try {
                encoding = Charset.forName(encNode.text());
            } catch (RuntimeException e) {
                throw encNode.error("unknown encoding '" + encNode.text() + "' (e.g. UTF-8, GBK, GB18030, or auto to detect per file)");
            }
        }
        int priority = ContractNode.optional(f, "priority").map(ContractLoader::positiveInt).orElse(1);
        String coordinates = coordinateSystem(f);
        return new SourceSpec(nameNode.text(), department, file, format, encoding, priority, coordinates, changeFeed(node, f));
    }

    private static String coordinateSystem(Map<String, ContractNode> f) {
        String coordinates = ContractNode.optional(f, "coordinate_system").map(ContractNode::text).orElse(null);
        if (coordinates != null && !coordinates.matches("(?i)cgcs2000|wgs84|gcj02|bd09")) {
            throw f.get("coordinate_system").error("expected cgcs2000, wgs84, gcj02 or bd09, got '" + coordinates + "'");
        }
        return coordinates;
    }

    /**
     * {@code mode: full} (default; every delivery is the whole extract) or {@code mode: changes} with
     * the op and sequence headers; the change-feed keys are refused on a full source so a typo in
     * {@code mode} cannot silently turn a change set into a full extract (which would delete records).
     */
    private static ChangeFeed changeFeed(ContractNode node, Map<String, ContractNode> f) {
        String mode = ContractNode.optional(f, "mode").map(n -> n.text().trim()).orElse("full");
        if (mode.equals("full")) {
            for (String k : List.of("op_column", "sequence_column", "sequence_kind")) {
                if (f.containsKey(k)) {
                    throw f.get(k).error(k + " needs mode: changes (this source is a full extract)");
                }
            }
            return null;
        }
        if (!mode.equals("changes")) {
            throw f.get("mode").error("expected full or changes, got '" + mode + "'");
        }
        String op = ContractNode.required(node, f, "op_column").text().strip();
        String sequence = ContractNode.required(node, f, "sequence_column").text().strip();
        ChangeFeed.SequenceKind kind = ContractNode.optional(f, "sequence_kind").map(n -> enumValue(n, ChangeFeed.SequenceKind.class))
                .orElse(ChangeFeed.SequenceKind.NUMBER);
        return new ChangeFeed(op, sequence, kind);
    }

    static <E extends Enum<E>> E enumValue(ContractNode n, Class<E> type) {
        String raw = n.text().trim();
        String constant = raw.toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(constant)) {
                return e;
            }
        }
        List<String> known = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            known.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw n.error("unknown value '" + raw + "' (expected one of " + String.join(", ", known) + ")");
    }
}
