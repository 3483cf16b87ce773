package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.ColumnDefinition;
import io.shardops.dataplane.mysql.ColumnType;
import io.shardops.dataplane.mysql.StatementText;
import io.shardops.spec.sql.Sql;
import java.nio.charset.StandardCharsets;

/** A value read back after a SET ({@code SELECT @@session.x, @y}), written as the SQL literal that sets it again. */
final class SettingLiterals {
    private SettingLiterals() {}

    static String of(ColumnDefinition column, byte[] value) {
        if (value == null) {
            return "NULL";
        }
        switch (column.type()) {
            case ColumnType.MYSQL_TYPE_TINY, ColumnType.MYSQL_TYPE_SHORT, ColumnType.MYSQL_TYPE_LONG, ColumnType.MYSQL_TYPE_INT24,
                 ColumnType.MYSQL_TYPE_LONGLONG, ColumnType.MYSQL_TYPE_FLOAT, ColumnType.MYSQL_TYPE_DOUBLE,
                 ColumnType.MYSQL_TYPE_DECIMAL, ColumnType.MYSQL_TYPE_NEWDECIMAL, ColumnType.MYSQL_TYPE_YEAR -> {
                String number = new String(value, StandardCharsets.US_ASCII);
                if (number.matches("-?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?")) {
                    return number;
                }
                return Sql.literal(number);
            }
            default -> {
                if (column.characterSet() == ColumnDefinition.BINARY_COLLATION && value.length > 0) {
                    return Sql.hex(value);  // a binary string stays one, byte for byte
                }
                return StatementText.ofUnicode(Sql.literal(value));
            }
        }
    }
}
