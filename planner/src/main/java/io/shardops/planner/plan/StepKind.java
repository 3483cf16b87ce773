package io.shardops.planner.plan;

import java.util.Optional;

/** The kinds of step, with the names plans, JSON and the executor use. */
public enum StepKind {
    CREATE_KEYSPACE("create-keyspace"),
    DELETE_KEYSPACE("delete-keyspace"),
    CREATE_SHARD("create-shard"),
    DELETE_SHARD("delete-shard"),
    START_TABLETS("start-tablets"),
    STOP_TABLETS("stop-tablets"),
    INIT_PRIMARY("init-primary"),
    SET_DURABILITY("set-durability"),
    REBUILD_TABLET("rebuild-tablet"),
    APPLY_SCHEMA("apply-schema"),
    COPY_SCHEMA("copy-schema"),
    APPLY_VSCHEMA("apply-vschema"),
    CREATE_SEQUENCE("create-sequence"),
    START_COPY("start-copy"),
    VERIFY_DIFF("verify-diff"),
    SWITCH_TRAFFIC("switch-traffic"),
    REVERSE_TRAFFIC("reverse-traffic"),
    REMOVE_TABLET_CONTROLS("remove-tablet-controls"),
    DROP_TABLES("drop-tables"),
    COMPLETE_MIGRATION("complete-migration"),
    // schema changes (docs/schema-changes.md)
    SCHEMA_CHANGE("schema-change"),
    SCHEMA_CUTOVER("schema-cutover"),
    SCHEMA_REVERT("schema-revert"),
    DROP_OLD_TABLE("drop-old-table"),
    // backups (docs/backups.md)
    SET_BACKUP_POLICY("set-backup-policy");

    private final String word;

    StepKind(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public static Optional<StepKind> fromWord(String word) {
        for (StepKind k : values()) {
            if (k.word.equals(word)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
