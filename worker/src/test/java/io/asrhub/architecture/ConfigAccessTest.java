package io.asrhub.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.asrhub.config.Definition;
import io.asrhub.config.KnownKeys;
import io.asrhub.config.ProviderConfig;
import io.asrhub.config.ProviderKeys;
import io.asrhub.config.Settings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Configuration is read only through key definitions: outside the config package nothing reads a
 * value by a bare name, definitions are made only where keys are defined (constants, or helpers
 * returning one), and every definition constant is one the validator knows.
 */
class ConfigAccessTest {
    /** What code outside config may call on Settings: typed reads, validated writes, construction. */
    private static final Set<String> SETTINGS_API = Set.of("get", "find", "with", "of", "empty", "keys",
            "kafkaClientSettings", "envName");
    private static JavaClasses main;

    @BeforeAll
    static void importClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.asrhub");
    }

    @Test
    void valuesAreReadOnlyThroughTheirDefinitions() {
        noClasses().that().resideOutsideOfPackage("io.asrhub.config..")
                .should().callMethodWhere(readsWithoutADefinition())
                .because("a key read by its bare name would carry its own default and skip its rules")
                .check(main);
    }

    @Test
    void definitionsAreMadeOnlyWhereKeysAreDefined() {
        noClasses().that().resideOutsideOfPackage("io.asrhub.config..")
                .should().callMethodWhere(new DescribedPredicate<JavaMethodCall>(
                        "a Definition made inside code that neither initialises constants nor returns a Definition") {
                    @Override
                    public boolean test(JavaMethodCall call) {
                        return call.getTargetOwner().isEquivalentTo(Definition.class)
                                && call.getTarget().getRawReturnType().isEquivalentTo(Definition.class)
                                && !call.getOrigin().getName().equals("<clinit>")
                                && !call.getOrigin().getRawReturnType().isEquivalentTo(Definition.class);
                    }
                })
                .check(main);
    }

    @Test
    void everyDefinitionConstantIsKnownToTheValidator() throws Exception {
        KnownKeys keys = KnownKeys.installed();
        List<String> unknown = new ArrayList<>();
        for (var javaClass : main) {
            for (JavaField field : javaClass.getFields()) {
                if (!field.getRawType().isEquivalentTo(Definition.class)
                        || !field.getModifiers().contains(JavaModifier.STATIC)) {
                    continue;
                }
                java.lang.reflect.Field f = field.reflect();
                f.setAccessible(true);
                Definition<?> d = (Definition<?>) f.get(null);
                boolean known = keys.fixedDefinitions().get(d.name()) == d || ProviderKeys.ALL.contains(d)
                        || d == ProviderKeys.MODEL
                        || keys.engineDefinitions().values().stream().anyMatch(o -> o.get(d.name()) == d);
                if (!known) {
                    unknown.add(javaClass.getSimpleName() + "." + field.getName() + " (" + d.name() + ")");
                }
            }
        }
        assertEquals(List.of(), unknown, "add the part's DEFINITIONS to assembly.AllDefinitions");
    }

    private static DescribedPredicate<JavaMethodCall> readsWithoutADefinition() {
        return new DescribedPredicate<>("a Settings or ProviderConfig method outside the typed API") {
            @Override
            public boolean test(JavaMethodCall call) {
                var owner = call.getTargetOwner();
                String name = call.getTarget().getName();
                if (owner.isEquivalentTo(Settings.class)) {
                    return !SETTINGS_API.contains(name) || (name.equals("get") || name.equals("find"))
                            && !takesADefinition(call);
                }
                if (owner.isEquivalentTo(ProviderConfig.class) && (name.equals("get") || name.equals("find"))) {
                    return !takesADefinition(call);
                }
                return false;
            }
        };
    }

    private static boolean takesADefinition(JavaMethodCall call) {
        var params = call.getTarget().getRawParameterTypes();
        return params.size() == 1 && params.get(0).isEquivalentTo(Definition.class);
    }
}
