package io.shardops.dataplane.tablet.shadow;

/**
 * Two tables compared over the columns they share, read in one consistent snapshot.
 *
 * @param rows        rows of the first table
 * @param otherRows   rows of the second
 * @param checksum    sum of a CRC32 per row of the first (NULL and '' told apart, text as utf8mb4)
 * @param otherChecksum the same for the second
 */
public record TableChecksum(long rows, long otherRows, long checksum, long otherChecksum) {
    public boolean same() {
        return rows == otherRows && checksum == otherChecksum;
    }

    public String describe(String table, String other) {
        return same() ? table + " and " + other + " hold the same " + rows + " row(s)"
                : table + " has " + rows + " row(s) (checksum " + checksum + "), " + other + " " + otherRows + " (checksum " + otherChecksum + ")";
    }
}
