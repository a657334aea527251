package org.citylake.exchange.subscription;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.citylake.catalog.contract.Masking;
import org.citylake.catalog.contract.TableContract;
import org.citylake.exchange.crypto.ManifestSigner;
import org.citylake.exchange.pkg.PackageManifest.ChangeKind;
import org.citylake.exchange.pkg.PackageManifest.DataFormat;
import org.citylake.exchange.subscription.Subscription.ColumnGrant;
import org.citylake.exchange.subscription.Subscription.Direction;
import org.citylake.exchange.subscription.Subscription.Peer;
import org.citylake.exchange.subscription.Subscription.Security;
import org.citylake.exchange.subscription.Subscription.TableGrant;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads and validates {@code conf/exchange/*.yaml}. A bad subscription fails with a
 * {@link SubscriptionException} naming file, line and field; nothing half-valid is returned, because a
 * typo in a masking rule would send personal data to another data centre unmasked.
 */
public final class SubscriptionLoader {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,127}");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern PREFIX_SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern ENDPOINT = Pattern.compile("https?://[A-Za-z0-9.-]+(:\\d{1,5})?/?");
    private static final Pattern CRON_FIELD = Pattern.compile("(\\*|\\d+(-\\d+)?)(/\\d+)?(,(\\*|\\d+(-\\d+)?)(/\\d+)?)*");
    private static final int[][] CRON_RANGES = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
    private static final String[] CRON_NAMES = {"minute", "hour", "day of month", "month", "day of week"};

    private SubscriptionLoader() {
    }

    /** Every subscription under {@code dir}, sorted by name; names must be unique. */
    public static List<Subscription> loadAll(Path dir, Map<String, TableContract> contracts) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Subscription> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList()) {
                out.add(load(f, contracts));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list subscriptions in " + dir, e);
        }
        return List.copyOf(out);
    }

    public static Subscription load(Path file, Map<String, TableContract> contracts) {
        Node root;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(r);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            throw new SubscriptionException(file, line, "(yaml)", "not valid YAML: " + e.getProblem());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read subscription " + file, e);
        }
        if (root == null) {
            throw new SubscriptionException(file, 1, "subscription", "the file is empty");
        }
        return parse(file, new YamlNode(file, "", root), contracts);
    }

    private static Subscription parse(Path file, YamlNode root, Map<String, TableContract> contracts) {
        Map<String, YamlNode> f = root.mapping("subscription", "description", "direction", "peer", "security", "tables", "schedule", "format");
        YamlNode nameNode = root.required(f, "subscription");
        String name = match(nameNode, NAME, "lower-case letters, digits and -");
        String stem = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        if (!stem.equals(name)) {
            throw nameNode.error("must equal the file name '" + stem + "' so that ledger entries lead back to their file");
        }
        Direction direction = choice(root.required(f, "direction"), Direction.class);
        Peer peer = parsePeer(root, root.required(f, "peer"));
        Security security = parseSecurity(root.required(f, "security"));
        String schedule = cron(root.required(f, "schedule"));
        DataFormat format = YamlNode.optional(f, "format").map(n -> {
            try {
                return DataFormat.parse(n.text());
            } catch (IllegalArgumentException e) {
                throw n.error(e.getMessage());
            }
        }).orElse(DataFormat.PARQUET);

        List<TableGrant> tables = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (YamlNode t : root.required(f, "tables").sequence()) {
            TableGrant g = parseTable(t, direction, peer, contracts);
            if (!seen.add(g.table())) {
                throw t.error("table " + g.table() + " is listed twice");
            }
            tables.add(g);
        }
        if (tables.isEmpty()) {
            throw f.get("tables").error("a subscription needs at least one table");
        }
        Subscription subscription = new Subscription(name, file, direction, peer, security, tables, schedule, format);
        if (subscription.pseudonymises() && security.pseudonymKeyEnv().isEmpty()) {
            throw root.required(f, "security").error("a column uses hash masking, so pseudonym_key_env is required: the name of the"
                    + " environment variable holding the key (hex, at least 32 digits) shared with " + peer.name()
                    + " — an unkeyed hash of an ID number is reversed by enumeration");
        }
        return subscription;
    }

    private static Peer parsePeer(YamlNode root, YamlNode n) {
        Map<String, YamlNode> f = n.mapping("name", "endpoint", "region", "bucket", "prefix", "access_key_env", "secret_key_env");
        String name = match(n.required(f, "name"), NAME, "lower-case letters, digits and -");
        String endpoint = match(n.required(f, "endpoint"), ENDPOINT, "http(s)://host[:port] without a path");
        String region = YamlNode.optional(f, "region").map(YamlNode::text).orElse("us-east-1");
        String bucket = match(n.required(f, "bucket"), BUCKET, "an S3 bucket name: 3-63 of a-z 0-9 . -");
        String prefix = YamlNode.optional(f, "prefix").map(p -> {
            String v = p.text();
            for (String seg : v.split("/", -1)) {
                if (!PREFIX_SEGMENT.matcher(seg).matches() || seg.contains("..")) {
                    throw p.error("'" + v + "' must be segments of A-Z a-z 0-9 . _ - separated by single '/', no leading or trailing '/', no '..'");
                }
            }
            return v;
        }).orElse("");
        return new Peer(name, endpoint.replaceFirst("/$", ""), region, bucket, prefix,
                envName(n.required(f, "access_key_env")), envName(n.required(f, "secret_key_env")));
    }

    private static Security parseSecurity(YamlNode n) {
        Map<String, YamlNode> f = n.mapping("signature", "key_id", "signing_key_env", "encryption", "encryption_key_env", "pseudonym_key_env");
        String signature = YamlNode.optional(f, "signature").map(s -> switch (s.text().toLowerCase(Locale.ROOT)) {
            case "hmac-sm3" -> ManifestSigner.HMAC_SM3;
            case "hmac-sha256" -> ManifestSigner.HMAC_SHA256;
            default -> throw s.error("unknown value '" + s.text() + "' (expected one of hmac-sm3, hmac-sha256)");
        }).orElse(ManifestSigner.HMAC_SM3);
        String keyId = n.required(f, "key_id").text();
        String signingEnv = envName(n.required(f, "signing_key_env"));
        String encryption = YamlNode.optional(f, "encryption").map(YamlNode::text).orElse("none");
        Optional<String> encEnv = YamlNode.optional(f, "encryption_key_env").map(SubscriptionLoader::envName);
        switch (encryption) {
            case "none" -> {
                if (encEnv.isPresent()) {
                    throw f.get("encryption_key_env").error("is set but encryption is none; say encryption: sm4-gcm or drop the key");
                }
            }
            case "sm4-gcm" -> {
                if (encEnv.isEmpty()) {
                    throw n.required(f, "encryption_key_env").error("is required");
                }
            }
            default -> throw f.get("encryption").error("unknown value '" + encryption + "' (expected one of none, sm4-gcm)");
        }
        Optional<String> pseudonymEnv = YamlNode.optional(f, "pseudonym_key_env").map(SubscriptionLoader::envName);
        return new Security(signature, keyId, signingEnv, encEnv, pseudonymEnv);
    }

    private static TableGrant parseTable(YamlNode n, Direction direction, Peer peer, Map<String, TableContract> contracts) {
        Map<String, YamlNode> f = n.mapping("table", "change", "columns", "into");
        YamlNode tableNode = n.required(f, "table");
        String table = qualified(tableNode);
        ChangeKind change = YamlNode.optional(f, "change").map(c -> choice(c, ChangeKind.class)).orElse(ChangeKind.APPEND);
        List<ColumnGrant> columns = new ArrayList<>();
        if (direction == Direction.PUSH) {
            if (f.containsKey("into")) {
                throw f.get("into").error("only a pull subscription lands tables 'into' ods");
            }
            TableContract contract = contracts.get(table);
            Set<String> names = new HashSet<>();
            for (YamlNode c : n.required(f, "columns").sequence()) {
                Map<String, YamlNode> cf = c.mapping("name", "masking");
                YamlNode cn = c.required(cf, "name");
                String col = match(cn, IDENTIFIER, "a column name");
                if (!names.add(col)) {
                    throw cn.error("column '" + col + "' is listed twice");
                }
                if (contract != null && contract.column(col).isEmpty()) {
                    throw cn.error("column '" + col + "' is not in the contract of " + table);
                }
                columns.add(new ColumnGrant(col, masking(c.required(cf, "masking"))));
            }
            if (columns.isEmpty()) {
                throw f.get("columns").error("a pushed table needs at least one column");
            }
            return new TableGrant(table, change, columns, null);
        }
        if (f.containsKey("columns")) {
            throw f.get("columns").error("a pull subscription takes the columns the peer's manifest declares; masking is the sender's duty");
        }
        String into = YamlNode.optional(f, "into").map(SubscriptionLoader::qualified)
                .orElse("ods." + peer.name().replace('-', '_') + "_" + table.replace('.', '_'));
        if (!into.startsWith("ods.")) {
            throw f.get("into").error("inbound packages land in the ods namespace, got '" + into + "'");
        }
        return new TableGrant(table, change, columns, into);
    }

    /** Same shape as a contract's masking: {technique: mask, keep_first: 6, keep_last: 4}. */
    private static Masking masking(YamlNode n) {
        Map<String, YamlNode> f = n.mapping("technique", "keep_first", "keep_last", "to");
        Masking.Technique technique = choice(n.required(f, "technique"), Masking.Technique.class);
        int first = YamlNode.optional(f, "keep_first").map(SubscriptionLoader::nonNegative).orElse(0);
        int last = YamlNode.optional(f, "keep_last").map(SubscriptionLoader::nonNegative).orElse(0);
        String to = YamlNode.optional(f, "to").map(YamlNode::text).orElse(null);
        if (to != null && !Set.of("year", "month", "street").contains(to)) {
            throw f.get("to").error("unknown value '" + to + "' (expected one of year, month, street)");
        }
        try {
            return new Masking(technique, first, last, to);
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    private static int nonNegative(YamlNode n) {
        try {
            int v = Integer.parseInt(n.text().trim());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw n.error("expected a whole number >= 0, got '" + n.text() + "'");
    }

    private static String qualified(YamlNode n) {
        String v = n.text();
        String[] parts = v.split("\\.");
        if (parts.length != 2 || !IDENTIFIER.matcher(parts[0]).matches() || !IDENTIFIER.matcher(parts[1]).matches()) {
            throw n.error("must be <namespace>.<table> in lower-case letters, digits and _, got '" + v + "'");
        }
        return v;
    }

    private static String envName(YamlNode n) {
        String v = n.text();
        if (!ENV_NAME.matcher(v).matches()) {
            throw n.error("must be the NAME of an environment variable (A-Z, 0-9, _), never the secret itself");
        }
        return v;
    }

    /** Five-field cron text (minute hour day-of-month month day-of-week), ranges checked. */
    static String cron(YamlNode n) {
        String v = n.text().trim();
        String[] fields = v.split("\\s+");
        if (fields.length != 5) {
            throw n.error("'" + v + "' must be cron text with 5 fields: minute hour day-of-month month day-of-week");
        }
        for (int i = 0; i < 5; i++) {
            if (!CRON_FIELD.matcher(fields[i]).matches()) {
                throw n.error("cron " + CRON_NAMES[i] + " '" + fields[i] + "' is not *, a number, a range, a list or a step");
            }
            for (String num : fields[i].split("[^0-9]+")) {
                if (!num.isEmpty() && !fields[i].startsWith("*/" + num) && !fields[i].contains("/" + num)) {
                    int x = Integer.parseInt(num);
                    if (x < CRON_RANGES[i][0] || x > CRON_RANGES[i][1]) {
                        throw n.error("cron " + CRON_NAMES[i] + " " + x + " is outside " + CRON_RANGES[i][0] + "-" + CRON_RANGES[i][1]);
                    }
                }
            }
        }
        return v;
    }

    private static String match(YamlNode n, Pattern p, String what) {
        String v = n.text();
        if (!p.matcher(v).matches()) {
            throw n.error("'" + v + "' must be " + what);
        }
        return v;
    }

    private static <E extends Enum<E>> E choice(YamlNode n, Class<E> type) {
        String raw = n.text().trim();
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(raw.replace('-', '_'))) {
                return e;
            }
        }
        List<String> known = Stream.of(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();
        throw n.error("unknown value '" + raw + "' (expected one of " + String.join(", ", known) + ")");
    }
}
