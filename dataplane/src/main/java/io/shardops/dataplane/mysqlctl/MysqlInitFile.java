package io.shardops.dataplane.mysqlctl;

import io.shardops.spec.sql.Sql;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements a tablet's MariaDB runs from {@code --init-file} at every start, before it accepts a
 * connection: they make the accounts what the cluster's credentials say, whatever the datadir held
 * (a fresh copy of the template, a datadir of an older shardops, or credentials rotated since).
 *
 * <p>Not binlogged ({@code sql_log_bin = 0}): as GTIDs of one server they would be transactions a
 * replica has and its primary lacks, which {@code gtid_strict_mode} refuses. MariaDB reads an init file
 * one statement per line.
 */
public final class MysqlInitFile {
    /** Hosts the tablet's own accounts are created for: the tablet itself, over TCP and the socket. */
    static final List<String> LOCAL_HOSTS = MysqldNetwork.LOCAL_HOSTS;

    private MysqlInitFile() {}

    /** Hardening only: no account but root over the Unix socket (the template datadir). */
    static List<String> hardening() {
        List<String> s = new ArrayList<>();
        s.add("SET SESSION sql_log_bin = 0");
        // anonymous accounts, root from elsewhere than the socket, and host names of the machine that built it
        // mariadb-install-db also makes an account for the OS user it ran as; only root, mariadb.sys (locked,
        // the definer of system views) and the shardops accounts are kept
        s.add("DELETE FROM mysql.global_priv WHERE User NOT IN ('root', 'mariadb.sys', " + Sql.literal(MysqlAccounts.ADMIN_USER)
                + ", " + Sql.literal(MysqlAccounts.APP_USER) + ") OR (User = 'root' AND Host <> 'localhost')"
                + " OR Host NOT IN ('localhost', '127.0.0.1', '::1', '%')");
        s.add("DELETE FROM mysql.proxies_priv WHERE User = '' OR Host NOT IN ('localhost', '127.0.0.1', '::1')"
                + " OR Proxied_host NOT IN ('localhost', '127.0.0.1', '::1', '')");
        s.add("DELETE FROM mysql.db WHERE User = ''");
        s.add("FLUSH PRIVILEGES");
        // root only through the socket, as the OS user root; no password anyone could know or guess
        s.add("ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket");
        return s;
    }

    /**
     * Hardening, then the {@link MysqlAccounts} on {@code hosts}: the admin with every privilege, the app
     * account with data and schema privileges on {@code appDatabase} only (none when null).
     */
    static List<String> statements(MysqlAccounts accounts, String appDatabase, List<String> hosts) {
        List<String> s = hardening();
        s.addAll(accounts(accounts, appDatabase, hosts));
        return s;
    }

    /** The {@link MysqlAccounts} on {@code hosts}, made what {@code accounts} says (created, password set, grants). */
    static List<String> accounts(MysqlAccounts accounts, String appDatabase, List<String> hosts) {
        List<String> s = new ArrayList<>();
        for (String host : hosts) {
            String admin = account(MysqlAccounts.ADMIN_USER, host);
            s.add("CREATE USER IF NOT EXISTS " + admin + " IDENTIFIED BY " + Sql.literal(accounts.adminPassword()));
            s.add("ALTER USER " + admin + " IDENTIFIED BY " + Sql.literal(accounts.adminPassword()));
            s.add("GRANT ALL PRIVILEGES ON *.* TO " + admin + " WITH GRANT OPTION");
            String app = account(MysqlAccounts.APP_USER, host);
            s.add("CREATE USER IF NOT EXISTS " + app + " IDENTIFIED BY " + Sql.literal(accounts.appPassword()));
            s.add("ALTER USER " + app + " IDENTIFIED BY " + Sql.literal(accounts.appPassword()));
            // older datadirs granted the app account on *.*: start from nothing
            s.add("REVOKE ALL PRIVILEGES, GRANT OPTION FROM " + app);
            if (appDatabase != null) {
                s.add("GRANT " + MysqlAccounts.APP_PRIVILEGES + " ON " + Sql.identifier(appDatabase) + ".* TO " + app);
            }
        }
        s.add("FLUSH PRIVILEGES");
        return s;
    }

    /** {@code 'user'@'host'}. */
    public static String account(String user, String host) {
        return Sql.literal(user) + "@" + Sql.literal(host);
    }

    /** The file's text: one statement per line, as MariaDB reads it. */
    static String text(List<String> statements) {
        StringBuilder b = new StringBuilder();
        for (String st : statements) {
            if (st.indexOf('\n') >= 0 || st.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("an init file statement must be one line");
            }
            b.append(st).append(";\n");
        }
        return b.toString();
    }
}
