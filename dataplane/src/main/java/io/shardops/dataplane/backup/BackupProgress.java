package io.shardops.dataplane.backup;

/**
 * How far the backup running on a tablet is, for progress lines.
 *
 * @param running     whether a backup runs now
 * @param backup      its name (the last one's when none runs)
 * @param rawBytes    bytes the tool has streamed so far
 * @param storedBytes compressed bytes written to the location so far
 */
public record BackupProgress(boolean running, String backup, long rawBytes, long storedBytes) {
    public static final BackupProgress IDLE = new BackupProgress(false, "", 0, 0);
}
