package org.citylake.exchange.subscription;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** A YAML node with file, line and dotted field path, so every complaint names where it is. Unknown keys are errors. */
record YamlNode(Path file, String path, Node node) {

    int line() {
        return node.getStartMark().getLine() + 1;
    }

    SubscriptionException error(String problem) {
        return new SubscriptionException(file, line(), path, problem);
    }

    Map<String, YamlNode> mapping(String... allowed) {
        if (!(node instanceof MappingNode m)) {
            throw error("expected a map");
        }
        Map<String, YamlNode> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw error("keys must be plain words");
            }
            String key = k.getValue();
            YamlNode child = new YamlNode(file, path.isEmpty() ? key : path + "." + key, t.getValueNode());
            if (!List.of(allowed).contains(key)) {
                String hint = key.matches("(access|secret)_key|password|secret|key") ? "; secrets never go in a subscription: name an environment variable with "
                        + key + "_env" : "";
                throw new SubscriptionException(file, k.getStartMark().getLine() + 1, child.path,
                        "unknown field (known: " + String.join(", ", allowed) + ")" + hint);
            }
            if (out.put(key, child) != null) {
                throw child.error("appears twice");
            }
        }
        return out;
    }

    List<YamlNode> sequence() {
        if (!(node instanceof SequenceNode s)) {
            throw error("expected a list");
        }
        return IntStream.range(0, s.getValue().size())
                .mapToObj(i -> new YamlNode(file, path + "[" + i + "]", s.getValue().get(i))).toList();
    }

    String text() {
        if (!(node instanceof ScalarNode s)) {
            throw error("expected a single value");
        }
        return s.getValue();
    }

    YamlNode required(Map<String, YamlNode> fields, String key) {
        YamlNode n = fields.get(key);
        if (n == null) {
            throw new SubscriptionException(file, line(), path.isEmpty() ? key : path + "." + key, "is required");
        }
        if (n.node instanceof ScalarNode s && s.getValue().isBlank()) {
            throw n.error("must not be empty");
        }
        return n;
    }

    static Optional<YamlNode> optional(Map<String, YamlNode> fields, String key) {
        YamlNode n = fields.get(key);
        if (n != null && n.node instanceof ScalarNode s && (s.getValue().isEmpty() || s.getValue().equals("null"))) {
            return Optional.empty();
        }
        return Optional.ofNullable(n);
    }
}
