package io.shardops.dataplane.tablet;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The two shapes of statement the tablet manager runs on its own MariaDB: one value read, or one statement run. */
final class AdminSql {
    private AdminSql() {}

    static String query1(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return nullToEmpty(rs.getString(1));
        }
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
