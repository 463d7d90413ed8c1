package io.asrhub.cli;

import io.asrhub.errors.AsrException;
import io.asrhub.model.ModelCatalog;
import io.asrhub.model.ModelDownloader;
import io.asrhub.model.ModelLocator;
import io.asrhub.model.ModelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code asr-hub models pull NAME} and {@code asr-hub models list}. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "Download and list whisper models.",
        subcommands = {ModelsCommand.Pull.class, ModelsCommand.ListModels.class})
final class ModelsCommand implements Runnable {
    static final String BASE_URL_ENV = "ASR_HUB_MODEL_BASE_URL";

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Downloads into the model directory with resume and SHA-256 verification. */
    static Path pull(String name, ModelLocator locator) throws AsrException {
        ModelSpec spec = ModelCatalog.find(name).orElseThrow(() -> new AsrException(
                io.asrhub.errors.ErrorCode.CONFIG_INVALID,
                "unknown model '" + name + "'; known models: " + ModelCatalog.names()));
        String base = System.getenv().getOrDefault(BASE_URL_ENV, ModelCatalog.DEFAULT_BASE_URL);
        System.err.println("Downloading whisper model " + name + " (" + spec.sizeBytes() / 1_000_000 + " MB) into "
                + locator.modelDirectory());
        Path file;
        try {
            file = new ModelDownloader(base).pull(spec, locator.modelDirectory(),
                    new ConsoleProgressBar(System.err, spec.fileName()));
        } catch (AsrException e) {
            System.err.println(); // end the progress bar's line before the error is printed
            throw e;
        }
        System.err.println("Verified SHA-256 " + spec.sha256() + ": " + file);
        return file;
    }

    @Command(name = "pull", mixinStandardHelpOptions = true,
            description = "Download a whisper.cpp model, verify its size and SHA-256; resumes a partial download.")
    static final class Pull implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "model name, e.g. tiny.en, base.en, small.en")
        String name;

        @Override
        public Integer call() throws AsrException {
            pull(name, new ModelLocator());
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Show installed and downloadable models.")
    static final class ListModels implements Callable<Integer> {
        @Option(names = "--verify", description = "recompute SHA-256 of installed models")
        boolean verify;

        @Override
        public Integer call() throws IOException {
            ModelLocator locator = new ModelLocator();
            System.out.println("Model directory: " + locator.modelDirectory());
            System.out.printf("%-16s %-10s %s%n", "NAME", "SIZE", "STATUS");
            for (ModelSpec spec : ModelCatalog.all()) {
                String status = "not installed (asr-hub models pull " + spec.name() + ")";
                Path f = locator.installed(spec).orElse(null);
                if (f != null) {
                    boolean ok = !verify || ModelDownloader.sha256(f).equalsIgnoreCase(spec.sha256());
                    status = (ok ? "installed " : "CORRUPT (SHA-256 mismatch) ") + f;
                }
                System.out.printf("%-16s %-10s %s%n", spec.name(), spec.sizeBytes() / 1_000_000 + " MB", status);
            }
            locator.locate(null).ifPresent(p -> System.out.println("Default model used by commands: " + p));
            return ExitCodes.OK;
        }
    }
}
