package io.asrhub.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The official whisper.cpp ggml models. Sizes and SHA-256 digests are those of the Git LFS
 * objects at the pinned revision, so a download is verified against a fixed, known file.
 */
public final class ModelCatalog {
    public static final String DEFAULT_MODEL = "tiny.en";
    /** Pinned upstream revision: a moving branch could change bytes under a fixed digest. */
    public static final String DEFAULT_BASE_URL =
            "https://huggingface.co/ggerganov/whisper.cpp/resolve/5359861c739e955e79d9a303bcbc70fb988958b1/";

    private static final Map<String, ModelSpec> MODELS = new LinkedHashMap<>();

    static {
        add("tiny.en", 77_704_715L, "921e4cf8686fdd993dcd081a5da5b6c365bfde1162e72b08d75ac75289920b1f");
        add("tiny", 77_691_713L, "be07e048e1e599ad46341c8d2a135645097a538221678b7acdd1b1919c6e1b21");
        add("base.en", 147_964_211L, "a03779c86df3323075f5e796cb2ce5029f00ec8869eee3fdfb897afe36c6d002");
        add("base", 147_951_465L, "60ed5bc3dd14eea856493d334349b405782ddcaf0028d4b5df4088345fba2efe");
        add("small.en", 487_614_201L, "c6138d6d58ecc8322097e0f987c32f1be8bb0a18532a3f88f734d1bbf9c41e5d");
        add("small", 487_601_967L, "1be3a9b2063867b937e64e2ec7483364a79917e157fa98c5d94b5c1fffea987b");
        add("medium", 1_533_763_059L, "6c14d5adee5f86394037b4e4e8b59f1673b6cee10e3cf0b11bbdbee79c156208");
        add("large-v3-turbo", 1_624_555_275L, "1fc70f774d38eb169993ac391eea357ef47c88757ef72ee5943879b7e8e2bc69");
    }

    private ModelCatalog() {
    }

    private static void add(String name, long size, String sha256) {
        MODELS.put(name, new ModelSpec(name, "ggml-" + name + ".bin", size, sha256));
    }

    public static Optional<ModelSpec> find(String name) {
        return Optional.ofNullable(MODELS.get(name));
    }

    public static Iterable<ModelSpec> all() {
        return MODELS.values();
    }

    public static String names() {
        return String.join(", ", MODELS.keySet());
    }
}
