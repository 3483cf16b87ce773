package io.shardops.dataplane.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shardops.dataplane.mysql.MysqlException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadDataTest {
    static List<byte[][]> rows(String statement, String file) {
        return LoadDataRows.split(file.getBytes(StandardCharsets.UTF_8), LoadDataStatement.parse(statement));
    }

    static String field(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void defaultsAreTabsNewlinesAndBackslashEscapes() {
        List<byte[][]> r = rows("load data local infile 'f' into table t", "1\ta\\tb\n2\t\\N\n3\tc\\\\d\n");
        assertEquals(3, r.size());
        assertEquals("a\tb", field(r.get(0)[1]));
        assertNull(r.get(1)[1], "\\N is NULL");
        assertEquals("c\\d", field(r.get(2)[1]));
    }

    @Test
    void csvWithOptionallyEnclosedFieldsHoldingTerminatorsAndDoubledQuotes() {
        List<byte[][]> r = rows("LOAD DATA LOCAL INFILE 'c.csv' INTO TABLE customer FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"'"
                + " LINES TERMINATED BY '\\r\\n' IGNORE 1 LINES (customer_id, email)",
                "id,email\r\n1,\"a,b\"\r\n2,\"say \"\"hi\"\"\"\r\n3,plain\r\n");
        assertEquals(3, r.size());
        assertEquals("a,b", field(r.get(0)[1]));
        assertEquals("say \"hi\"", field(r.get(1)[1]));
        assertEquals("plain", field(r.get(2)[1]));
        assertEquals("3", field(r.get(2)[0]));
    }

    @Test
    void bytesThatAreNotUtf8StayAsTheyAre() {
        byte[] file = {'1', '\t', (byte) 0xff, (byte) 0x80, '\n'};
        List<byte[][]> r = LoadDataRows.split(file, LoadDataStatement.parse("load data local infile 'f' into table t"));
        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0x80}, r.get(0)[1]);
    }

    @Test
    void whatTheGatewayCannotDoIsRefusedWith1235() {
        for (String sql : List.of("load data infile '/etc/passwd' into table t", "load xml local infile 'f' into table t",
                "load data local infile 'f' into table t (a, @b) set c = @b", "load data local infile 'f' into table t set c = 1")) {
            MysqlException e = assertThrows(MysqlException.class, () -> LoadDataStatement.parse(sql), sql);
            assertEquals(1235, e.error().code(), sql);
        }
    }
}
