package io.shardops.spec.vschema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A keyspace's VSchema, with Vitess's field names.
 *
 * @param sharded  whether rows are spread over shards by a primary vindex
 * @param vindexes declared vindexes by name
 * @param tables   tables by name, in declaration order
 */
public record VSchema(boolean sharded, Map<String, Vindex> vindexes, Map<String, Table> tables) {
    public static final VSchema EMPTY = new VSchema(false, Map.of(), Map.of());

    public VSchema {
        vindexes = Collections.unmodifiableMap(new LinkedHashMap<>(vindexes));
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    }

    public Optional<Table> table(String name) {
        return Optional.ofNullable(tables.get(name));
    }

    /** A vindex declaration: its type ({@code hash}, {@code binary_md5}, {@code unicode_loose_md5}, {@code binary}) and params. */
    public record Vindex(String type, Map<String, String> params) {
        public Vindex {
            params = Map.copyOf(params);
        }
    }

    /**
     * A VSchema table.
     *
     * @param type           empty string for a normal table, {@code sequence} or {@code reference}
     * @param columnVindexes the first one is the primary vindex
     * @param autoIncrement  the column filled from a sequence, or null
     */
    public record Table(String type, List<ColumnVindex> columnVindexes, AutoIncrement autoIncrement) {
        public static final Table PLAIN = new Table("", List.of(), null);

        public Table {
            columnVindexes = List.copyOf(columnVindexes);
        }

        public Optional<ColumnVindex> primaryVindex() {
            return columnVindexes.isEmpty() ? Optional.empty() : Optional.of(columnVindexes.get(0));
        }

        public boolean isSequence() {
            return "sequence".equals(type);
        }
    }

    /** Binds a column to a declared vindex. */
    public record ColumnVindex(String column, String name) {}

    /** Fills {@code column} from {@code sequence} on insert when the client leaves it out. */
    public record AutoIncrement(String column, String sequence) {}
}
