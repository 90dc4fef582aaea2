package dev.barker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The architecture as the README's Layout section draws it, checked on the main classes of every
 * module this one is built from: no package depends on itself through others, the library knows
 * nothing of Barker, and services never reach into each other.
 */
class ArchitectureTest {

  /** Barker's service modules, each one concern; none may use another. */
  private static final List<String> SERVICES = List.of("dev.barker.directory..", "dev.barker.bizlogic..",
      "dev.barker.autobark..", "dev.barker.webui..", "dev.barker.monitoring..");

  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ArchitectureTest::isMainCode)
      .importPackages("dev.barker");

  @Test
  void noPackageCycles() {
    slices().matching("dev.barker.(**)").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void theLibraryKnowsNothingOfBarker() {
    noClasses().that().resideInAPackage("dev.barker.manifold..")
        .should().dependOnClassesThat().resideOutsideOfPackages("dev.barker.manifold..", "java..", "javax..",
            "io.vertx..", "io.netty..", "org.apache.qpid.proton..", "org.slf4j..", "picocli..",
            "com.sun.management..", "io.prometheus..")
        .check(MAIN);
  }

  @Test
  void servicesDoNotUseOneAnother() {
    for (String service : SERVICES) {
      noClasses().that().resideInAPackage(service)
          .should().dependOnClassesThat().resideInAnyPackage(SERVICES.stream().filter(s -> !s.equals(service))
              .toArray(String[]::new))
          .check(MAIN);
    }
  }

  @Test
  void onlyTheEngineDrivesProton() {
    noClasses().that().resideOutsideOfPackage("dev.barker.manifold.engine..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.qpid.proton.engine..")
        .check(MAIN);
  }

  /** Main classes only: not test classes, nor the test jar manifold-core shares with the others' tests. */
  private static boolean isMainCode(Location location) {
    return new ImportOption.DoNotIncludeTests().includes(location) && !location.contains("-tests.jar");
  }
}
