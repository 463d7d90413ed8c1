package io.asrhub.config;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The key tables of docs/ ({@code | key | default | meaning |}) against the definitions: every
 * defined key is documented with its default, and no documented key is undefined. A row may name
 * several keys ({@code `topics.partitions.results` / `.pieces`}: the later ones replace the last
 * parts of the first) with one default for all or one per key, separated the same way.
 */
class DocumentedKeysTest {
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final String TEMPLATE = ProviderKeys.PREFIX + "NAME.";
    private static Map<String, String> documented;

    @BeforeAll
    static void readTables() throws IOException {
        documented = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of("..", "docs"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                readTables(Files.readAllLines(file), documented);
            }
        }
    }

    /** Every key the program defines, by full name (provider keys under {@code providers.NAME.} or their engine). */
    private static Map<String, Definition<?>> defined() {
        KnownKeys keys = KnownKeys.installed();
        Map<String, Definition<?>> out = new TreeMap<>(keys.fixedDefinitions());
        ProviderKeys.ALL.forEach(d -> out.put(TEMPLATE + d.name(), d));
        keys.engineDefinitions().forEach((engine, options) ->
                options.forEach((name, d) -> out.put(ProviderKeys.PREFIX + engine + "." + name, d)));
        return out;
    }

    @Test
    void everyDefinedKeyIsDocumentedWithItsDefault() {
        List<String> problems = new ArrayList<>();
        defined().forEach((key, definition) -> {
            String cell = documented.get(key);
            if (cell == null) {
                problems.add(key + ": not in any key table of docs/");
            } else if (!cell.contains(definition.documentedDefault())) {
                problems.add(key + ": docs say default '" + cell + "', the definition '"
                        + definition.documentedDefault() + "'");
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void everyDocumentedKeyIsDefined() {
        Map<String, Definition<?>> defined = defined();
        List<String> undefined = documented.keySet().stream()
                .filter(k -> !defined.containsKey(k) && !k.equals(ConfigKeys.KAFKA_CLIENT_PREFIX + "*")).toList();
        assertEquals(List.of(), undefined);
        assertTrue(documented.size() > 80, "the tables were found: " + documented.size() + " keys");
    }

    @Test
    void rowsNamingSeveralKeysAreExpanded() {
        Map<String, String> out = new TreeMap<>();
        readTables(List.of("| key | default | meaning |", "|---|---|---|",
                "| `topics.partitions.results` / `.pieces` | as the lanes | x |",
                "| `lanes.small.provider` / `.medium.provider` | `provider` | x |",
                "| `providers.NAME.pool.min_size` / `max_size` | | x |",
                "| `lanes.medium-from-ms` / `lanes.large-from-ms` | `30000` / `300000` | x |"), out);
        assertEquals(Map.of("topics.partitions.results", "as the lanes", "topics.partitions.pieces", "as the lanes",
                "lanes.small.provider", "`provider`", "lanes.medium.provider", "`provider`",
                "providers.NAME.pool.min_size", "", "providers.NAME.pool.max_size", "",
                "lanes.medium-from-ms", "`30000`", "lanes.large-from-ms", "`300000`"), out);
    }

    private static void readTables(List<String> lines, Map<String, String> out) {
        boolean inKeyTable = false;
        for (String line : lines) {
            if (!line.startsWith("|")) {
                inKeyTable = false;
                continue;
            }
            String[] cells = line.split("(?<!\\\\)\\|", -1);
            if (cells.length < 4 || cells[1].trim().startsWith("---")) {
                continue;
            }
            if (cells[1].trim().equals("key") && cells[2].trim().equals("default")) {
                inKeyTable = true;
            } else if (inKeyTable) {
                addRow(cells[1].trim(), cells[2].trim(), out);
            }
        }
    }

    private static void addRow(String keyCell, String defaultCell, Map<String, String> out) {
        List<String> keys = new ArrayList<>();
        Matcher m = CODE.matcher(keyCell);
        while (m.find()) {
            keys.add(keys.isEmpty() ? m.group(1) : expand(keys.get(0), m.group(1)));
        }
        String[] defaults = defaultCell.split(" / ");
        for (int i = 0; i < keys.size(); i++) {
            out.put(keys.get(i), defaults.length == keys.size() ? defaults[i].trim() : defaultCell);
        }
    }

    /** {@code .medium.provider} after {@code lanes.small.provider}: the last two parts replaced; {@code max_size}: the last. */
    private static String expand(String first, String next) {
        if (next.contains(".") && !next.startsWith(".")) {
            return next;
        }
        String tail = next.startsWith(".") ? next.substring(1) : next;
        String[] parts = first.split("\\.");
        int keep = parts.length - tail.split("\\.").length;
        return String.join(".", List.of(parts).subList(0, keep)) + "." + tail;
    }
}
