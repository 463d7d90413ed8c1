package io.asrhub.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The package layout's rules, checked on the compiled classes so a violation fails the build. */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importClasses() {
        // Only this module's classes: the test kit (generated models, speech fixtures) is on the test
        // class path too, but it is not part of the worker.
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> location.contains("/worker/target/classes/"))
                .importPackages("io.asrhub");
    }

    @Test
    void benchmarksAndTestFixturesStayOutOfTheWorker() {
        noClasses().should().resideInAnyPackage("io.asrhub.bench..", "io.asrhub.testkit..", "io.asrhub.testsupport..")
                .orShould().dependOnClassesThat().resideInAnyPackage("io.asrhub.bench..", "io.asrhub.testkit..",
                        "io.asrhub.testsupport..", "io.asrhub.eval..")
                .because("benchmarks and the test kit are modules of their own; the production jar and the image "
                        + "carry none of it (checked on the packaged jar by ProductionJarIT)")
                .check(main);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.asrhub.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void nothingOutsideTheWhisperEngineKnowsWhisper() {
        noClasses().that().resideOutsideOfPackage("io.asrhub.provider.whisper..")
                .should().dependOnClassesThat().resideInAPackage("io.asrhub.provider.whisper..")
                .because("a new engine is one class plus config; engines are found through ServiceLoader")
                .check(main);
    }

    @Test
    void theWorkerLoopDoesNotDependOnClientTools() {
        noClasses().that().resideInAnyPackage("io.asrhub.worker..", "io.asrhub.publish..", "io.asrhub.offsets..")
                .should().dependOnClassesThat().resideInAnyPackage("io.asrhub.cli..", "io.asrhub.client..",
                        "io.asrhub.broker..", "io.asrhub.router..")
                .check(main);
    }

    @Test
    void offsetsAndPublishingKnowNothingOfRecognition() {
        noClasses().that().resideInAnyPackage("io.asrhub.offsets..", "io.asrhub.publish..")
                .should().dependOnClassesThat().resideInAnyPackage("io.asrhub.recognition..", "io.asrhub.pool..",
                        "io.asrhub.provider..", "io.asrhub.audio..")
                .check(main);
    }

    @Test
    void theJobPipelineDoesNotKnowWhereItsRecordsComeFrom() {
        noClasses().that().resideInAPackage("io.asrhub.worker..")
                .should().dependOnClassesThat().resideInAnyPackage("io.asrhub.group..", "io.asrhub.share..",
                        "io.asrhub.assembly..")
                .because("both sources plug into the pipeline through JobSource; only assembly.Workers knows both")
                .check(main);
    }

    @Test
    void theTwoSourcesDoNotDependOnEachOther() {
        noClasses().that().resideInAPackage("io.asrhub.group..")
                .should().dependOnClassesThat().resideInAPackage("io.asrhub.share..").check(main);
        noClasses().that().resideInAPackage("io.asrhub.share..")
                .should().dependOnClassesThat().resideInAPackage("io.asrhub.group..").check(main);
    }
}
