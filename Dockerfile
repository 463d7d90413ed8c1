# Worker image. Not built in this repository's CI (no Docker engine there); see README.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY schemas schemas
COPY worker worker
RUN mvn -q -B -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 asr
WORKDIR /app
COPY --from=build /src/worker/target/asr-hub.jar /app/asr-hub.jar
COPY --from=build /src/worker/target/lib /app/lib
ENV ASR_HUB_MODEL_DIR=/models ASR_HUB_METRICS_PORT=9400
USER asr
EXPOSE 9400
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-jar", "/app/asr-hub.jar"]
CMD ["worker"]
