package dev.durable.processor.rules;

import dev.durable.processor.CodeContext;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Whether a type's {@code hashCode()} is the same in every JVM run. Shared by the rules about hash
 * order and hash codes, which report only what is certain ({@link #IDENTITY}): an enum, a class
 * keeping {@code Object.hashCode()}, or a record, list, set or map containing one. Interfaces other
 * than the value-hashed collections and {@code Path}, {@code Object} and type variables are {@link
 * #UNKNOWN} and not reported.
 */
enum HashStability {
  /** Hashes by value: strings, numbers, java.time, UUID, records and collections of those. */
  VALUE,
  /** Hashes by identity, different in every JVM run: enums, classes keeping Object.hashCode(). */
  IDENTITY,
  /** Cannot tell from the static type. */
  UNKNOWN;

  private static final int MAX_DEPTH = 4;

  private static final List<String> VALUE_TYPES =
      List.of(
          "java.lang.String",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Short",
          "java.lang.Byte",
          "java.lang.Character",
          "java.lang.Boolean",
          "java.lang.Double",
          "java.lang.Float",
          "java.math.BigInteger",
          "java.math.BigDecimal",
          "java.util.UUID",
          "java.net.URI",
          // Path's hashCode is its string's on every file system the JDK ships.
          "java.nio.file.Path");

  /** Types whose contract defines hashCode from their elements (or the value they hold). */
  private static final Set<String> VALUE_HASHED_CONTAINERS =
      Set.of(
          "java.util.List",
          "java.util.Set",
          "java.util.Map",
          "java.util.Map.Entry",
          "java.util.Optional");

  static HashStability of(TypeMirror type, CodeContext context) {
    return of(type, context, 0);
  }

  private static HashStability of(TypeMirror type, CodeContext context, int depth) {
    if (type == null || depth > MAX_DEPTH) {
      return UNKNOWN;
    }
    if (type.getKind().isPrimitive()) {
      return VALUE;
    }
    if (type.getKind() == TypeKind.ARRAY) {
      return IDENTITY;
    }
    if (!(type instanceof DeclaredType declared)) {
      return UNKNOWN;
    }
    TypeElement element = (TypeElement) declared.asElement();
    String name = element.getQualifiedName().toString();
    if (VALUE_TYPES.contains(name) || name.startsWith("java.time.")) {
      return VALUE;
    }
    if (element.getKind() == ElementKind.ENUM) {
      return IDENTITY;
    }
    if (element.getKind() == ElementKind.RECORD) {
      HashStability result = VALUE;
      for (Element component : element.getRecordComponents()) {
        result = result.and(of(component.asType(), context, depth + 1));
      }
      return result;
    }
    if (isValueHashedContainer(element, context)) {
      if (declared.getTypeArguments().isEmpty()) {
        return UNKNOWN;
      }
      HashStability result = VALUE;
      for (TypeMirror argument : declared.getTypeArguments()) {
        result = result.and(of(argument, context, depth + 1));
      }
      return result;
    }
    if (element.getKind() != ElementKind.CLASS || name.equals("java.lang.Object")) {
      return UNKNOWN;
    }
    if (overridesHashCode(element)) {
      return VALUE;
    }
    return element.getModifiers().contains(Modifier.ABSTRACT) ? UNKNOWN : IDENTITY;
  }

  /** The less stable of the two. */
  private HashStability and(HashStability other) {
    if (this == IDENTITY || other == IDENTITY) {
      return IDENTITY;
    }
    return this == UNKNOWN || other == UNKNOWN ? UNKNOWN : VALUE;
  }

  private static boolean isValueHashedContainer(TypeElement element, CodeContext context) {
    for (String name : VALUE_HASHED_CONTAINERS) {
      TypeElement container = context.elements().getTypeElement(name);
      if (container != null
          && context
              .types()
              .isSubtype(
                  context.types().erasure(element.asType()),
                  context.types().erasure(container.asType()))) {
        return true;
      }
    }
    return false;
  }

  private static boolean overridesHashCode(TypeElement type) {
    for (TypeElement t = type;
        t != null && !t.getQualifiedName().contentEquals("java.lang.Object");
        t = t.getSuperclass() instanceof DeclaredType d ? (TypeElement) d.asElement() : null) {
      for (Element member : t.getEnclosedElements()) {
        if (member.getKind() == ElementKind.METHOD
            && member.getSimpleName().contentEquals("hashCode")
            && ((ExecutableElement) member).getParameters().isEmpty()) {
          return true;
        }
      }
    }
    return false;
  }
}
