package io.shardops.dataplane.tablet.copy;

import java.util.List;

/**
 * What a {@link BinlogCatchUp} needs: which stream, where its binlog comes from, where its rows go.
 *
 * @param sourceConnections JDBC connections to the source, to read the tables' layouts
 * @param target            JDBC connections to the target primary
 * @param targetDatabase    the database on the target the rows go into
 * @param tables            the stream's tables, each with the rows it carries
 * @param clientServerId    the server id the binlog reader announces to the source; unique among the source's replicas
 */
public record CatchUpConfig(String workflow, BinlogSource source, ConnectionFactory sourceConnections, ConnectionFactory target,
                            String targetDatabase, List<SnapshotCopy.Table> tables, long clientServerId) {
    public CatchUpConfig {
        tables = List.copyOf(tables);
    }
}
