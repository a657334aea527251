package org.citylake.warehouse.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.citylake.catalog.contract.ColumnContract;
import org.citylake.catalog.contract.ColumnType;
import org.citylake.catalog.contract.ContractException;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.ContractNode;
import org.citylake.catalog.contract.Masking;
import org.citylake.catalog.contract.Sensitivity;
import org.citylake.catalog.contract.TableContract;

/**
 * Reads and validates {@code conf/apps/*.yaml} against the contracts. Every name must be a plain identifier
 * that the contracts know, every filter is one of a few structural forms; a bad file fails with a
 * {@link ContractException} naming file, line and field, and nothing half-valid is returned.
 */
public final class AppFiles {
    /** App names become Trino user names, view-name prefixes and regex patterns in rules.json: keep them plain. */
    static final Pattern APP_NAME = Pattern.compile("app_[a-z][a-z0-9_]{0,40}");
    private static final Pattern COLUMN = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final String STREET_COLUMN = "street_code";
    private static final String BIRTH_DATE_COLUMN = "birth_date";

    private AppFiles() {
    }

    /** Every app file in {@code appsDir}, sorted by app name; an absent directory means no apps. */
    public static List<AppFile> loadAll(Path appsDir, List<TableContract> contracts) {
        if (!Files.isDirectory(appsDir)) {
            return List.of();
        }
        List<AppFile> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(appsDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                out.add(load(f, contracts));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list app files in " + appsDir, e);
        }
        return List.copyOf(out);
    }

    public static AppFile load(Path file, List<TableContract> contracts) {
        ContractNode root = ContractNode.read(file);
        Map<String, ContractNode> f = root.mapping("app", "title", "purpose", "tables");
        ContractNode appNode = ContractNode.required(root, f, "app");
        String app = appNode.text();
        if (!APP_NAME.matcher(app).matches()) {
            throw appNode.error("app names are app_ followed by lower-case letters, digits and _ (got '" + app + "')");
        }
        String stem = file.getFileName().toString().replaceFirst("\\.yaml$", "");
        if (!stem.equals(app)) {
            throw appNode.error("the file must be named after the app: " + app + ".yaml (is " + file.getFileName() + ")");
        }
        String title = ContractNode.optional(f, "title").map(ContractNode::text).orElse(app);
        String purpose = ContractNode.required(root, f, "purpose").text();
        Map<String, TableContract> byName = new HashMap<>();
        contracts.forEach(c -> byName.put(c.qualifiedName(), c));
        List<AppGrant> grants = new ArrayList<>();
        Set<String> viewNames = new HashSet<>();
        for (ContractNode g : ContractNode.required(root, f, "tables").sequence()) {
            AppGrant grant = parseGrant(g, byName);
            if (!viewNames.add(grant.tableName())) {
                throw g.error("table '" + grant.tableName() + "' is granted twice (view names are <app>_<table>)");
            }
            grants.add(grant);
        }
        return new AppFile(app, title, purpose, grants, file);
    }

    private static AppGrant parseGrant(ContractNode node, Map<String, TableContract> contracts) {
        Map<String, ContractNode> f = node.mapping("table", "columns", "rows", "masking");
        ContractNode tableNode = ContractNode.required(node, f, "table");
        TableContract contract = contracts.get(tableNode.text());
        if (contract == null) {
            throw tableNode.error("no contract for table '" + tableNode.text() + "' (known: "
                    + String.join(", ", contracts.keySet().stream().sorted().toList()) + ")");
        }
        List<String> columns = new ArrayList<>();
        ContractNode columnsNode = ContractNode.required(node, f, "columns");
        if (columnsNode.isScalar()) {
            if (!columnsNode.text().equals("all")) {
                throw columnsNode.error("must be 'all' or a list of column names");
            }
        } else {
            for (ContractNode c : columnsNode.sequence()) {
                ColumnContract column = column(c, contract);
                if (columns.contains(column.name())) {
                    throw c.error("column '" + column.name() + "' is listed twice");
                }
                columns.add(column.name());
            }
            if (columns.isEmpty()) {
                throw columnsNode.error("lists no column; revoke the table instead");
            }
        }
        List<RowCondition> rows = new ArrayList<>();
        for (ContractNode r : ContractNode.optional(f, "rows").map(ContractNode::sequence).orElse(List.of())) {
            rows.add(parseCondition(r, contract));
        }
        Map<String, Masking> masking = new LinkedHashMap<>();
        ContractNode maskingNode = ContractNode.optional(f, "masking").orElse(null);
        if (maskingNode != null) {
            for (Map.Entry<String, ContractNode> e : maskingNode.mapping().entrySet()) {
                ColumnContract column = column(e.getKey(), e.getValue(), contract);
                if (!columns.isEmpty() && !columns.contains(column.name())) {
                    throw e.getValue().error("column '" + column.name() + "' is not among this grant's columns");
                }
                Masking m = ContractLoader.parseMasking(e.getValue());
                if (column.sensitivity() == Sensitivity.PERSONAL_SENSITIVE && m.technique() == Masking.Technique.NONE) {
                    throw e.getValue().error("column '" + column.name() + "' is personal-sensitive; an app may not read it unmasked");
                }
                masking.put(column.name(), m);
            }
        }
        return new AppGrant(contract.qualifiedName(), columns, rows, masking);
    }

