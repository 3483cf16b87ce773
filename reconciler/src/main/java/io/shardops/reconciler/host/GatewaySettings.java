package io.shardops.reconciler.host;

import io.shardops.dataplane.mysql.Authenticator;
import io.shardops.dataplane.mysql.ConnectionLimits;
import io.shardops.dataplane.mysql.ServerTls;
import io.shardops.dataplane.tls.SelfSignedTls;
import io.shardops.spec.GatewayLimits;
import io.shardops.spec.GatewayTls;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A cell's gateway settings from the spec turned into the data plane's: the same for a gateway in the local
 * node and for one in its own pod ({@code shardops gateway}).
 */
public final class GatewaySettings {
    private GatewaySettings() {}

    /** The spec's {@code auth} of a gateway: {@code none} (or null), or {@code static} with its users file. */
    public static Authenticator authenticator(String auth, String usersFile) throws IOException {
        return switch (auth == null ? "none" : auth) {
            case "none" -> Authenticator.none();
            case "static" -> {
                if (usersFile == null) {
                    throw new IllegalArgumentException("gateway auth static needs a users file");
                }
                yield Authenticator.Static.fromFile(Path.of(usersFile));
            }
            default -> throw new IllegalArgumentException("gateway auth must be none or static, got '" + auth + "'");
        };
    }

    /** The spec's {@code gateway.limits}: each 0 keeps the connection layer's default. */
    public static ConnectionLimits limits(GatewayLimits spec) {
        ConnectionLimits l = ConnectionLimits.DEFAULT;
        if (spec == null) {
            return l;
        }
        if (spec.maxConnections() > 0) {
            l = l.withMaxConnections(spec.maxConnections());
        }
        if (spec.loginTimeoutSeconds() > 0) {
            l = l.withLoginTimeout(Duration.ofSeconds(spec.loginTimeoutSeconds()));
        }
        if (spec.idleTimeoutSeconds() > 0) {
            l = l.withIdleTimeout(Duration.ofSeconds(spec.idleTimeoutSeconds()));
        }
        if (spec.packetMemoryMiB() > 0) {
            l = l.withInFlightPacketBytes(spec.packetMemoryMiB() * 1024L * 1024L);
        }
        return l;
    }

    /**
     * The spec's {@code gateway.tls}, or null for none: its certificate and key, or a self-signed
     * certificate in {@code selfSignedDir}, generated on first use and kept (its CA in {@code ca.pem}).
     */
    public static ServerTls tls(GatewayTls spec, Path selfSignedDir) throws IOException {
        if (spec == null) {
            return null;
        }
        if (spec.selfSigned()) {
            SelfSignedTls.TlsFiles files = SelfSignedTls.ensure(selfSignedDir, List.of());
            return new ServerTls(files.cert(), files.key(), spec.required());
        }
        if (spec.certFile() == null || spec.keyFile() == null) {
            throw new IllegalArgumentException("gateway tls needs certFile and keyFile, or selfSigned: true");
        }
        return new ServerTls(Path.of(spec.certFile()), Path.of(spec.keyFile()), spec.required());
    }
}
