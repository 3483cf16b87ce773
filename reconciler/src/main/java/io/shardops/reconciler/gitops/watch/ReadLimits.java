package io.shardops.reconciler.gitops.watch;

/**
 * Bounds on what is read from a commit: a repository is input from whoever can push, so a huge
 * blob or a folder of thousands of files becomes an error on that commit, not an exhausted heap.
 */
public record ReadLimits(long maxFileBytes, long maxTotalBytes, int maxFiles) {
    public static final ReadLimits DEFAULT = new ReadLimits(4L << 20, 16L << 20, 1000);

    public ReadLimits {
        if (maxFileBytes <= 0 || maxTotalBytes <= 0 || maxFiles <= 0) {
            throw new IllegalArgumentException("read limits must be positive: " + maxFileBytes + ", " + maxTotalBytes + ", " + maxFiles);
        }
    }
}
