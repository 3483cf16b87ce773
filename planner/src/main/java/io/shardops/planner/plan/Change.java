package io.shardops.planner.plan;

import java.util.List;

/**
 * An object-level change, for the summary: {@code + shard customer/-80}, {@code ~ vschema commerce}.
 *
 * @param type   {@code keyspace}, {@code shard}, {@code table}, {@code sequence}, {@code vschema}, {@code migration}
 * @param name   the object's name within its type ({@code customer/-80}, {@code commerce.product})
 * @param fields the changed fields only (for create: the interesting ones)
 * @param reason why, when not obvious (e.g. {@code moved to customer}); empty otherwise. For display only.
 */
public record Change(ChangeAction action, String type, String name, List<FieldChange> fields, String reason) {
    public Change {
        fields = List.copyOf(fields);
        reason = reason == null ? "" : reason;
    }

    public String address() {
        return type + " " + name;
    }
}
