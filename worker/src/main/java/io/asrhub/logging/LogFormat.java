package io.asrhub.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import io.asrhub.config.Definition;
import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;

/**
 * The two log formats of every command, on stderr. {@code text} (the default, set up by
 * logback.xml) prints one human line per event; {@code json} prints one JSON object per line for log
 * shippers: {@code @timestamp} (ISO-8601 with date and zone), {@code level}, {@code logger_name},
 * {@code thread_name}, {@code message}, {@code stack_trace}, and every MDC field ({@link JobLog}'s
 * job fields) at the top level, so a job's lines are found by {@code jobId}. Logback is configured
 * from its file first, because Kafka's classes log before any configuration is read; this switches
 * the console appender once the command knows its settings.
 */
public final class LogFormat {
    public static final Definition<String> FORMAT = Definition.choice("logging.format", "text",
            "text (one line per event) or json (one JSON object per line, job fields at the top level)",
            "text", "json");
    public static final Definition<String> LEVEL = Definition.choice("logging.level", "info",
            "level of asr-hub's own loggers: error, warn, info, debug or trace (Kafka's stay at warn)",
            "error", "warn", "info", "debug", "trace");
    public static final List<Definition<?>> DEFINITIONS = List.of(FORMAT, LEVEL);

    private static final String APPENDER = "CONSOLE";
    private static final String IGNORE = "[ignore]";
    private static volatile boolean json;

    private LogFormat() {
    }

    /** Applies {@code logging.*}; the defaults (text, info) leave logback.xml's set-up as it is. */
    public static void apply(Settings settings) throws AsrException {
        String format = settings.get(FORMAT);
        String levelName = settings.get(LEVEL);
        Level level = Level.toLevel(levelName, null);
        if (level == null || level == Level.ALL || level == Level.OFF) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, "logging.level must be error, warn, info, debug or trace,"
                    + " got '" + levelName + "'");
        }
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J backend on the class path: its own configuration decides
        }
        if (!settings.get(LEVEL).equals(LEVEL.defaultValue())) {
            context.getLogger("io.asrhub").setLevel(level);
        }
        if (format.equals("json")) {
            useJson(context);
        }
    }

    /** Whether this process logs JSON (then a command's own stderr lines go through the log too). */
    public static boolean isJson() {
        return json;
    }

    /** Replaces the console appender's text encoder by the JSON one (new appender first: no line is lost). */
    static synchronized void useJson(LoggerContext context) {
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> old = root.getAppender(APPENDER);
        if (old instanceof ConsoleAppender<ILoggingEvent> c && c.getEncoder() instanceof LogstashEncoder) {
            return;
        }
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.setTarget("System.err");
        appender.setEncoder(jsonEncoder(context));
        appender.start();
        root.addAppender(appender);
        json = true;
        if (old != null) {
            root.detachAppender(old);
            old.stop();
        }
    }

    /** One JSON object per event and line; without logstash's {@code @version} and numeric level. */
    static LogstashEncoder jsonEncoder(LoggerContext context) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        LogstashFieldNames names = new LogstashFieldNames();
        names.setVersion(IGNORE);
        names.setLevelValue(IGNORE);
        encoder.setFieldNames(names);
        encoder.setIncludeContext(false);
        encoder.setFindAndRegisterJacksonModules(false);
        encoder.start();
        return encoder;
    }
}
