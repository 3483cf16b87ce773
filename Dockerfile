# The shardops image: one image for the reconciler, gateway and tablet roles (the role is the
# first argument: `watch ...`, `gateway ...`, `tablet ...`). Each tablet's MariaDB runs in its own
# container beside it (mariadb:10.11), so this image holds only a Java runtime and the CLI.
#
# Build the shaded jar first, then the image:
#   mvn -B -DskipTests -pl reconciler -am package        # -> reconciler/target/shardops.jar
#   docker build -t shardops/shardops:dev .
FROM eclipse-temurin:21-jre

# `shardops` on the PATH, so pods can run it through `sh -c` (tablets compute their uid from the pod name)
RUN printf '#!/bin/sh\nexec java $JAVA_OPTS -jar /opt/shardops/shardops.jar "$@"\n' > /usr/local/bin/shardops \
    && chmod 0755 /usr/local/bin/shardops \
    && useradd --system --uid 10001 --home-dir /var/lib/shardops --create-home shardops

COPY reconciler/target/shardops.jar /opt/shardops/shardops.jar

# the JVM sizes its heap from the container's memory limit, leaving room for off-heap buffers
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75.0"
USER 10001
WORKDIR /var/lib/shardops
ENTRYPOINT ["shardops"]
CMD ["--help"]
