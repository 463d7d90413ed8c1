package io.asrhub.records;

import io.asrhub.config.ConfigKeys;

import java.util.List;

/** Topic names; all configurable so several deployments can share a cluster. */
public record Topics(String small, String medium, String large, String results, String deadLetters) {
    public static final Topics DEFAULT = new Topics(ConfigKeys.TOPIC_SMALL.defaultValue(),
            ConfigKeys.TOPIC_MEDIUM.defaultValue(), ConfigKeys.TOPIC_LARGE.defaultValue(),
            ConfigKeys.TOPIC_RESULTS.defaultValue(), ConfigKeys.TOPIC_DEAD_LETTERS.defaultValue());

    public String lane(Lane lane) {
        return switch (lane) {
            case SMALL -> small;
            case MEDIUM -> medium;
            case LARGE -> large;
        };
    }

    public Lane laneOf(String topic) {
        for (Lane lane : Lane.values()) {
            if (lane(lane).equals(topic)) {
                return lane;
            }
        }
        throw new IllegalArgumentException("not a lane topic: " + topic);
    }

    public List<String> lanes() {
        return List.of(small, medium, large);
    }
}
