package io.shardops.planner.render;

import io.shardops.planner.plan.Action;
import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.PlanSource;
import io.shardops.planner.plan.Step;
import io.shardops.spec.TabletType;
import java.util.List;
import java.util.stream.Collectors;

/** Short phrases shared by the renderers. */
final class Describe {
    private Describe() {}

    static String from(PlanSource from) {
        return switch (from.kind()) {
            case SPEC -> "the state " + (from.spec().isEmpty() ? "another spec" : from.spec()) + " describes";
            case TOPOLOGY -> from.topologyRevision() == 0 ? "an empty cluster" : "the live topology at etcd revision " + from.topologyRevision();
        };
    }

    static String to(Plan plan) {
        String spec = plan.to().spec().isEmpty() ? "the spec" : plan.to().spec();
        return spec + (plan.to().commit().isEmpty() ? "" : " at " + shortCommit(plan.to().commit()));
    }

    static String shortCommit(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }

    static String dependsOn(List<Integer> deps) {
        return deps.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    /** As {@link #dependsOn}, the middle of a long list left out. */
    static String dependsOnShort(List<Integer> deps) {
        if (deps.size() <= 12) {
            return dependsOn(deps);
        }
        return dependsOn(deps.subList(0, 5)) + ", … " + dependsOn(deps.subList(deps.size() - 2, deps.size())) + " (" + deps.size() + " steps)";
    }

    /** The step's headline: {@code switch-traffic customer-vsplit [primary]}. */
    static String head(Step s) {
        String extra = switch (s.action()) {
            case Action.SwitchTraffic st -> tabletTypes(st.tabletTypes());
            case Action.ReverseTraffic rt -> tabletTypes(rt.tabletTypes());
            case Action.CreateKeyspace a -> "";
            case Action.DeleteKeyspace a -> "";
            case Action.CreateShard a -> "";
            case Action.DeleteShard a -> "";
            case Action.StartTablets a -> "";
            case Action.StopTablets a -> "";
            case Action.InitPrimary a -> "";
            case Action.SetDurability a -> "";
            case Action.ApplySchema a -> "";
            case Action.CopySchema a -> "";
            case Action.ApplyVSchema a -> "";
            case Action.CreateSequence a -> "";
            case Action.StartCopy a -> "";
            case Action.VerifyDiff a -> "";
            case Action.RemoveTabletControls a -> "";
            case Action.DropTables a -> "";
            case Action.CompleteMigration a -> "";
            case Action.SchemaChange a -> "";
            case Action.SchemaCutover a -> "";
            case Action.SchemaRevert a -> "";
            case Action.DropOldTable a -> "";
            case Action.RebuildTablet a -> "";
            case Action.SetBackupPolicy a -> "";
        };
        return s.kind().word() + " " + s.target() + extra;
    }

    private static String tabletTypes(List<TabletType> types) {
        return " [" + types.stream().map(TabletType::word).collect(Collectors.joining(", ")) + "]";
    }

    /** {@code destroy}, {@code approval: switch-primary} and similar flags of a step, or empty. */
    static String flags(Step s) {
        StringBuilder b = new StringBuilder();
        if (s.destructive()) {
            b.append("destroy");
        }
        if (s.gated()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append("needs approval (").append(s.approval().word()).append(")");
        }
        return b.toString();
    }
}
