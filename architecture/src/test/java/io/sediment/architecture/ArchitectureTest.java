package io.sediment.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of the whole build, on every module's main and test classes: a failure
 * names each offending dependency or signature.
 */
class ArchitectureTest {

  static final String ROOT = "io.sediment";

  @Test
  void theRulesSeeMainAndTestClassesOfEveryModule() {
    JavaClasses all = SedimentClasses.all();
    for (String name :
        new String[] {
          "io.sediment.lsm.internal.db.DbImpl",
          "io.sediment.lsm.spi.StoreEngine",
          "io.sediment.snapshot.CheckpointStorage",
          "io.sediment.snapshot.CheckpointContract",
          "io.sediment.tool.Main",
          "io.sediment.fuzz.DbStore",
          "io.sediment.jmh.CheckpointBase",
          "io.sediment.keygroups.KeyGroups"
        }) {
      assertTrue(all.contain(name), name + " was not imported");
    }
  }

  @Test
  void noModuleTouchesAnotherModulesInternals() {
    ArchitectureRules.noAccessToOtherModulesInternals(ROOT).check(SedimentClasses.all());
  }

  @Test
  void noPublicSignatureNamesAnInternalType() {
    ArchitectureRules.publicApiNamesNoInternalType(ROOT).check(SedimentClasses.all());
  }

  @Test
  void modulesFormNoCycle() {
    ArchitectureRules.noCycleBetweenModules(ROOT).check(SedimentClasses.all());
  }
}
