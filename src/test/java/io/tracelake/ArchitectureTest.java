package io.tracelake;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering of the three source roots: model ← parsers ← jobs, and Spark only in jobs. */
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
            "org.apache.spark..", "org.apache.hadoop..", "scala..", "com.fasterxml.jackson..")
        .check(classes);
  }

  @Test
  void parsersDependOnModelOnlyAndNeverOnSpark() {
    noClasses().that().resideInAPackage("io.tracelake.parsers..")
        .should().dependOnClassesThat().resideInAnyPackage("io.tracelake.jobs..", "org.apache.spark..",
            "org.apache.hadoop..", "scala..")
        .check(classes);
  }

  @Test
  void theThreeRootsHoldOnlyTheirOwnPackages() {
    classes().that().resideInAPackage("io.tracelake..")
        .should().resideInAnyPackage("io.tracelake.model..", "io.tracelake.parsers..", "io.tracelake.jobs..")
        .check(classes);
  }
}
