package io.shardops.reconciler.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.shardops.dataplane.backup.BackupCatalog;
import io.shardops.dataplane.backup.BackupManifest;
import io.shardops.reconciler.backup.BackupSettings;
import io.shardops.reconciler.backup.ShardBackups;
import io.shardops.reconciler.host.local.StateDir;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shardops backups [KS]}: the complete backups in the location, oldest first. */
@Command(name = "backups", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "List the backups in the backup location (those with a manifest), per shard, oldest first.",
            "Exit status: 0; 1 when the location cannot be read."
        })
public final class BackupsCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "KS", description = "Only this keyspace's backups.")
    String keyspace;

    @Mixin
    StateDirOption stateDir = new StateDirOption();

    @Mixin
    LocalBackupAccess access = new LocalBackupAccess();

    @Mixin
    FormatOption format = new FormatOption();

    @Spec
    CommandSpec spec;

    /** One backup as {@code --format json} shows it. */
    public record Row(String keyspace, String shard, String name, String keyRange, String tablet, String gtidPosition,
                      String startTime, String endTime, long sizeBytes, long rawBytes, String sha256, String tool,
                      String compression) {
        static Row of(BackupManifest m) {
            return new Row(m.keyspace(), m.shard(), m.name(), m.keyRange(), m.tabletAlias(), m.gtidPosition(),
                    m.startTime().toString(), m.endTime().toString(), m.sizeBytes(), m.rawBytes(), m.sha256(), m.tool(), m.compression());
        }
    }

    public record Listing(String location, List<Row> backups, List<String> problems) {}

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        StateDir dir = stateDir.resolve();
        BackupSettings settings = access.settings(dir, keyspace);
        BackupCatalog catalog = ShardBackups.catalog(settings);
        BackupCatalog.Listing l;
        try {
            l = keyspace == null ? catalog.all() : catalog.keyspace(keyspace);
        } catch (IOException | IllegalArgumentException e) {
            throw new UserException("cannot list backups in " + settings.location() + ": " + e.getMessage());
        }
        Listing listing = new Listing(settings.location(), l.backups().stream().map(Row::of).toList(), l.problems());
        if (format.json()) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(listing));
        } else {
            out.println("Backups in " + listing.location() + ":");
            if (listing.backups().isEmpty()) {
                out.println("  (none: take one with shardops backup KS)");
            }
            for (Row r : listing.backups()) {
                out.printf("  %-12s %-6s %-36s %-20s %10s  GTID %s%n", r.keyspace(), r.shard(), r.name(), r.endTime(),
                        human(r.sizeBytes()), r.gtidPosition().isEmpty() ? "(none)" : r.gtidPosition());
            }
            for (String p : listing.problems()) {
                out.println("  WARNING: " + p);
            }
        }
        out.flush();
        return 0;
    }

    private static String human(long bytes) {
        return bytes < 1024 * 1024 ? String.format("%.1f KiB", bytes / 1024.0) : String.format("%.1f MiB", bytes / (1024.0 * 1024));
    }
}
