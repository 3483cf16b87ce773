package io.shardops.reconciler.topo;

import io.shardops.dataplane.credentials.ClusterCredentials;

/**
 * An etcd user and password. Never on a command line: read from the cluster's credentials file
 * (the local state dir's, or {@code --credentials FILE} / {@code $SHARDOPS_CREDENTIALS}).
 */
public record EtcdCredentials(String user, String password) {
    public EtcdCredentials {
        if (user == null || user.isBlank() || password == null || password.isEmpty()) {
            throw new IllegalArgumentException("etcd credentials need a user and a password");
        }
    }

    /** The cluster's etcd user ({@value ClusterCredentials#ETCD_USER}) and its password. */
    public static EtcdCredentials of(ClusterCredentials c) {
        return new EtcdCredentials(ClusterCredentials.ETCD_USER, c.etcdPassword());
    }

    @Override
    public String toString() {
        return "EtcdCredentials[" + user + ", password hidden]";
    }
}
