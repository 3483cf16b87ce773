package io.shardops.reconciler.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** What {@code shardops revert} and {@code shardops confirm} act on: a table named {@code KEYSPACE.TABLE}, in a live cluster. */
final class SchemaChangeTarget {
    @Parameters(index = "0", paramLabel = "KEYSPACE.TABLE", description = "The table whose schema change to ${COMMAND-NAME}, e.g. commerce.product.")
    String what;

    @Mixin
    LiveClusterOptions live = new LiveClusterOptions();

    /** The keyspace and the table of {@code KEYSPACE.TABLE}; a user error naming the expected form otherwise. */
    String[] table() {
        int dot = what.indexOf('.');
        if (dot <= 0 || dot == what.length() - 1) {
            throw new UserException("name the table as KEYSPACE.TABLE (e.g. commerce.product), not '" + what + "'");
        }
        return new String[] {what.substring(0, dot), what.substring(dot + 1)};
    }
}
