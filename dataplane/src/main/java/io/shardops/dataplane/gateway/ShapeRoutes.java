package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.SqlLexer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one-shard routes of text statements, kept by shape: {@code insert into t(id, c) values (7, 'x')} and
 * {@code ... values (8, 'y')} share the shape {@code ... values (?, ?)}, whose route is decided once per
 * routing snapshot and session target exactly as a prepared statement's is ({@link Router#preparedShard}),
 * and each statement then only hashes its vindex value. Parsing with JSqlParser costs far more than the
 * rest of a sharded write; a statement whose shape has no one-shard route is parsed as before.
 */
final class ShapeRoutes {
    /** Bounds the memory a client sending ever new shapes can take; past it the shapes are decided afresh. */
    static final int MAX_SHAPES = 4096;

    private record Key(Target target, String normalized) {}

    private record Known(RoutingSnapshot routing, Map<Key, Optional<PreparedShard>> shards) {}

    private volatile Known known = new Known(null, new ConcurrentHashMap<>());

    /** The statement's route if its shape runs on one shard as it is; empty when the statement must be parsed and routed. */
    Optional<Route> route(Router router, String sql, Target target) {
        SqlLexer.Shape shape = SqlLexer.shape(sql);
        if (shape == null) {
            return Optional.empty();
        }
        Known k = known;
        if (k.routing() != router.snapshot()) {
            k = new Known(router.snapshot(), new ConcurrentHashMap<>());
            known = k;
        }
        Key key = new Key(target, shape.normalized());
        Optional<PreparedShard> shard = k.shards().get(key);
        if (shard == null) {
            shard = router.preparedShard(shape.normalized(), target);
            if (k.shards().size() >= MAX_SHAPES) {
                k.shards().clear();
            }
            k.shards().put(key, shard);
        }
        return shard.flatMap(s -> s.shardOf(shape.literals())).map(one -> new Route.Forward(new ShardQuery(one, sql)));
    }

    /** Shapes known for the current snapshot (tests). */
    int size() {
        return known.shards().size();
    }
}
