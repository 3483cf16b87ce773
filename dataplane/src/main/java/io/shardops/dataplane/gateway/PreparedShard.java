package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.MalformedPacketException;
import io.shardops.dataplane.mysql.PayloadReader;
import io.shardops.dataplane.mysql.PreparedStatement;
import io.shardops.dataplane.vindex.Value;
import io.shardops.dataplane.vindex.Vindex;
import io.shardops.dataplane.vindex.VindexException;
import io.shardops.spec.TabletType;
import io.vertx.core.buffer.Buffer;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one shard that runs a prepared statement as it is, decided once per statement and routing snapshot:
 * either fixed by the statement's text, or named by the value of the one parameter its primary vindex
 * column is compared to ({@code customer_id = ?}), so executions go to MariaDB as prepared statements
 * without binding the values into text and routing that text again.
 */
public sealed interface PreparedShard {

    /** The shard of one execution; empty sends it down the text path, which routes and reports as always. */
    Optional<ShardTarget> shardOf(PreparedStatement statement, Buffer params);

    /** The shard of a text statement of this shape, given its literals in order (see {@link io.shardops.dataplane.mysql.SqlLexer#shape}). */
    Optional<ShardTarget> shardOf(List<String> literals);

    record Fixed(ShardTarget shard) implements PreparedShard {
        @Override
        public Optional<ShardTarget> shardOf(PreparedStatement statement, Buffer params) {
            return Optional.of(shard);
        }

        @Override
        public Optional<ShardTarget> shardOf(List<String> literals) {
            return Optional.of(shard);
        }
    }

    /** @param parameter the 0-based parameter whose value's keyspace id picks the shard */
    record ByParameter(int parameter, Vindex vindex, String keyspace, List<ShardRef> shards, TabletType tabletType)
            implements PreparedShard {
        private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,40}");
        /** A DOUBLE parameter as the text path writes it ({@code 4000001.0}, {@code 4.000001E7}): routed by its integer value when it has one. */
        private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,40}\\.[0-9]{1,40}(?:E-?[0-9]{1,3})?");

        public ByParameter {
            shards = List.copyOf(shards);
        }

        /**
         * Integers (and DOUBLEs that hold one) only: the text path reads any other literal (a string, NULL, a date) its own way, and
         * keeping those there keeps one routing rule for both paths.
         */
        @Override
        public Optional<ShardTarget> shardOf(PreparedStatement statement, Buffer params) {
            if (statement.hasLongData()) {
                return Optional.empty();
            }
            String literal;
            try {
                literal = statement.literals(new PayloadReader(params))[parameter];
            } catch (MalformedPacketException | IndexOutOfBoundsException e) {
                return Optional.empty();
            }
            return shardOfLiteral(literal);
        }

        @Override
        public Optional<ShardTarget> shardOf(List<String> literals) {
            return parameter < literals.size() ? shardOfLiteral(literals.get(parameter)) : Optional.empty();
        }

        /** The shard for the parameter's value written as an SQL literal; empty unless it is an integer the vindex maps. */
        private Optional<ShardTarget> shardOfLiteral(String literal) {
            Optional<BigInteger> value = INTEGER.matcher(literal).matches() ? Optional.of(new BigInteger(literal))
                    : DECIMAL.matcher(literal).matches() ? Literals.integral(literal) : Optional.empty();
            if (value.isEmpty()) {
                return Optional.empty();
            }
            byte[] ksid;
            try {
                ksid = vindex.keyspaceId(new Value.Int(value.get()));
            } catch (VindexException e) {
                return Optional.empty();
            }
            return ShardRef.holding(shards, ksid).map(s -> new ShardTarget(keyspace, s.name(), tabletType));
        }
    }
}
