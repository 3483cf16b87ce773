package io.shardops.planner.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ColumnTypesTest {
    @ParameterizedTest(name = "{0} -> {1}: narrowing {2}")
    @CsvSource(delimiter = ';', value = {
        "int; bigint; false",
        "bigint; int; true",
        "int unsigned; int; true",
        "int; int unsigned; true",
        "int unsigned; bigint; false",
        "int(11); int; false",
        "varchar(128); varchar(64); true",
        "varchar(64); varchar(128); false",
        "varchar(255); text; false",
        "text; varchar(255); true",
        "char(10); varchar(10); false",
        "varbinary(16); varbinary(8); true",
        "varbinary(16); varchar(16); true",
        "blob; mediumblob; false",
        "decimal(10,2); decimal(12,2); false",
        "decimal(10,2); decimal(10,1); true",
        "decimal(10,2); decimal(9,2); true",
        "double; float; true",
        "float; double; false",
        "datetime(6); datetime(3); true",
        "datetime; datetime(3); false",
        "date; datetime; false",
        "datetime; date; true",
        "enum('a','b'); enum('a','b','c'); false",
        "enum('a','b'); enum('a'); true",
        "bigint; varchar(20); true",
    })
    void narrowing(String from, String to, boolean narrowing) {
        assertEquals(narrowing, ColumnTypes.narrowing(from, to).isPresent(), () -> from + " -> " + to + ": " + ColumnTypes.narrowing(from, to));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"int; bigint unsigned; integer", "varchar(3); text; text", "varbinary(8); blob; bytes", "datetime(3); date; time"})
    void familyGroupsTypesThatKeepTheirValues(String a, String b, String family) {
        assertEquals(family, ColumnTypes.family(a));
        assertEquals(family, ColumnTypes.family(b));
    }
}
