package io.shardops.spec.backup;

/** The tablet type a backup is taken on; the serving primary only when the shard runs nothing else. */
public enum BackupFrom {
    RDONLY("rdonly"),
    REPLICA("replica");

    private final String word;

    BackupFrom(String word) {
        this.word = word;
    }

    /** The word specs use. */
    public String word() {
        return word;
    }
}
