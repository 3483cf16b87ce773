package io.shardops.dataplane.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {
    @TempDir
    Path tmp;

    private ChildProcess sleeper(String name) throws IOException {
        // detached: stands for a child an earlier shardops invocation left running
        return ChildProcess.start(
                ProcessSpec.of(name, tmp.resolve(name + ".log"), List.of("sleep", "30")).detached());
    }

    @Test
    void roundTripsThroughAFile() throws Exception {
        ChildProcess c = sleeper("etcd");
        try {
            Path f = tmp.resolve("etcd.pid");
            c.pidFile().write(f);
            PidFile back = PidFile.read(f);
            assertEquals("etcd", back.name());
            assertEquals(c.pid(), back.pid());
            assertEquals(c.startInstant(), back.startInstant());
            assertTrue(back.liveProcess().isPresent());
        } finally {
            c.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void aLaterInvocationStopsWhatAnEarlierOneStarted() throws Exception {
        PidDirectory pids = new PidDirectory(tmp.resolve("pids"));
        ChildProcess a = sleeper("mysqld-zone1-100");
        ChildProcess b = sleeper("etcd");
        pids.record(a);
        pids.record(b);
        assertFalse(ProcessRegistry.global().tracked().contains(a), "detached children are not stopped on exit");

        List<PidDirectory.Stopped> stopped = new PidDirectory(tmp.resolve("pids")).stopAll(Duration.ofSeconds(2));

        assertEquals(2, stopped.size());
        assertTrue(stopped.stream().allMatch(s -> s.result() == PidFile.StopResult.STOPPED), stopped.toString());
        assertFalse(a.isAlive());
        assertFalse(b.isAlive());
        assertEquals(List.of(), pids.list());
    }

    @Test
    void aRecycledPidIsNeverSignalled() throws Exception {
        ChildProcess c = sleeper("victim");
        try {
            // same PID, but a start time that is not this process's: as if the PID were reused
            PidFile stale = new PidFile("etcd", c.pid(), c.startInstant().minusSeconds(3600), "/usr/bin/etcd", null);
            assertTrue(stale.liveProcess().isEmpty());
            assertEquals(PidFile.StopResult.PID_REUSED, stale.stop(Duration.ofSeconds(1)));
            assertTrue(c.isAlive());

            PidFile otherCommand = new PidFile("etcd", c.pid(), c.startInstant(), "/usr/bin/etcd", null);
            assertEquals(PidFile.StopResult.PID_REUSED, otherCommand.stop(Duration.ofSeconds(1)));
            assertTrue(c.isAlive());
        } finally {
            c.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void aSteppedWallClockDoesNotHideOurOwnProcess() throws Exception {
        assumeTrue(BootClock.bootId().isPresent(), "Linux only: /proc/sys/kernel/random/boot_id");
        ChildProcess c = sleeper("etcd");
        PidFile recorded = c.pidFile();
        assertTrue(recorded.startTicks() >= 0, recorded.toString());
        // the wall clock stepped 11 s after the start (seen on this machine): the JDK's start instant moved, ticks did not
        PidFile afterStep = new PidFile("etcd", c.pid(), c.startInstant().minusSeconds(11), recorded.executable(), null,
                recorded.startTicks(), recorded.bootId());
        Path f = tmp.resolve("etcd.pid");
        afterStep.write(f);
        assertTrue(PidFile.read(f).liveProcess().isPresent());
        assertEquals(PidFile.StopResult.STOPPED, PidFile.read(f).stop(Duration.ofSeconds(2)));
        assertFalse(c.isAlive());
    }

    @Test
    void aRecycledPidIsNeverSignalledByTheBootClockEither() throws Exception {
        assumeTrue(BootClock.bootId().isPresent(), "Linux only: /proc/sys/kernel/random/boot_id");
        ChildProcess c = sleeper("victim");
        try {
            PidFile recorded = c.pidFile();
            PidFile otherStart = new PidFile("victim", c.pid(), c.startInstant(), recorded.executable(), null,
                    recorded.startTicks() - 100, recorded.bootId());
            assertEquals(PidFile.StopResult.PID_REUSED, otherStart.stop(Duration.ofSeconds(1)));
            PidFile earlierBoot = new PidFile("victim", c.pid(), c.startInstant(), recorded.executable(), null,
                    recorded.startTicks(), "00000000-0000-0000-0000-000000000000");
            assertEquals(PidFile.StopResult.PID_REUSED, earlierBoot.stop(Duration.ofSeconds(1)));
            assertTrue(c.isAlive());
        } finally {
            c.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void startTicksAreReadPastACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 100";
        assertEquals(987654, BootClock.startTicks(stat).getAsLong());
        assertTrue(BootClock.startTicks("garbage").isEmpty());
    }

    @Test
    void aProcessThatIsGoneIsReportedAsNotRunning() throws Exception {
        ChildProcess c = sleeper("gone");
        PidFile pf = c.pidFile();
        c.stop(Duration.ofSeconds(1));
        assertEquals(PidFile.StopResult.NOT_RUNNING, pf.stop(Duration.ofSeconds(1)));
    }

    @Test
    void aFileThatIsNotAPidFileIsAnErrorNamingIt() throws Exception {
        Path f = tmp.resolve("junk.pid");
        Files.writeString(f, "pid=abc\nname=x\nstart=now\nexecutable=/bin/x\n");
        IOException e = assertThrows(IOException.class, () -> PidFile.read(f));
        assertTrue(e.getMessage().startsWith(f + " is not a shardops PID file"), e.getMessage());
    }
}
