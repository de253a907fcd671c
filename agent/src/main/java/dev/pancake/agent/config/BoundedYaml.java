package dev.pancake.agent.config;

import java.io.StringReader;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Composes the text of pancake.yml into a YAML node tree within bounds: the file's size, how
 * deep it nests, how many nodes it has (an alias counting as every node it stands for) and which
 * tags it uses (YAML's standard ones only). The text is only composed, never constructed into
 * objects, so no YAML tag can instantiate a class.
 */
final class BoundedYaml {

    private static final Set<Tag> STANDARD_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP,
            Tag.SEQ, Tag.TIMESTAMP);
    private static final int MAX_BYTES = ConfigFile.MAX_BYTES;
    /**
     * The most nodes (scalars, lists, mappings) a file may have, an alias counting as every node
     * of what it stands for. SnakeYAML's own alias limit counts alias tokens, so twenty of them
     * nested a few levels deep over one long list ("billion laughs") would still expand to
     * billions of nodes for whoever walks the tree.
     */
    static final int MAX_NODES = 100_000;

    private final NodeReader yaml;
    /** Nodes composed so far, then nodes counted with aliases expanded; see {@link #MAX_NODES}. */
    private long nodes;
    private final Map<Node, Long> sizes = new IdentityHashMap<>();

    /** @param yaml where problems are reported */
    BoundedYaml(NodeReader yaml) {
        this.yaml = yaml;
    }

    /**
     * The file's root node, or null when the file holds none.
     *
     * @throws ConfigException with the reader's problems when the text cannot be composed within bounds
     */
    Node compose(String text) throws ConfigException {
        if (text.length() > MAX_BYTES) {
            yaml.problem(null, "", "the file is larger than 4 MiB; is it really pancake.yml?");
            throw new ConfigException(yaml.problems());
        }
        Node root;
        ParserImpl parser = null;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            options.setAllowRecursiveKeys(false);
            options.setNestingDepthLimit(20);
            options.setCodePointLimit(MAX_BYTES);
            // Composer + ParserImpl directly, not the Yaml facade: SafeConstructor holds a
            // java.util.logging Logger, and initialising JUL during premain breaks servers that
            // install their own LogManager later (WildFly). Composing never constructs objects.
            parser = new ParserImpl(new StreamReader(new StringReader(text)), options);
            root = new BoundedComposer(parser, yaml.resolver(), options).getSingleNode();
        } catch (TooManyNodes e) {
            yaml.problems().add(new ConfigException.Problem(yaml.source(), e.at.getLine() + 1, e.at.getColumn() + 1, "",
                    tooManyNodes()));
            throw new ConfigException(yaml.problems());
        } catch (YAMLException | IllegalArgumentException e) {
            yaml.problems().add(YamlErrors.problem(e, text, yaml.source(), parser));
            throw new ConfigException(yaml.problems());
        }
        if (root == null) {
            return null;
        }
        nodes = 0;
        if (!countExpanded(root, root)) {
            throw new ConfigException(yaml.problems());
        }
        checkTags(root);
        if (!yaml.problems().isEmpty()) {
            throw new ConfigException(yaml.problems());
        }
        return root;
    }

    /** Composes at most {@link #MAX_NODES} nodes, so that a long file cannot fill the heap with them. */
    private final class BoundedComposer extends Composer {
        BoundedComposer(ParserImpl parser, Resolver resolver, LoaderOptions options) {
            super(parser, resolver, options);
        }

        private void count() {
            if (++nodes > MAX_NODES) {
                throw new TooManyNodes(parser.peekEvent().getStartMark());
            }
        }

        @Override
        protected Node composeScalarNode(String anchor, List<CommentLine> blockComments) {
            count();
            return super.composeScalarNode(anchor, blockComments);
        }

        @Override
        protected Node composeSequenceNode(String anchor) {
            count();
            return super.composeSequenceNode(anchor);
        }

        @Override
        protected Node composeMappingNode(String anchor) {
            count();
            return super.composeMappingNode(anchor);
        }
    }

    private static final class TooManyNodes extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Mark at;

        TooManyNodes(Mark at) {
            super(null, null, false, false);
            this.at = at;
        }
    }

    private static String tooManyNodes() {
        return "more than " + String.format(Locale.ROOT, "%,d", MAX_NODES) + " YAML nodes, counting each alias as"
                + " the nodes it stands for; is it really pancake.yml?";
    }

    /**
     * Counts the tree's nodes with every alias expanded, each distinct node walked once (the size
     * of what an alias stands for is remembered), and reports it when the count passes
     * {@link #MAX_NODES} or an alias stands for a collection that contains it.
     *
     * @param parent the collection that holds {@code node}, where a problem is reported
     * @return false when there was a problem
     */
    private boolean countExpanded(Node node, Node parent) {
        Long known = sizes.get(node);
        if (known != null) {
            if (known < 0) {
                yaml.problem(parent, "", "an alias stands for a collection that contains it");
                return false;
            }
            nodes += known;
            if (nodes > MAX_NODES) {
                yaml.problem(parent, "", tooManyNodes());
                return false;
            }
            return true;
        }
        if (++nodes > MAX_NODES) {
            yaml.problem(node, "", tooManyNodes());
            return false;
        }
        long before = nodes;
        sizes.put(node, -1L); // being counted
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (!countExpanded(t.getKeyNode(), node) || !countExpanded(t.getValueNode(), node)) {
                    return false;
                }
            }
        } else if (node instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                if (!countExpanded(item, node)) {
                    return false;
                }
            }
        }
        sizes.put(node, nodes - before + 1);
        return true;
    }

    private void checkTags(Node node) {
        Tag tag = node.getTag();
        if (tag != null && !STANDARD_TAGS.contains(tag)) {
            yaml.problem(node, "", "YAML tag " + tag.getValue() + " is not allowed: pancake.yml holds plain values only");
            return;
        }
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                checkTags(t.getKeyNode());
                checkTags(t.getValueNode());
            }
        } else if (node instanceof SequenceNode seq) {
            seq.getValue().forEach(this::checkTags);
        }
    }
}
