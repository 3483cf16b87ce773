package io.shardops.reconciler.cli;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.reconciler.provision.Provisioner;
import io.shardops.reconciler.provision.kubernetes.KubernetesProvisioner;
import io.shardops.reconciler.provision.kubernetes.KubernetesSpecChecks;
import io.shardops.spec.Problem;
import java.util.List;
import io.shardops.spec.Cluster;
import java.io.PrintWriter;
import java.util.function.Function;
import io.shardops.reconciler.apply.StepDispatch;
import picocli.CommandLine.Option;

/** {@code --provisioner} and {@code --namespace}, shared by apply and watch: where tablets and gateways run. */
final class ProvisionerOption {
    @Option(names = "--provisioner", paramLabel = "KIND",
            description = "Where tablets run: local (the cluster of `shardops up`; the default when there is one) or kubernetes"
                    + " (pods in --namespace, through the API server of $KUBECONFIG / ~/.kube/config or the pod's service account).")
    String provisioner;

    @Option(names = "--namespace", paramLabel = "NS", defaultValue = "${env:SHARDOPS_NAMESPACE}",
            description = "With --provisioner kubernetes: the namespace of the cluster's pods (default: $SHARDOPS_NAMESPACE, else shardops).")
    String namespace;

    /** Whether --provisioner kubernetes was given; any other value than local or kubernetes is a user error. */
    boolean kubernetes() {
        if (provisioner == null || provisioner.equals("local")) {
            return false;
        }
        if (!provisioner.equals("kubernetes")) {
            throw new UserException("unknown --provisioner " + provisioner + "; use local or kubernetes", 2);
        }
        return true;
    }

    /** The Kubernetes provisioner of {@code cluster} in --namespace. */
    Provisioner kubernetesProvisioner(String cluster) {
        String ns = namespace == null || namespace.isBlank() ? "shardops" : namespace.trim();
        try {
            return KubernetesProvisioner.inCluster(cluster, ns);
        } catch (KubernetesClientException e) {
            throw new UserException("cannot reach the Kubernetes API server for namespace " + ns + ": " + e.getMessage()
                    + "; check $KUBECONFIG (or run inside the cluster with the reconciler's service account)");
        }
    }

    /** Every step kind on Kubernetes, for each desired spec; the gateways its cells ask for are applied first, as the local node does. */
    Function<Cluster, StepDispatch> kubernetesDispatch(TabletManagers managers, PrintWriter out) {
        Function<Cluster, StepDispatch> dispatch = LocalApply.perSpec(desired -> kubernetesProvisioner(desired.name()), managers, out);
        return desired -> {
            // a spec that cannot run on Kubernetes (a local backup directory) is not applied; the watcher reports why
            List<Problem> problems = KubernetesSpecChecks.problems(desired);
            if (!problems.isEmpty()) {
                throw new UserException(String.join("\n", problems.stream().map(Problem::render).toList()));
            }
            return dispatch.apply(desired);
        };
    }
}
