package io.roam.spoke;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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
        slices().matching("io.roam.spoke.(*)..").should().beFreeOfCycles().check(SPOKE);
    }

    @Test
    void the_root_package_depends_on_none_of_them() {
        noClasses().that().resideInAPackage("io.roam.spoke")
                .should().dependOnClassesThat().resideInAPackage("io.roam.spoke.(*)..")
                .check(SPOKE);
    }
}
