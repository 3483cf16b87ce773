package io.shardops.reconciler.gitops.watch;

import java.time.Instant;

/** What a person recognises a commit by. */
public record CommitInfo(String id, String subject, String author, Instant time) {
    public String shortId() {
        return id.substring(0, Math.min(12, id.length()));
    }

    @Override
    public String toString() {
        return shortId() + " " + subject;
    }
}
