package io.asrhub.cli;

/** How {@code transcribe} prints each result. */
public enum OutputFormat {
    TEXT, JSON, SRT, VTT
}
