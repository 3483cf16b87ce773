package io.shardops.dataplane.mysqlctl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a tablet's MariaDB listens and whom its accounts admit. On loopback (the default) the server
 * listens on 127.0.0.1 and the accounts exist for 127.0.0.1 and the socket only. On a host address it
 * also listens there, so replicas, streams and diffs of tablets on other hosts reach it, and the accounts
 * also exist for the hosts' network ({@code 'user'@'10.0.0.0/255.255.255.0'}): a password is still needed
 * from every host, and nothing outside that network may log in at all.
 *
 * @param hostAddress the host's IPv4 address, or 127.0.0.1
 * @param peerNetwork the network other hosts of the cluster connect from, {@code ADDRESS/PREFIX}; null on loopback
 */
public record MysqldNetwork(String hostAddress, String peerNetwork) {
    public static final String LOOPBACK_ADDRESS = "127.0.0.1";
    public static final MysqldNetwork LOOPBACK = new MysqldNetwork(LOOPBACK_ADDRESS, null);
    /** Hosts the tablet's own accounts are always created for: the tablet itself, over TCP and the socket. */
    static final List<String> LOCAL_HOSTS = List.of("127.0.0.1", "localhost");

    public MysqldNetwork {
        ipv4(hostAddress, "host address");
        if (peerNetwork != null) {
            cidr(peerNetwork);
        }
    }

    /**
     * The network of a host: loopback for 127.0.0.1, else the {@code /24} around {@code hostAddress} (a
     * cluster's hosts share one private /24, as the local multi-host setup gives them).
     */
    public static MysqldNetwork forHost(String hostAddress) {
        if (hostAddress == null || hostAddress.startsWith("127.") || hostAddress.equals("0.0.0.0")
                || !hostAddress.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            // loopback, a wildcard or a host name: the server stays on loopback, as before there were hosts
            return LOOPBACK;
        }
        byte[] a = ipv4(hostAddress, "host address");
        return new MysqldNetwork(hostAddress, (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + ".0/24");
    }

    public boolean loopbackOnly() {
        return peerNetwork == null;
    }

    /** MariaDB's {@code --bind-address}: loopback always, the host address besides when there is one. */
    public String bindAddresses() {
        return loopbackOnly() ? LOOPBACK_ADDRESS : LOOPBACK_ADDRESS + "," + hostAddress;
    }

    /** The host parts of the cluster's accounts: loopback and socket, and the peer network as MariaDB writes it. */
    public List<String> accountHosts() {
        List<String> hosts = new ArrayList<>(LOCAL_HOSTS);
        if (!loopbackOnly()) {
            hosts.add(mariaDbNetmask(peerNetwork));
        }
        return List.copyOf(hosts);
    }

    /** {@code 10.1.2.0/24} as MariaDB's account host {@code 10.1.2.0/255.255.255.0}. */
    static String mariaDbNetmask(String cidr) {
        int slash = cidr.indexOf('/');
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        byte[] base = ipv4(cidr.substring(0, slash), "network");
        StringBuilder net = new StringBuilder();
        StringBuilder m = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            int maskByte = (int) (mask >> (24 - 8 * i)) & 0xff;
            net.append(i == 0 ? "" : ".").append(base[i] & maskByte);
            m.append(i == 0 ? "" : ".").append(maskByte);
        }
        return net + "/" + m;
    }

    private static void cidr(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("peer network must look like 10.0.0.0/24, got '" + cidr + "'");
        }
        ipv4(cidr.substring(0, slash), "peer network");
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("peer network must look like 10.0.0.0/24, got '" + cidr + "'");
        }
        if (prefix < 8 || prefix > 32) {
            throw new IllegalArgumentException("peer network prefix must be 8..32, got '" + cidr + "'");
        }
    }

    private static byte[] ipv4(String address, String what) {
        if (address == null || !address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException(what + " must be an IPv4 address like 10.0.0.11, got '" + address + "'");
        }
        try {
            InetAddress a = InetAddress.getByName(address);
            if (!(a instanceof Inet4Address)) {
                throw new IllegalArgumentException(what + " must be an IPv4 address, got '" + address + "'");
            }
            return a.getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(what + " must be an IPv4 address like 10.0.0.11, got '" + address + "'");
        }
    }
}
