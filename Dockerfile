# The shardops image: one image for the reconciler, gateway, tablet and failover-monitor roles (the role is the
# first argument: `watch ...`, `gateway ...`, `tablet ...`). Each tablet's MariaDB runs in its own container
# beside it (the mariadb image); the tablet container takes the backups: it runs mariadb-backup over that
# server's data volume, so this image carries mariadb-backup of the server's version. It is built on the same
# mariadb image the tablets' mysqld containers run, with a Java runtime added: build it with the tag you give
# `--mariadb-image` (default mariadb:10.11; pin a patch release, e.g. mariadb:10.11.10, for both).
#
# Build the shaded jar first, then the image:
#   mvn -B -DskipTests -pl reconciler -am package        # -> reconciler/target/shardops.jar
#   docker build -t shardops/shardops:dev .               # or --build-arg MARIADB_IMAGE=mariadb:10.11.10
ARG MARIADB_IMAGE=mariadb:10.11
FROM eclipse-temurin:21-jre AS jre

FROM ${MARIADB_IMAGE}
COPY --from=jre /opt/java/openjdk /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH=/opt/java/openjdk/bin:$PATH

# `shardops` on the PATH, so pods can run it through `sh -c` (tablets compute their uid from the pod name);
# the build fails here when the base image has no mariadb-backup or mbstream
RUN printf '#!/bin/sh\nexec java $JAVA_OPTS -jar /opt/shardops/shardops.jar "$@"\n' > /usr/local/bin/shardops \
    && chmod 0755 /usr/local/bin/shardops \
    && useradd --system --uid 10001 --home-dir /var/lib/shardops --create-home shardops \
    && mariadb-backup --version && command -v mbstream

COPY reconciler/target/shardops.jar /opt/shardops/shardops.jar

# the JVM sizes its heap from the container's memory limit, leaving room for off-heap buffers
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75.0"
# tablet pods run the tablet container as the image's mysql user (999), which reads the datadir for backups;
# every other role runs as this user
USER 10001
WORKDIR /var/lib/shardops
ENTRYPOINT ["shardops"]
CMD ["--help"]
