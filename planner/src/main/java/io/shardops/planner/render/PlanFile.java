package io.shardops.planner.render;

import io.shardops.planner.plan.Plan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A saved plan ({@code plan --out FILE}): the JSON form in a file. */
public final class PlanFile {
    private PlanFile() {}

    public static void write(Path file, Plan plan) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, PlanJson.write(plan), StandardCharsets.UTF_8);
    }

    /** Reads a saved plan; {@link PlanFormatException} when the file is not one. */
    public static Plan read(Path file) throws IOException {
        return PlanJson.read(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Whether a file looks like a saved plan rather than a spec (for {@code apply SPEC|PLANFILE}). */
    public static boolean looksLikePlanFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (var in = Files.newInputStream(file)) {
            String head = new String(in.readNBytes(256), StandardCharsets.UTF_8).stripLeading();
            return head.startsWith("{") && head.contains("\"formatVersion\"");
        } catch (IOException e) {
            return false;
        }
    }
}
