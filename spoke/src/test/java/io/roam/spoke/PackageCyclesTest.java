package io.roam.spoke;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spoke's packages are concepts that depend on each other one way: a reader can start at any
 * package and understand it from the ones below it.
 */
class PackageCyclesTest {

    private static final JavaClasses SPOKE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.roam.spoke");

    @Test
    void no_cycles_between_spoke_packages() {
        assertThat(violations(slices().matching("io.roam.spoke.(*)..").should().beFreeOfCycles())).isEmpty();
    }

    @Test
    void the_root_package_depends_on_none_of_them() {
        assertThat(violations(noClasses().that().resideInAPackage("io.roam.spoke")
                .should().dependOnClassesThat().resideInAPackage("io.roam.spoke.(*)..")))
                .isEmpty();
    }

    @Test
    void the_rules_see_the_whole_spoke() {
        assertThat(SPOKE.contain("io.roam.spoke.directory.RoamingDirectory")).isTrue();
        assertThat(SPOKE.contain("io.roam.spoke.login.ExtensionMobility")).isTrue();
    }

    private static List<String> violations(ArchRule rule) {
        return rule.evaluate(SPOKE).getFailureReport().getDetails();
    }
}
