package dev.quartermaster;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.quartermaster.engine.archfixture.ClockReadingEngineClass;
import dev.quartermaster.engine.archfixture.SqlUsingEngineClass;
import dev.quartermaster.engine.archfixture.UnseededRandomEngineClass;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md's one architectural rule: the engine (domain model, queueing, placement, policies) is a pure
 * deterministic state machine. It depends on nothing that does I/O, reads the clock, or makes its own randomness.
 */
class ArchitectureTest {

    static final String[] ENGINE = {"dev.quartermaster.fleet..", "dev.quartermaster.workload..", "dev.quartermaster.engine.."};

    static final String[] FORBIDDEN = {
        "dev.quartermaster.format..", "dev.quartermaster.cli..", "dev.quartermaster.sim..", "dev.quartermaster.server..",
        "dev.quartermaster.store..", "dev.quartermaster.api..", "dev.quartermaster.adapter..",
        "java.net..", "java.sql..", "javax.sql..", "java.nio.file..", "java.nio.channels..", "java.net.http.."};

    static final ArchRule ENGINE_IS_FREE_OF_IO = noClasses().that().resideInAnyPackage(ENGINE)
            .should().dependOnClassesThat().resideInAnyPackage(FORBIDDEN)
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
            .because("the engine is a pure state machine: the server and the simulator do its I/O (DESIGN.md)");

    static final ArchRule ENGINE_READS_NO_CLOCK = noClasses().that().resideInAnyPackage(ENGINE)
            .should().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().callMethod(Instant.class, "now")
            .orShould().callMethod(LocalDate.class, "now")
            .orShould().callMethod(LocalDateTime.class, "now")
            .orShould().callMethod(ZonedDateTime.class, "now")
            .orShould().callMethod(Clock.class, "systemUTC")
            .orShould().callMethod(Clock.class, "systemDefaultZone")
            .because("the engine takes its clock as a parameter, so a simulation replays exactly");

    static final ArchRule ENGINE_MAKES_NO_UNSEEDED_RANDOMNESS = noClasses().that().resideInAnyPackage(ENGINE)
            .should().callConstructor(Random.class)
            .orShould().callConstructor(SecureRandom.class)
            .orShould().callMethod(Math.class, "random")
            .orShould().callMethod(ThreadLocalRandom.class, "current")
            .orShould().callMethod(UUID.class, "randomUUID")
            .because("the engine takes its random source as a parameter: the same seed gives the same decisions");

    static JavaClasses production() {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.quartermaster");
    }

    @Test
    void engineIsFreeOfIo() {
        ENGINE_IS_FREE_OF_IO.check(production());
    }

    @Test
    void engineReadsNoClock() {
        ENGINE_READS_NO_CLOCK.check(production());
    }

    @Test
    void engineMakesNoUnseededRandomness() {
        ENGINE_MAKES_NO_UNSEEDED_RANDOMNESS.check(production());
    }

    // The rules can fail: each catches a class of the engine's packages (kept in test sources) that breaks it.

    @Test
    void ioRuleCatchesAnEngineClassThatImportsJavaSql() {
        JavaClasses leaky = new ClassFileImporter().importClasses(SqlUsingEngineClass.class);
        assertThatThrownBy(() -> ENGINE_IS_FREE_OF_IO.check(leaky))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("java.sql");
    }

    @Test
    void clockRuleCatchesAnEngineClassThatReadsTheSystemClock() {
        JavaClasses leaky = new ClassFileImporter().importClasses(ClockReadingEngineClass.class);
        assertThatThrownBy(() -> ENGINE_READS_NO_CLOCK.check(leaky))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("currentTimeMillis");
    }

    @Test
    void randomnessRuleCatchesAnEngineClassThatCreatesAnUnseededRandom() {
        JavaClasses leaky = new ClassFileImporter().importClasses(UnseededRandomEngineClass.class);
        assertThatThrownBy(() -> ENGINE_MAKES_NO_UNSEEDED_RANDOMNESS.check(leaky))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Random");
    }

    @Test
    void aSeededRandomIsAllowed() {
        JavaClasses seeded = new ClassFileImporter().importClasses(dev.quartermaster.engine.archfixture.SeededRandomEngineClass.class);
        assertThatCode(() -> ENGINE_MAKES_NO_UNSEEDED_RANDOMNESS.check(seeded)).doesNotThrowAnyException();
    }
}
