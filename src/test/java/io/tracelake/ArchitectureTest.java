package io.tracelake;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of the four source roots: model ← parsers ← jobs ← simulator, Spark only in jobs and the simulator,
 * and the engine (model, parsers, jobs) never importing the simulator, whose commands the CLI finds at run time.
 */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.tracelake");
  }

  @Test
  void modelDependsOnNothingOfOursAndNoFramework() {
    noClasses().that().resideInAPackage("io.tracelake.model..")
        .should().dependOnClassesThat().resideInAnyPackage("io.tracelake.parsers..", "io.tracelake.jobs..",
            "io.tracelake.simulator..", "org.apache.spark..", "org.apache.hadoop..", "scala..",
            "com.fasterxml.jackson..")
        .check(classes);
  }

  @Test
  void parsersDependOnModelOnlyAndNeverOnSpark() {
    noClasses().that().resideInAPackage("io.tracelake.parsers..")
        .should().dependOnClassesThat().resideInAnyPackage("io.tracelake.jobs..", "io.tracelake.simulator..",
            "org.apache.spark..", "org.apache.hadoop..", "scala..")
        .check(classes);
  }

  @Test
  void nothingOutsideTheSimulatorDependsOnIt() {
    // the generator and the accuracy scorer are test equipment: the engine must build, run and ship without them
    noClasses().that().resideOutsideOfPackage("io.tracelake.simulator..")
        .should().dependOnClassesThat().resideInAPackage("io.tracelake.simulator..")
        .check(classes);
  }

  @Test
  void theGeneratorIsPlainJavaOverTheModel() {
    // its package, not the scorer's or the commands': it writes files, so it needs neither Spark nor the engine
    noClasses().that().resideInAPackage("io.tracelake.simulator")
        .should().dependOnClassesThat().resideInAnyPackage("io.tracelake.parsers..", "io.tracelake.jobs..",
            "org.apache.spark..", "org.apache.hadoop..", "scala..")
        .check(classes);
  }

  @Test
  void theFourRootsHoldOnlyTheirOwnPackages() {
    classes().that().resideInAPackage("io.tracelake..")
        .should().resideInAnyPackage("io.tracelake.model..", "io.tracelake.parsers..", "io.tracelake.jobs..",
            "io.tracelake.simulator..")
        .check(classes);
  }
}
