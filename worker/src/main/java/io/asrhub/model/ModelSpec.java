package io.asrhub.model;

/** A downloadable whisper.cpp model with the size and SHA-256 published for its file. */
public record ModelSpec(String name, String fileName, long sizeBytes, String sha256) {
}
