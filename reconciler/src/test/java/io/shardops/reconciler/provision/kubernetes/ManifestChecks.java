package io.shardops.reconciler.provision.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules the API server applies beyond the OpenAPI schema (name and label syntax) and the
 * references between objects that no schema can see: a selector that matches its pods, a probe
 * or Service port that names a declared container port, a mount of a declared volume, a
 * StatefulSet's governing Service, a RoleBinding's Role and ServiceAccount.
 */
final class ManifestChecks {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private final List<HasMetadata> objects;
    private final List<String> problems = new ArrayList<>();

    private ManifestChecks(List<HasMetadata> objects) {
        this.objects = objects;
    }

    static List<String> problems(List<HasMetadata> objects) {
        ManifestChecks c = new ManifestChecks(objects);
        c.run();
        return c.problems;
    }

    private void run() {
        Set<String> seen = new HashSet<>();
        for (HasMetadata o : objects) {
            String id = o.getKind() + " " + o.getMetadata().getName();
            if (!seen.add(id)) {
                problems.add(id + ": rendered twice");
            }
            checkName(o, id);
            checkLabels(id, o.getMetadata().getLabels());
            if (o instanceof StatefulSet s) {
                checkName(s.getMetadata().getName(), id, Names.MAX_STATEFULSET_NAME);
                checkWorkload(id, s.getSpec().getSelector().getMatchLabels(), s.getSpec().getTemplate(),
                        s.getSpec().getVolumeClaimTemplates().stream().map(p -> p.getMetadata().getName()).toList());
                Service governing = find(Service.class, s.getSpec().getServiceName());
                if (governing == null || !"None".equals(governing.getSpec().getClusterIP())) {
                    problems.add(id + ": serviceName " + s.getSpec().getServiceName() + " is not a rendered headless Service");
                }
            } else if (o instanceof Deployment d) {
                checkWorkload(id, d.getSpec().getSelector().getMatchLabels(), d.getSpec().getTemplate(), List.of());
                String account = d.getSpec().getTemplate().getSpec().getServiceAccountName();
                if (account != null && find(ServiceAccount.class, account) == null) {
                    problems.add(id + ": serviceAccountName " + account + " is not rendered");
                }
            } else if (o instanceof Service s) {
                checkService(id, s);
            } else if (o instanceof RoleBinding b) {
                if (find(Role.class, b.getRoleRef().getName()) == null) {
                    problems.add(id + ": roleRef " + b.getRoleRef().getName() + " is not a rendered Role");
                }
                b.getSubjects().forEach(subject -> {
                    if (find(ServiceAccount.class, subject.getName()) == null) {
                        problems.add(id + ": subject " + subject.getName() + " is not a rendered ServiceAccount");
                    }
                });
            }
        }
    }

    private void checkName(HasMetadata o, String id) {
        boolean label = o instanceof Service || o instanceof StatefulSet || o instanceof Deployment;
        String name = o.getMetadata().getName();
        if (name == null || !(label ? DNS_LABEL : DNS_SUBDOMAIN).matcher(name).matches()) {
            problems.add(id + ": name is not a DNS-1123 " + (label ? "label" : "subdomain"));
        }
        checkName(name, id, label ? 63 : 253);
    }

    private void checkName(String name, String id, int max) {
        if (name != null && name.length() > max) {
            problems.add(id + ": name longer than " + max);
        }
    }

    private void checkLabels(String id, Map<String, String> labels) {
        if (labels == null) {
            return;
        }
        labels.forEach((k, v) -> {
            String name = k.contains("/") ? k.substring(k.indexOf('/') + 1) : k;
            String prefix = k.contains("/") ? k.substring(0, k.indexOf('/')) : "";
            if (name.length() > 63 || !LABEL_NAME.matcher(name).matches() || (!prefix.isEmpty() && !DNS_SUBDOMAIN.matcher(prefix).matches())) {
                problems.add(id + ": label key " + k + " is invalid");
            }
            if (v.length() > 63 || !LABEL_VALUE.matcher(v).matches()) {
                problems.add(id + ": label " + k + "=" + v + " has an invalid value");
            }
        });
    }

    private void checkWorkload(String id, Map<String, String> selector, PodTemplateSpec template, List<String> claimNames) {
        Map<String, String> podLabels = template.getMetadata().getLabels();
        checkLabels(id + " pod template", podLabels);
        selector.forEach((k, v) -> {
            if (!v.equals(podLabels.get(k))) {
                problems.add(id + ": selector " + k + "=" + v + " does not match its pod template");
            }
        });
        Set<String> volumes = new HashSet<>(claimNames);
        template.getSpec().getVolumes().stream().map(Volume::getName).forEach(volumes::add);
        Set<String> containerNames = new HashSet<>();
        for (Container c : template.getSpec().getContainers()) {
            String cid = id + " container " + c.getName();
            if (!containerNames.add(c.getName())) {
                problems.add(cid + ": container name used twice");
            }
            Set<String> ports = new HashSet<>();
            for (ContainerPort p : c.getPorts()) {
                if (p.getName() != null && (p.getName().length() > 15 || !PORT_NAME.matcher(p.getName()).matches())) {
                    problems.add(cid + ": port name " + p.getName() + " is not an IANA service name");
                }
                ports.add(p.getName());
            }
            for (Probe probe : new Probe[] {c.getReadinessProbe(), c.getLivenessProbe(), c.getStartupProbe()}) {
                if (probe == null) {
                    continue;
                }
                IntOrString port = probe.getHttpGet() != null ? probe.getHttpGet().getPort()
                        : probe.getTcpSocket() != null ? probe.getTcpSocket().getPort() : null;
                if (port != null && port.getStrVal() != null && !ports.contains(port.getStrVal())) {
                    problems.add(cid + ": probe port " + port.getStrVal() + " is not a port of the container");
                }
            }
            c.getVolumeMounts().forEach(m -> {
                if (!volumes.contains(m.getName())) {
                    problems.add(cid + ": mounts undeclared volume " + m.getName());
                }
            });
        }
    }

    private void checkService(String id, Service s) {
        Map<String, String> selector = s.getSpec().getSelector();
        List<PodTemplateSpec> pods = new ArrayList<>();
        for (HasMetadata o : objects) {
            PodTemplateSpec t = o instanceof StatefulSet ss ? ss.getSpec().getTemplate()
                    : o instanceof Deployment d ? d.getSpec().getTemplate() : null;
            if (t != null && t.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())) {
                pods.add(t);
            }
        }
        if (pods.isEmpty()) {
            problems.add(id + ": selects no rendered pod template");
        }
        s.getSpec().getPorts().forEach(p -> {
            String target = p.getTargetPort() == null ? null : p.getTargetPort().getStrVal();
            if (target == null) {
                return;
            }
            for (PodTemplateSpec t : pods) {
                boolean declared = t.getSpec().getContainers().stream()
                        .flatMap(c -> c.getPorts().stream()).anyMatch(cp -> target.equals(cp.getName()));
                if (!declared) {
                    problems.add(id + ": targetPort " + target + " is not declared by every selected pod");
                }
            }
        });
    }

    private <T extends HasMetadata> T find(Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElse(null);
    }
}
