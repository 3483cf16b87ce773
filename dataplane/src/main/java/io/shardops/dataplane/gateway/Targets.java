package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.spec.TabletType;
import io.shardops.spec.vschema.VSchema;
import java.util.List;
import java.util.Optional;

/** Target resolution against one routing snapshot: which keyspace, which serving keyspace, which shards. */
final class Targets {
    private final RoutingSnapshot snapshot;

    Targets(RoutingSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    RoutingSnapshot snapshot() {
        return snapshot;
    }

    Target checkTarget(Target t) {
        if (t.keyspace() != null && !snapshot.keyspaces().contains(t.keyspace())) {
            throw MysqlError.badDb(t.keyspace()).exception();
        }
        if (t.keyspace() != null && t.shard() != null
                && snapshot.allShards(servingKeyspace(t.keyspace(), t.tabletType())).stream()
                .noneMatch(s -> s.name().equals(t.shard()))) {
            throw MysqlError.badDb(t.keyspace() + "/" + t.shard()).exception();
        }
        return t;
    }

    /** The keyspace whose shards serve {@code keyspace} at this tablet type (served-from during a vertical move). */
    String servingKeyspace(String keyspace, TabletType type) {
        return snapshot.servedFrom(keyspace, type).orElse(keyspace);
    }

    /** The session's keyspace, the only keyspace, or the one whose VSchema has {@code table}. */
    String requireKeyspace(Target target, String table) {
        if (target.keyspace() != null) {
            return target.keyspace();
        }
        List<String> all = snapshot.keyspaces();
        if (all.size() == 1) {
            return all.get(0);
        }
        if (table != null) {
            Optional<String> owner = keyspaceOfTable(table);
            if (owner.isPresent()) {
                return owner.get();
            }
        }
        throw new MysqlError(MysqlError.ER_NO_DB_ERROR, "3D000", table == null
                ? "No database selected: run 'use KEYSPACE' (keyspaces: " + String.join(", ", all) + ")"
                : "table " + table + " not found in any keyspace's VSchema: run 'use KEYSPACE' or qualify it as keyspace.table").exception();
    }

    Optional<String> keyspaceOfTable(String table) {
        String found = null;
        for (String ks : snapshot.keyspaces()) {
            VSchema v = snapshot.vschema(ks).orElse(VSchema.EMPTY);
            if (v.tables().containsKey(table)) {
                if (found != null) {
                    return Optional.empty();
                }
                found = ks;
            }
        }
        return Optional.ofNullable(found);
    }

    List<ShardRef> servingShards(String keyspace, TabletType type) {
        List<ShardRef> shards = snapshot.shards(keyspace, type);
        if (shards.isEmpty()) {
            throw MysqlError.unknown("keyspace " + keyspace + " has no serving shards for tablet type " + type.word()).exception();
        }
        return shards;
    }

    ShardTarget firstShard(String keyspace, TabletType type) {
        String serving = servingKeyspace(keyspace, type);
        return new ShardTarget(serving, servingShards(serving, type).get(0).name(), type);
    }

    /** The explicit shard of a {@code use ks/shard} target, else the first serving shard of {@code keyspace}. */
    ShardTarget shardOrFirst(String keyspace, Target target) {
        return target.shard() != null
                ? new ShardTarget(servingKeyspace(keyspace, target.tabletType()), target.shard(), target.tabletType())
                : firstShard(keyspace, target.tabletType());
    }

    /** The session's keyspace, else the first keyspace; for statements any tablet answers. */
    String anyKeyspace(Target target) {
        String ks = target.keyspace() != null ? target.keyspace() : snapshot.keyspaces().isEmpty() ? null : snapshot.keyspaces().get(0);
        if (ks == null) {
            throw MysqlError.unknown("no keyspaces exist yet").exception();
        }
        return ks;
    }
}
