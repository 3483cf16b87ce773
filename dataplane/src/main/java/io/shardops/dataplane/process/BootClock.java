package io.shardops.dataplane.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A process's start as the Linux kernel keeps it: clock ticks since boot (field 22 of /proc/PID/stat), with the
 * boot's id. The JDK's start instant is boot time plus those ticks, and boot time is worked out from the wall
 * clock, so it moves whenever the clock is stepped (NTP, a laptop waking, a VM resumed): seen here, a node's start
 * read 11 s later half an hour after it began, and `shardops down` took every process for someone else's. Ticks
 * since boot never move; the boot id tells a PID of an earlier boot apart.
 */
public final class BootClock {
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    private BootClock() {
    }

    /** This boot's id, when the OS tells it (Linux). */
    public static Optional<String> bootId() {
        try {
            return Optional.of(Files.readString(BOOT_ID, StandardCharsets.US_ASCII).strip()).filter(s -> !s.isEmpty());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** When {@code pid} started, in clock ticks since boot, if it runs and the OS tells it (Linux). */
    public static OptionalLong startTicks(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return OptionalLong.empty();
        }
        return startTicks(stat);
    }

    /** Field 22 of a /proc/PID/stat line; the command name (field 2) may hold spaces and parentheses. */
    static OptionalLong startTicks(String stat) {
        int afterName = stat.lastIndexOf(')');
        if (afterName < 0) {
            return OptionalLong.empty();
        }
        String[] rest = stat.substring(afterName + 1).trim().split("\\s+");
        // rest[0] is field 3 (state), so field 22 is rest[19]
        if (rest.length < 20) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(rest[19]));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
