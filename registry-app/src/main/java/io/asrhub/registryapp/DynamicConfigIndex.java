package io.asrhub.registryapp;

import io.apicurio.common.apps.config.DynamicConfigPropertyList;

import javax.enterprise.context.ApplicationScoped;
import javax.enterprise.inject.Produces;
import java.util.List;

/**
 * Stands in for the list of dynamic configuration properties that Apicurio's config-index Quarkus
 * extension would generate at build time; its deployment artifact is not on Maven Central, so the
 * registry runs with no dynamically changeable properties.
 */
@ApplicationScoped
public class DynamicConfigIndex {
    @Produces
    @ApplicationScoped
    DynamicConfigPropertyList properties() {
        return new DynamicConfigPropertyList(List.of());
    }
}
