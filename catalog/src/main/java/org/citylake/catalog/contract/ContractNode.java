package org.citylake.catalog.contract;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML node with its position, so every complaint about a contract names file, line and field.
 * Reading a field that is not known is an error too: a misspelt rule must not be silently ignored.
 * Public so other files with the same discipline (serving app files) report errors the same way.
 */
public final class ContractNode {
    private final Path file;
    private final String path;
    private final Node node;

    ContractNode(Path file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /** The root node of a YAML file; YAML syntax errors carry the file and line too. */
    public static ContractNode read(Path file) {
        Node root;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(r);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            throw new ContractException(file, line, "(yaml)", "not valid YAML: " + e.getProblem());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        if (root == null) {
            throw new ContractException(file, 1, "(yaml)", "the file is empty");
        }
        return new ContractNode(file, "", root);
    }

    public int line() {
        return node.getStartMark().getLine() + 1;
    }

    public String path() {
        return path;
    }

    public ContractException error(String problem) {
        return new ContractException(file, line(), path, problem);
    }

    public Map<String, ContractNode> mapping(String... allowedKeys) {
        if (!(node instanceof MappingNode m)) {
            throw error("expected a map");
        }
        Map<String, ContractNode> out = new LinkedHashMap<>();
        List<String> allowed = List.of(allowedKeys);
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw error("keys must be plain words");
            }
            String key = k.getValue();
            ContractNode child = new ContractNode(file, path.isEmpty() ? key : path + "." + key, t.getValueNode());
            if (!allowed.isEmpty() && !allowed.contains(key)) {
                throw new ContractException(file, k.getStartMark().getLine() + 1, child.path,
                        "unknown field (known: " + String.join(", ", allowed) + ")");
            }
            if (out.put(key, child) != null) {
                throw child.error("appears twice");
            }
        }
        return out;
    }

    public List<ContractNode> sequence() {
        if (!(node instanceof SequenceNode s)) {
            throw error("expected a list");
        }
        List<ContractNode> out = new ArrayList<>();
        for (int i = 0; i < s.getValue().size(); i++) {
            out.add(new ContractNode(file, path + "[" + i + "]", s.getValue().get(i)));
        }
        return out;
    }

    /** True for a single value (as opposed to a map or a list), for fields that accept either. */
    public boolean isScalar() {
        return node instanceof ScalarNode;
    }

    public String text() {
        if (!(node instanceof ScalarNode s)) {
            throw error("expected a single value");
        }
        return s.getValue();
    }

    public List<String> texts() {
        return sequence().stream().map(ContractNode::text).toList();
    }

    public static ContractNode required(ContractNode parent, Map<String, ContractNode> fields, String key) {
        ContractNode n = fields.get(key);
        if (n == null) {
            String p = parent.path.isEmpty() ? key : parent.path + "." + key;
            throw new ContractException(parent.file, parent.line(), p, "is required");
        }
        if (n.node instanceof ScalarNode s && s.getValue().isBlank()) {
            throw n.error("must not be empty");
        }
        return n;
    }

    public static Optional<ContractNode> optional(Map<String, ContractNode> fields, String key) {
        ContractNode n = fields.get(key);
        if (n != null && n.node instanceof ScalarNode s && (s.getValue().isEmpty() || s.getValue().equals("null"))) {
            return Optional.empty();
        }
        return Optional.ofNullable(n);
    }
}
