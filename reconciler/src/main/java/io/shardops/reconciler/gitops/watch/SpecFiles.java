package io.shardops.reconciler.gitops.watch;

import io.shardops.spec.Problem;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a spec as stored in one commit, before any parsing.
 *
 * @param commit   the commit they were read from
 * @param specPath the repo-relative path the user named (a file or a folder; "" for the root)
 * @param folder   the folder that was read: {@code specPath} itself, or the folder holding it when it is a file,
 *                 so that files a spec refers to ({@code schema: - file: sql/x.sql}) come along
 * @param files    contents by repo-relative path, in tree order
 * @param problems what could not be read (missing path, size bounds, symlinks), each naming its path
 */
public record SpecFiles(CommitInfo commit, String specPath, String folder, Map<String, byte[]> files, List<Problem> problems) {
    public SpecFiles {
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
        problems = List.copyOf(problems);
    }
}
