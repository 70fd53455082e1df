package dev.durable.processor.rules;

import java.util.List;
import java.util.regex.Pattern;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * One entry of a banned-member table, written as data: {@code owner#member} or
 * {@code owner#member(erased.param.Types,...)}.
 *
 * <ul>
 *   <li>{@code owner} is a fully qualified type, matching members declared in it or in any subtype
 *       (so {@code java.lang.Thread#start} also matches {@code MyThread.start()}), or
 *       {@code some.package.*} for every type of that package (not subpackages).
 *   <li>{@code member} is a method or field name, {@code <init>} for constructors, and may use
 *       {@code *} as a wildcard ({@code system*}, {@code *Async}, {@code *}).
 *   <li>The optional parameter list matches the erased parameter types exactly; {@code ()} means
 *       "no arguments", as in {@code java.util.Random#<init>()} (unseeded) versus
 *       {@code new Random(seed)}.
 * </ul>
 *
 * <p>Owners that do not exist on the compiling JDK (for example {@code StructuredTaskScope} on 17)
 * simply never match, so the tables name newer APIs without breaking older compilers.
 */
final class MemberPattern {
  private final String owner;
  private final boolean packageWildcard;
  private final Pattern member;
  private final List<String> parameters;

  private MemberPattern(String owner, boolean packageWildcard, Pattern member, List<String> parameters) {
    this.owner = owner;
    this.packageWildcard = packageWildcard;
    this.member = member;
    this.parameters = parameters;
  }

  static MemberPattern parse(String spec) {
    int hash = spec.indexOf('#');
    if (hash < 0) {
      throw new IllegalArgumentException("Expected owner#member: " + spec);
    }
    String owner = spec.substring(0, hash);
    String rest = spec.substring(hash + 1);
    List<String> parameters = null;
    int paren = rest.indexOf('(');
    if (paren >= 0) {
      String inside = rest.substring(paren + 1, rest.length() - 1).trim();
      parameters = inside.isEmpty() ? List.of() : List.of(inside.split("\\s*,\\s*"));
      rest = rest.substring(0, paren);
    }
    boolean packageWildcard = owner.endsWith(".*");
    String ownerName = packageWildcard ? owner.substring(0, owner.length() - 2) : owner;
    Pattern member = Pattern.compile(Pattern.quote(rest).replace("*", "\\E.*\\Q"));
    return new MemberPattern(ownerName, packageWildcard, member, parameters);
  }

  boolean matches(Element element, Elements elements, Types types) {
    if (!(element.getEnclosingElement() instanceof TypeElement declaringType)) {
      return false;
    }
    String name =
        element.getKind() == ElementKind.CONSTRUCTOR ? "<init>" : element.getSimpleName().toString();
    return member.matcher(name).matches()
        && parametersMatch(element, types)
        && ownerMatches(declaringType, elements, types);
  }

  private boolean parametersMatch(Element element, Types types) {
    if (parameters == null) {
      return true;
    }
    if (element instanceof VariableElement || !(element instanceof ExecutableElement method)) {
      return false;
    }
    if (method.getParameters().size() != parameters.size()) {
      return false;
    }
    for (int i = 0; i < parameters.size(); i++) {
      String actual = types.erasure(method.getParameters().get(i).asType()).toString();
      if (!actual.equals(parameters.get(i))) {
        return false;
      }
    }
    return true;
  }

  private boolean ownerMatches(TypeElement declaringType, Elements elements, Types types) {
    if (packageWildcard) {
      PackageElement pkg = elements.getPackageOf(declaringType);
      return pkg.getQualifiedName().contentEquals(owner);
    }
    if (declaringType.getQualifiedName().contentEquals(owner)) {
      return true;
    }
    // Every type is a subtype of Object, so Object's members match only where Object declares them.
    TypeElement ownerType = owner.equals("java.lang.Object") ? null : elements.getTypeElement(owner);
    return ownerType != null
        && types.isSubtype(
            types.erasure(declaringType.asType()), types.erasure(ownerType.asType()));
  }

  @Override
  public String toString() {
    return owner + (packageWildcard ? ".*" : "") + "#" + member;
  }
}
