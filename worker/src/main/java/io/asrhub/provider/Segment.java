package io.asrhub.provider;

/** A stretch of recognised speech with its position in the audio. */
public record Segment(long startMs, long endMs, String text) {
}
