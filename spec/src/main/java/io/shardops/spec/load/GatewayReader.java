package io.shardops.spec.load;

import static io.shardops.spec.load.ValidNodes.bool;
import static io.shardops.spec.load.ValidNodes.integer;
import static io.shardops.spec.load.ValidNodes.loc;
import static io.shardops.spec.load.ValidNodes.optMap;
import static io.shardops.spec.load.ValidNodes.str;

import io.shardops.spec.Auth;
import io.shardops.spec.Gateway;
import io.shardops.spec.GatewayLimits;
import io.shardops.spec.GatewayTls;
import io.shardops.spec.Problem;
import io.shardops.spec.SourceLocation;
import io.shardops.spec.files.SpecRoot;
import io.shardops.spec.yaml.YamlNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A cell's {@code gateway}: replicas and port, auth with its users file read and checked, TLS files located
 * inside the spec's root, connection limits. Problems go to the list the model builder reports.
 */
final class GatewayReader {
    private final List<Problem> problems;

    GatewayReader(List<Problem> problems) {
        this.problems = problems;
    }

    Gateway read(Optional<YamlNode.Mapping> node, SpecDocument doc) {
        if (node.isEmpty()) {
            return Gateway.DEFAULT;
        }
        YamlNode.Mapping g = node.get();
        Auth auth = Auth.NONE;
        Optional<YamlNode.Mapping> a = optMap(g, "auth");
        if (a.isPresent()) {
            String usersFile = str(a.get(), "usersFile", null);
            String usersJson = null;
            if (usersFile != null) {
                SourceLocation at = loc(a.get(), "usersFile");
                SpecRoot.Content users = doc.specRoot().readNamed(doc.path(), usersFile, at, "usersFile",
                        ModelBuilder.displayOf(doc.displayName(), usersFile), UsersFile.MAX_BYTES);
                if (users.ok()) {
                    List<Problem> found = UsersFile.check(users.text(), at);
                    problems.addAll(found);
                    usersJson = found.isEmpty() ? users.text() : null;
                } else if (!users.problem().code().equals("path.missing")) {
                    problems.add(users.problem());
                } // missing is allowed: on Kubernetes the users come from a Secret; a local `up` says so when it needs the file
            }
            auth = new Auth(str(a.get(), "type", "none"), usersFile, usersJson);
        }
        GatewayTls tls = optMap(g, "tls").map(t -> new GatewayTls(str(t, "certFile", null), str(t, "keyFile", null),
                bool(t, "selfSigned", false), bool(t, "required", false),
                tlsFile(doc, t, "certFile"), tlsFile(doc, t, "keyFile"))).orElse(null);
        GatewayLimits limits = optMap(g, "limits").map(l -> new GatewayLimits((int) integer(l, "maxConnections", 0),
                (int) integer(l, "loginTimeoutSeconds", 0), (int) integer(l, "idleTimeoutSeconds", 0),
                (int) integer(l, "packetMemoryMiB", 0))).orElse(GatewayLimits.DEFAULT);
        return new Gateway((int) integer(g, "replicas", 1), (int) integer(g, "mysqlPort", Gateway.DEFAULT_MYSQL_PORT), auth,
                str(g, "serviceType", null), tls, limits);
    }

    /**
     * A TLS file the gateway opens later: located inside the spec's root now, never read here. Missing
     * is allowed (on Kubernetes it comes from a Secret); a local gateway says so when it needs it.
     */
    private Path tlsFile(SpecDocument doc, YamlNode.Mapping tls, String field) {
        String written = str(tls, field, null);
        if (written == null) {
            return null;
        }
        SpecRoot.Located found = doc.specRoot().locateNamed(doc.path(), written, loc(tls, field), "tls." + field);
        if (found.ok()) {
            return found.path();
        }
        if (!found.problem().code().equals("path.missing")) {
            problems.add(found.problem());
        }
        return null;
    }
}
