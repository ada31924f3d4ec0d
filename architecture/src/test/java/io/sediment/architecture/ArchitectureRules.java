package io.sediment.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaTypeVariable;
import com.tngtech.archunit.core.domain.ThrowsDeclaration;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The module-boundary rules, for the modules under one root package: each top-level package below
 * the root ({@code io.sediment.lsm}, {@code io.sediment.snapshot}) is one module, and its {@code
 * internal} sub-packages are for that module alone. Parameterized by the root so that the same
 * rules are checked against violating fixtures ({@code ArchitectureRulesSelfCheckTest}).
 */
final class ArchitectureRules {

  private ArchitectureRules() {}

  /**
   * The module of a class, the first package segment below {@code root}, or empty for a class
   * outside the root.
   */
  static Optional<String> moduleOf(String root, JavaClass c) {
    String pkg = c.getBaseComponentType().getPackageName();
    if (!pkg.startsWith(root + ".")) {
      return Optional.empty();
    }
    String rest = pkg.substring(root.length() + 1);
    int dot = rest.indexOf('.');
    return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
  }

  /** Whether {@code c} is in an {@code internal} package of its module. */
  static boolean isInternal(String root, JavaClass c) {
    JavaClass base = c.getBaseComponentType();
    Optional<String> module = moduleOf(root, base);
    if (module.isEmpty()) {
      return false;
    }
    String internal = root + "." + module.get() + ".internal";
    String pkg = base.getPackageName();
    return pkg.equals(internal) || pkg.startsWith(internal + ".");
  }

  /** No class outside {@code <root>.<m>..} depends on {@code <root>.<m>.internal..}, for any m. */
  static ArchRule noAccessToOtherModulesInternals(String root) {
    return classes()
        .should(
            new ArchCondition<JavaClass>(
                "depend on internal packages of their own module only (" + root + ".*.internal)") {
              @Override
              public void check(JavaClass origin, ConditionEvents events) {
                Optional<String> own = moduleOf(root, origin);
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                  JavaClass target = d.getTargetClass();
                  if (isInternal(root, target) && !own.equals(moduleOf(root, target))) {
                    events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                  }
                }
              }
            })
        .allowEmptyShould(false);
  }

  /**
   * No public type outside internal packages extends or implements an internal type, or names one
   * in a public or protected member: field types, method and constructor parameter, return and
   * exception types, type parameters and generic arguments.
   */
  static ArchRule publicApiNamesNoInternalType(String root) {
    return classes()
        .should(
            new ArchCondition<JavaClass>("expose no internal type in their public API") {
              @Override
              public void check(JavaClass c, ConditionEvents events) {
                if (moduleOf(root, c).isEmpty() || isInternal(root, c) || !isApi(c)) {
                  return;
                }
                List<String> found = new ArrayList<>();
                c.getSuperclass().ifPresent(t -> leaks(root, t, "extends", found));
                for (JavaType t : c.getInterfaces()) {
                  leaks(root, t, "implements", found);
                }
                for (JavaTypeVariable<JavaClass> v : c.getTypeParameters()) {
                  leaks(root, v, "type parameter " + v.getName(), found);
                }
                for (JavaField f : c.getFields()) {
                  if (isApi(f.getModifiers())) {
                    leaks(root, f.getType(), "field " + f.getName(), found);
                  }
                }
                for (JavaCodeUnit u : c.getCodeUnits()) {
                  if (!isApi(u.getModifiers())
                      || u.getModifiers().contains(JavaModifier.SYNTHETIC)) {
                    continue;
                  }
                  String what =
                      u.getName()
                          + u.getRawParameterTypes().stream()
                              .map(JavaClass::getSimpleName)
                              .toList();
                  leaks(root, u.getReturnType(), what + " returns", found);
                  for (JavaType p : u.getParameterTypes()) {
                    leaks(root, p, what + " takes", found);
                  }
                  for (ThrowsDeclaration<? extends JavaCodeUnit> t : u.getThrowsClause()) {
                    leaks(root, t.getRawType(), what + " throws", found);
                  }
                  for (JavaTypeVariable<? extends JavaCodeUnit> v : u.getTypeParameters()) {
                    leaks(root, v, what + " type parameter " + v.getName(), found);
                  }
                }
                for (String leak : found) {
                  events.add(SimpleConditionEvent.violated(c, c.getName() + ": " + leak));
                }
              }
            })
        .allowEmptyShould(false);
  }

  /** No cycle between the modules (slices by top-level package below the root). */
  static ArchRule noCycleBetweenModules(String root) {
    return slices()
        .matching(root + ".(*)..")
        .namingSlices("module $1")
        .should()
        .beFreeOfCycles()
        .allowEmptyShould(false);
  }

  private static void leaks(String root, JavaType type, String where, List<String> found) {
    for (JavaClass raw : type.getAllInvolvedRawTypes()) {
      if (isInternal(root, raw)) {
        found.add(where + " " + raw.getName());
      }
    }
  }

  /** Whether code outside the package can name {@code c}: it and every enclosing class public. */
  private static boolean isApi(JavaClass c) {
    for (Optional<JavaClass> k = Optional.of(c); k.isPresent(); k = k.get().getEnclosingClass()) {
      if (!k.get().getModifiers().contains(JavaModifier.PUBLIC)) {
        return false;
      }
    }
    return !c.isAnonymousClass() && !c.isLocalClass();
  }

  private static boolean isApi(java.util.Set<JavaModifier> modifiers) {
    return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
  }
}
