# Worker image. CI builds it with podman from Debian-made bases (.ci/build-image) and ImageIT runs it
# as a worker against a real broker; PackagedWorkerIT runs the same layout without a container.
# The base images are build arguments so a registry-less builder can substitute its own; the defaults
# are the public images Docker users pull. The build base needs a JDK with `jar` and Maven on the PATH;
# the runtime base a JRE with `java` on the PATH, apt-get, useradd and ldd.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre
FROM ${BUILD_IMAGE} AS build
WORKDIR /src
# Dependencies in their own layer: rebuilt only when a pom changes, not on every source edit.
# resolve + resolve-plugins, not go-offline: go-offline also fetches optional dependencies of
# dependencies (micrometer-core's optional io.grpc:grpc-api 1.81.1 is not on Maven Central) and fails.
# Every module's pom (the parent lists them all), but only the worker and the test kit it declares are
# built: the benchmarks (bench/) never enter the image. The test kit (a test-scope dependency, which Maven
# resolves even with tests skipped) is installed first so the worker's dependencies resolve on their own.
COPY pom.xml .
COPY testkit/pom.xml testkit/
COPY worker/pom.xml worker/
COPY bench/pom.xml bench/
COPY testkit/src testkit/src
RUN mvn -B -ntp -q -pl testkit -am -Dmaven.test.skip=true install \
 && mvn -B -ntp -q -pl worker dependency:resolve dependency:resolve-plugins
COPY schemas schemas
COPY worker/src worker/src
RUN mvn -B -ntp -q -pl worker -am -Dmaven.test.skip=true package
# whisper-jni's bundled native libraries, so the runtime stage can check it has what they link to.
RUN mkdir /src/native && cd /src/native && jar xf /src/worker/target/lib/whisper-jni-*.jar debian-amd64 debian-arm64

FROM ${RUNTIME_IMAGE}
# libgomp1: whisper.cpp's ggml is built with OpenMP (libggml.so needs libgomp.so.1); slim images lack it.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libgomp1 \
 && rm -rf /var/lib/apt/lists/*
# Fail the build when the native library would not load here: every dependency must resolve.
COPY --from=build /src/native /tmp/native
RUN set -e; \
    case "$(uname -m)" in x86_64) arch=debian-amd64 ;; aarch64) arch=debian-arm64 ;; *) arch= ;; esac; \
    if [ -n "$arch" ]; then \
      deps="$(cd /tmp/native/$arch && for so in *.so*; do LD_LIBRARY_PATH=. ldd "./$so"; done)"; \
      echo "$deps"; \
      if echo "$deps" | grep -q "not found"; then echo "whisper-jni: missing shared libraries" >&2; exit 1; fi; \
    fi; \
    rm -rf /tmp/native
# A numeric user, so Kubernetes' runAsNonRoot can verify it (k8s/worker.yaml runs as 10001 too).
RUN groupadd --system --gid 10001 asr \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent asr \
 && mkdir /models && chown 10001:10001 /models
WORKDIR /app
# lib/ holds the worker's runtime class path only; the broker jars (target/lib-dev, for `asr-hub dev`) stay out.
COPY --from=build /src/worker/target/lib /app/lib
COPY --from=build /src/worker/target/asr-hub.jar /app/asr-hub.jar
ENV ASR_HUB_MODEL_DIR=/models ASR_HUB_METRICS_PORT=9400
USER 10001:10001
EXPOSE 9400
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/asr-hub.jar"]
CMD ["worker"]
