package io.shardops.dataplane.tablet;

/**
 * Asked before a tablet that was its shard's primary takes writes again after its MariaDB restarted (or its
 * process did): a failover may have made another tablet primary in the meantime. The host answers from the
 * topology; a host that cannot read it answers false, so a primary cut off from the topology stays read-only.
 */
@FunctionalInterface
public interface PrimaryGate {
    boolean mayTakeWrites(TabletIdentity identity);

    /** No topology to ask (a tablet on its own, tests). */
    PrimaryGate ALWAYS = identity -> true;
}
