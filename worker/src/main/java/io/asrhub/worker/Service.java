package io.asrhub.worker;

/** A long-running part of asr-hub with a start and a stop, like the Kafka Streams examples' services. */
public interface Service {
    void start() throws Exception;

    void stop();
}
