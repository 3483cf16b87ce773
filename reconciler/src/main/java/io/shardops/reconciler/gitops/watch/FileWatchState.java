package io.shardops.reconciler.gitops.watch;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.format.DateTimeParseException;

/**
 * A {@link WatchState} in one JSON file (and the history in {@code history.json} beside it), each
 * replaced atomically so a crash leaves the old or the new record.
 */
public final class FileWatchState implements WatchState {
    private final Path file;
    private final Path historyFile;

    public FileWatchState(Path file) {
        this.file = file;
        this.historyFile = file.resolveSibling("history.json");
    }

    @Override
    public WatchRecord load() {
        if (!Files.exists(file)) {
            return WatchRecord.NONE;
        }
        try {
            return WatchRecord.fromJson(new JsonObject(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (DecodeException | DateTimeParseException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException(file + ": the watcher's state is unreadable (" + e.getMessage()
                    + "); move it aside to start over, which re-plans the branch head");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the watcher's state", e);
        }
    }

    @Override
    public void save(WatchRecord record) {
        write(file, record.toJson());
    }

    @Override
    public WatchHistory history() {
        if (!Files.exists(historyFile)) {
            return WatchHistory.EMPTY;
        }
        try {
            return WatchHistory.fromJson(new JsonObject(Files.readString(historyFile, StandardCharsets.UTF_8)));
        } catch (DecodeException | DateTimeParseException | ClassCastException e) {
            return WatchHistory.EMPTY; // display only: an unreadable history starts again
        } catch (IOException e) {
            throw new UncheckedIOException(historyFile + ": cannot read the watcher's history", e);
        }
    }

    @Override
    public void saveHistory(WatchHistory history) {
        write(historyFile, history.toJson());
    }

    private static void write(Path file, JsonObject json) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(tmp, json.encodePrettily() + "\n", StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot save the watcher's state", e);
        }
    }
}
