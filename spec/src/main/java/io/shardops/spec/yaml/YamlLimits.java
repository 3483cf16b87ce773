package io.shardops.spec.yaml;

/**
 * Bounds that keep reading a hostile file fast and small: a spec is a few kilobytes, so anything
 * far beyond these is a mistake or an attack, and is rejected before it costs memory or time.
 *
 * @param maxFileBytes bytes per file (YAML or SQL)
 * @param maxDepth     nesting of mappings and sequences
 * @param maxNodes     nodes per document, counting every expansion of an alias
 */
public record YamlLimits(long maxFileBytes, int maxDepth, int maxNodes) {
    public static final YamlLimits DEFAULT = new YamlLimits(1L << 20, 64, 100_000);
}
