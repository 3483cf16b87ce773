package io.shardops.planner.diff;

import java.util.Locale;

/**
 * What a step of the plan makes ready, for later steps to depend on. The kinds are a closed set and marks are
 * made only by the factories below, so a misspelt mark cannot start a namespace that nothing ever waits for.
 *
 * @param subject what the mark is about: a keyspace, {@code ks/shard}, a sequence or a move, as its factory spells it
 */
record Mark(Kind kind, String subject) {

    enum Kind {
        KEYSPACE, SHARD, TABLETS, READY, SEQUENCE, SCHEMA, VSCHEMA, PRIMARY_SWITCHED, MOVE, MOVE_FROM
    }

    /** The keyspace exists in the topology. */
    static Mark keyspace(String keyspace) {
        return new Mark(Kind.KEYSPACE, keyspace);
    }

    /** The shard exists in the topology. */
    static Mark shard(String keyspace, String shard) {
        return new Mark(Kind.SHARD, Words.key(keyspace, shard));
    }

    /** Tablets were started in the shard. */
    static Mark tablets(String keyspace, String shard) {
        return new Mark(Kind.TABLETS, Words.key(keyspace, shard));
    }

    /** The shard has its tablets and a primary: statements can run on it. */
    static Mark ready(String keyspace, String shard) {
        return new Mark(Kind.READY, Words.key(keyspace, shard));
    }

    /**
     * The sequence table exists. Keyed by name alone, case-insensitively: a VSchema's {@code auto_increment}
     * names the sequence without its keyspace.
     */
    static Mark sequence(String name) {
        return new Mark(Kind.SEQUENCE, name.toLowerCase(Locale.ROOT));
    }

    /** The shard holds the tables this plan wants there (copied, created or altered). */
    static Mark schema(String keyspace, String shard) {
        return new Mark(Kind.SCHEMA, Words.key(keyspace, shard));
    }

    /** The keyspace's VSchema was applied. */
    static Mark vschema(String keyspace) {
        return new Mark(Kind.VSCHEMA, keyspace);
    }

    /** The move switched primary traffic. */
    static Mark primarySwitched(String move) {
        return new Mark(Kind.PRIMARY_SWITCHED, move);
    }

    /** The move's last step in this plan. */
    static Mark move(String move) {
        return new Mark(Kind.MOVE, move);
    }

    /** The last step of a move out of this keyspace: what deleting the keyspace waits for. */
    static Mark moveFrom(String keyspace) {
        return new Mark(Kind.MOVE_FROM, keyspace);
    }
}
