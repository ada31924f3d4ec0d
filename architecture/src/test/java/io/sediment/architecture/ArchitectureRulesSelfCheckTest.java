package io.sediment.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * Each rule fails on a class that breaks it and passes without one, so no rule can pass silently
 * (for instance by matching no class at all).
 */
class ArchitectureRulesSelfCheckTest {

  private static final String ROOT = "io.sediment.architecture.fixture";

  private static JavaClasses fixtures(String... modules) {
    String[] packages = new String[modules.length];
    for (int i = 0; i < modules.length; i++) {
      packages[i] = ROOT + "." + modules[i];
    }
    return new ClassFileImporter().importPackages(packages);
  }

  private static String report(EvaluationResult r) {
    return String.join("\n", r.getFailureReport().getDetails());
  }

  @Test
  void theInternalAccessRuleFailsOnAnotherModulesUse() {
    EvaluationResult r =
        ArchitectureRules.noAccessToOtherModulesInternals(ROOT).evaluate(fixtures("alpha", "beta"));
    assertTrue(r.hasViolation());
    assertTrue(report(r).contains("beta.Intruder"), report(r));
    assertFalse(report(r).contains("Hiding"), "a module may use its own internals: " + report(r));
    assertFalse(report(r).contains("Exposing"), report(r));
  }

  @Test
  void thePublicApiRuleFailsOnEachKindOfLeak() {
    EvaluationResult r =
        ArchitectureRules.publicApiNamesNoInternalType(ROOT).evaluate(fixtures("alpha"));
    assertTrue(r.hasViolation());
    String report = report(r);
    assertTrue(report.contains("Exposing: extends"), report);
    assertTrue(report.contains("secrets[] returns"), "a generic argument: " + report);
    assertFalse(report.contains("Hiding"), "a private field is no API: " + report);
  }

  @Test
  void theCycleRuleFailsOnTwoModulesThatDependOnEachOther() {
    EvaluationResult r =
        ArchitectureRules.noCycleBetweenModules(ROOT).evaluate(fixtures("beta", "gamma"));
    assertTrue(r.hasViolation());
    assertTrue(report(r).contains("module beta"), report(r));
    EvaluationResult clean =
        ArchitectureRules.noCycleBetweenModules(ROOT).evaluate(fixtures("alpha", "gamma"));
    assertFalse(clean.hasViolation(), report(clean));
  }

  @Test
  void cleanModulesPassEveryRule() {
    JavaClasses clean =
        new ClassFileImporter()
            .importClasses(
                io.sediment.architecture.fixture.alpha.Hiding.class,
                io.sediment.architecture.fixture.alpha.internal.Secret.class);
    assertFalse(
        ArchitectureRules.noAccessToOtherModulesInternals(ROOT).evaluate(clean).hasViolation());
    assertFalse(
        ArchitectureRules.publicApiNamesNoInternalType(ROOT).evaluate(clean).hasViolation());
  }
}
