package io.asrhub.bench;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.config.AudioLimits;
import io.asrhub.provider.Provider;
import io.asrhub.provider.Recognizer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One model process of the "one process per model" strategy: loads its own copy of the model with one
 * recognizer, prints {@code READY}, then serves requests from stdin one at a time. Protocol, one line each:
 * request {@code id<TAB>wav path}; reply {@code id<TAB>OK<TAB>text} or {@code id<TAB>ERR<TAB>message}.
 * Audio travels as a file path (the file is decoded here once and cached), so the serialisation cost
 * of shipping samples between processes is not part of the measurement.
 * Usage: {@code RecognizerProcessMain MODEL THREADS}
 */
public final class RecognizerProcessMain {
    private RecognizerProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        AudioDecoder decoder = new AudioDecoder(AudioLimits.DEFAULT);
        Map<String, float[]> audio = new HashMap<>();
        try (Provider provider = AsrHubEngine.open(model, threads, 1); Recognizer recognizer = provider.newRecognizer()) {
            out.println("READY");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String[] request = line.split("\t", 2);
                try {
                    float[] samples = audio.computeIfAbsent(request[1], decode(decoder));
                    BenchJob job = new BenchJob(Integer.parseInt(request[0]), BenchJob.Size.SHORT, Path.of(request[1]),
                            0, 0);
                    out.println(request[0] + "\tOK\t" + AsrHubEngine.transcribe(recognizer, job, samples));
                } catch (Exception e) {
                    out.println(request[0] + "\tERR\t" + String.valueOf(e.getMessage()).replace('\n', ' '));
                }
            }
        }
    }

    private static java.util.function.Function<String, float[]> decode(AudioDecoder decoder) {
        return path -> {
            try {
                return decoder.decodeFile(Path.of(path), AudioDecoder.WHISPER_SAMPLE_RATE).samples();
            } catch (io.asrhub.errors.AsrException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        };
    }
}