    private static RowCondition parseCondition(ContractNode node, TableContract contract) {
        Map<String, ContractNode> f = node.mapping("age_at_least", "street_in", "in", "equals", "starts_with");
        if (f.size() != 1) {
            throw node.error("each row condition has exactly one of age_at_least, street_in, in, equals, starts_with");
        }
        Map.Entry<String, ContractNode> e = f.entrySet().iterator().next();
        ContractNode v = e.getValue();
        try {
            return switch (e.getKey()) {
                case "age_at_least" -> {
                    String column = BIRTH_DATE_COLUMN;
                    ContractNode years = v;
                    if (!v.isScalar()) {
                        Map<String, ContractNode> m = v.mapping("column", "years");
                        column = column(ContractNode.required(v, m, "column"), contract).name();
                        years = ContractNode.required(v, m, "years");
                    }
                    typed(v, contract, column, ColumnType.Kind.DATE);
                    yield new RowCondition.AgeAtLeast(column, integer(years));
                }
                case "street_in" -> {
                    typed(v, contract, STREET_COLUMN, ColumnType.Kind.STRING);
                    yield new RowCondition.ValueIn(STREET_COLUMN, v.texts());
                }
                case "in" -> {
                    Map<String, ContractNode> m = v.mapping("column", "values");
                    String column = typed(ContractNode.required(v, m, "column"), contract, null, ColumnType.Kind.STRING);
                    yield new RowCondition.ValueIn(column, ContractNode.required(v, m, "values").texts());
                }
                case "equals" -> {
                    Map<String, ContractNode> m = v.mapping("column", "value");
                    String column = typed(ContractNode.required(v, m, "column"), contract, null, ColumnType.Kind.STRING);
                    yield new RowCondition.EqualsValue(column, ContractNode.required(v, m, "value").text());
                }
                default -> {
                    Map<String, ContractNode> m = v.mapping("column", "value");
                    String column = typed(ContractNode.required(v, m, "column"), contract, null, ColumnType.Kind.STRING);
                    yield new RowCondition.StartsWith(column, ContractNode.required(v, m, "value").text());
                }
            };
        } catch (IllegalArgumentException ex) {
            throw v.error(ex.getMessage());
        }
    }

    /** The column a node names (or {@code fixed} if given), checked to be of the expected type. */
    private static String typed(ContractNode node, TableContract contract, String fixed, ColumnType.Kind kind) {
        ColumnContract c = fixed == null ? column(node, contract) : contract.column(fixed).orElseThrow(() ->
                node.error("table " + contract.qualifiedName() + " has no column '" + fixed + "'"));
        if (c.type().kind() != kind) {
            throw node.error("column '" + c.name() + "' is " + c.type() + "; this condition needs " + kind.name().toLowerCase());
        }
        return c.name();
    }

    private static ColumnContract column(ContractNode node, TableContract contract) {
        return column(node.text(), node, contract);
    }

    private static ColumnContract column(String name, ContractNode node, TableContract contract) {
        if (!COLUMN.matcher(name).matches()) {
            throw node.error("column names are lower-case letters, digits and _ (got '" + name + "')");
        }
        return contract.column(name).orElseThrow(() -> node.error("table " + contract.qualifiedName() + " has no column '" + name + "'"));
    }

    private static int integer(ContractNode node) {
        try {
            return Integer.parseInt(node.text().trim());
        } catch (NumberFormatException e) {
            throw node.error("must be a whole number, got '" + node.text() + "'");
        }
    }
}
