package io.shardops.dataplane.tablet;

import io.shardops.spec.ddl.DdlTables;
import io.shardops.spec.sql.Sql;
import static io.shardops.dataplane.tablet.AdminSql.exec;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** What the tablet manager asks of the tablet's database: its tables, their definitions, whether a CREATE TABLE matches one. */
final class TabletDatabase {
    private static final Pattern AUTO_INCREMENT_OPTION = Pattern.compile(" AUTO_INCREMENT=\\d+");
    private static final String SCRATCH_DB = "_shardops_scratch";

    private static final int ER_BAD_TABLE = 1051;

    private final TabletIdentity identity;

    TabletDatabase(TabletIdentity identity) {
        this.identity = identity;
    }

    void useDatabase(Connection c) throws SQLException {
        exec(c, "CREATE DATABASE IF NOT EXISTS " + Sql.identifier(identity.database()));
        c.setCatalog(identity.database());
    }

    /**
     * Runs DDL statements in order. A CREATE TABLE for a table that exists with the same definition is skipped
     * (a different one is an error); dropping a table that is gone already is done.
     */
    void applySchema(Connection c, List<String> statements) throws SQLException {
        useDatabase(c);
        for (String raw : statements) {
            String sql = stripTerminator(raw);
            if (sql.isEmpty()) {
                continue;
            }
            Optional<DdlTables.Target> target = DdlTables.of(sql);
            if (target.isPresent() && target.get().verb() == DdlTables.Verb.CREATE && tableExists(c, target.get().table())) {
                requireSameDefinition(c, target.get().table(), sql);
                continue;
            }
            try {
                exec(c, sql);
            } catch (SQLException e) {
                if (!(e.getErrorCode() == ER_BAD_TABLE && target.isPresent() && target.get().verb() == DdlTables.Verb.DROP)) {
                    throw new TabletManagerException("apply schema on " + identity.describe() + ": " + e.getMessage()
                            + " (error " + e.getErrorCode() + ") in: " + sql, e);
                }
                // dropping a table that is gone already: done by an earlier, interrupted run
            }
        }
    }

    private static String stripTerminator(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }

    void requireSameDefinition(Connection c, String table, String createSql) throws SQLException {
        String existing = showCreateTable(c, identity.database(), table);
        exec(c, "SET SESSION sql_log_bin = 0");
        try {
            exec(c, "CREATE DATABASE IF NOT EXISTS " + Sql.identifier(SCRATCH_DB));
            exec(c, "DROP TABLE IF EXISTS " + Sql.qualified(SCRATCH_DB, table));
            c.setCatalog(SCRATCH_DB);
            exec(c, createSql.replaceFirst("(?i)\\s+if\\s+not\\s+exists\\s+", " "));
            String proposed = showCreateTable(c, SCRATCH_DB, table);
            exec(c, "DROP TABLE " + Sql.qualified(SCRATCH_DB, table));
            if (!proposed.equals(existing)) {
                throw new TabletManagerException("apply schema on " + identity.describe() + ": table " + table
                        + " exists with a different definition:\n" + existing + "\nwanted:\n" + proposed
                        + "\nchange it with ALTER TABLE statements instead of CREATE TABLE");
            }
        } finally {
            c.setCatalog(identity.database());
            exec(c, "SET SESSION sql_log_bin = 1");
        }
    }

    List<String> tableNames(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name")) {
            ps.setString(1, identity.database());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            ps.setString(1, identity.database());
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    boolean databaseExists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
            ps.setString(1, identity.database());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static String showCreateTable(Connection c, String database, String table) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + Sql.qualified(database, table))) {
            rs.next();
            return AUTO_INCREMENT_OPTION.matcher(rs.getString(2)).replaceAll("");
        }
    }
}
