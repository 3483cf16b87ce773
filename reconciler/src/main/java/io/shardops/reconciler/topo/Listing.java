package io.shardops.reconciler.topo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Entries read at one store revision, in key order. */
public record Listing(long revision, List<Versioned> entries) {
    public Listing {
        entries = List.copyOf(entries);
    }

    public Optional<Versioned> entry(String key) {
        return entries.stream().filter(e -> e.key().equals(key)).findFirst();
    }

    /** Mod revision by key. */
    public Map<String, Long> modRevisions() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Versioned e : entries) {
            out.put(e.key(), e.modRevision());
        }
        return out;
    }
}
