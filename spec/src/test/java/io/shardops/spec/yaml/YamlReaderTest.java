package io.shardops.spec.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.spec.Problem;
import io.shardops.spec.SourceLocation;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlReaderTest {
    private static YamlReader.Result parse(String text) {
        return new YamlReader().parse("f.yaml", text);
    }

    @Test
    void everyNodeKnowsItsLineAndColumn() {
        YamlNode.Mapping root = (YamlNode.Mapping) parse("a:\n  b: [x, \"0\", 0]\n").document().orElseThrow();
        YamlNode.Mapping a = (YamlNode.Mapping) root.get("a").orElseThrow();
        assertEquals(new SourceLocation("f.yaml", 2, 3), a.location());
        assertEquals(new SourceLocation("f.yaml", 2, 3), a.entries().get(0).key().location());
        YamlNode.Sequence b = (YamlNode.Sequence) a.get("b").orElseThrow();
        assertEquals(new SourceLocation("f.yaml", 2, 6), b.location());
        List<YamlNode> items = b.items();
        assertEquals(new SourceLocation("f.yaml", 2, 10), items.get(1).location());
        assertEquals(YamlNode.Scalar.Type.STRING, ((YamlNode.Scalar) items.get(1)).type(), "a quoted 0 is a string");
        assertEquals(YamlNode.Scalar.Type.INT, ((YamlNode.Scalar) items.get(2)).type());
    }

    @Test
    void everyDuplicateKeyIsReportedWithBothPositions() {
        List<Problem> problems = parse("a: 1\nb: 2\na: 3\nc: {x: 1, x: 2}\n").problems();
        assertEquals(List.of("f.yaml:3:1: error: duplicate key 'a' (first at line 1, column 1)",
                "f.yaml:4:11: error: duplicate key 'x' (first at line 4, column 5)"),
                problems.stream().map(p -> p.render().lines().findFirst().orElseThrow()).toList());
    }

    @Test
    void aliasesShareTheirNodeAndCountEveryUse() {
        YamlNode.Mapping root = (YamlNode.Mapping) parse("a: &t {x: 1}\nb: *t\n").document().orElseThrow();
        assertSame(root.get("a").orElseThrow(), root.get("b").orElseThrow());
        YamlReader small = new YamlReader(new YamlLimits(1 << 20, 64, 20));
        List<Problem> problems = small.parse("f.yaml", "a: &t [1, 2, 3, 4, 5]\nb: [*t, *t, *t, *t]\n").problems();
        assertEquals("yaml.too-large", problems.get(0).code());
    }

    @Test
    void nestingStopsAtTheLimitWithoutRecursion() {
        List<Problem> problems = parse("[".repeat(100_000)).problems();
        assertEquals(1, problems.size());
        assertEquals("yaml.too-deep", problems.get(0).code());
        assertTrue(problems.get(0).location().column() > 60);
    }
}
