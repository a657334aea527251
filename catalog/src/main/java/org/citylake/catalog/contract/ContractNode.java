package org.citylake.catalog.contract;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML node with its position, so every complaint about a contract names file, line and field.
 * Reading a field that is not known is an error too: a misspelt rule must not be silently ignored.
 */
final class ContractNode {
    private final Path file;
    private final String path;
    private final Node node;

    ContractNode(Path file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    int line() {
        return node.getStartMark().getLine() + 1;
    }

    String path() {
        return path;
    }

    ContractException error(String problem) {
        return new ContractException(file, line(), path, problem);
    }

    Map<String, ContractNode> mapping(String... allowedKeys) {
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

    List<ContractNode> sequence() {
        if (!(node instanceof SequenceNode s)) {
            throw error("expected a list");
        }
        List<ContractNode> out = new ArrayList<>();
        for (int i = 0; i < s.getValue().size(); i++) {
            out.add(new ContractNode(file, path + "[" + i + "]", s.getValue().get(i)));
        }
        return out;
    }

    String text() {
        if (!(node instanceof ScalarNode s)) {
            throw error("expected a single value");
        }
        return s.getValue();
    }

    List<String> texts() {
        return sequence().stream().map(ContractNode::text).toList();
    }

    static ContractNode required(ContractNode parent, Map<String, ContractNode> fields, String key) {
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

    static Optional<ContractNode> optional(Map<String, ContractNode> fields, String key) {
        ContractNode n = fields.get(key);
        if (n != null && n.node instanceof ScalarNode s && (s.getValue().isEmpty() || s.getValue().equals("null"))) {
            return Optional.empty();
        }
        return Optional.ofNullable(n);
    }
}
