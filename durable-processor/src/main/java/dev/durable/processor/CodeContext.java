package dev.durable.processor;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * What a {@link CodeRule} may ask about the node it is handed: types and elements of nearby
 * trees, the initializer of a variable, and how to name a member in a message.
 */
public final class CodeContext {
  private final Trees trees;
  private final DurableElements model;
  private final Map<VariableElement, ExpressionTree> localInitializers;
  private final StaticWrites staticWrites;
  private TreePath path;

  CodeContext(
      Trees trees,
      DurableElements model,
      Map<VariableElement, ExpressionTree> localInitializers,
      StaticWrites staticWrites) {
    this.trees = trees;
    this.model = model;
    this.localInitializers = localInitializers;
    this.staticWrites = staticWrites;
  }

  void moveTo(TreePath path) {
    this.path = path;
  }

  public Types types() {
    return model.types();
  }

  public Elements elements() {
    return model.elements();
  }

  public DurableElements model() {
    return model;
  }

  /**
   * The path of the node being handed to the rule, for rules that look at what surrounds it (the
   * statement holding a call, the pipeline after a {@code stream()}).
   */
  public TreePath currentPath() {
    return path;
  }

  /** The declaration of a method, field or class whose source is in this compilation, if any. */
  public Optional<TreePath> sourceOf(Element element) {
    return Optional.ofNullable(trees.getPath(element));
  }

  /**
   * Whether code anywhere in this compilation assigns the static {@code field} (outside its class's
   * static initialization) or, for a reference to a collection, map or {@code java.util.concurrent
   * .atomic} object, changes the object it holds.
   */
  public boolean isChangedAnywhere(VariableElement field) {
    return staticWrites.isChanged(field);
  }

  /** The static type javac attributed to {@code tree}, a node inside the code being walked. */
  public TypeMirror typeOf(Tree tree) {
    return trees.getTypeMirror(new TreePath(path, tree));
  }

  /** The element {@code tree} refers to, or null (for example for a literal). */
  public Element elementOf(Tree tree) {
    return trees.getElement(new TreePath(path, tree));
  }

  /**
   * The initializer of a local variable declared earlier in the walked code, or of a field declared
   * in this compilation. Later assignments are not tracked: the rules using this are best effort.
   */
  public Optional<ExpressionTree> initializerOf(VariableElement variable) {
    if (variable.getKind() == ElementKind.FIELD) {
      Tree declaration = trees.getTree(variable);
      return declaration instanceof VariableTree v
          ? Optional.ofNullable(v.getInitializer())
          : Optional.empty();
    }
    return Optional.ofNullable(localInitializers.get(variable));
  }

  /**
   * Names a called member the way the message shows it: {@code System.currentTimeMillis()},
   * {@code new Random()}, {@code Executors.newFixedThreadPool(...)} or {@code System::nanoTime}.
   */
  public static String describeCall(Tree call, ExecutableElement callee) {
    String owner = simpleOwner(callee);
    if (call instanceof MemberReferenceTree) {
      return owner + "::" + (callee.getKind() == ElementKind.CONSTRUCTOR ? "new" : callee.getSimpleName());
    }
    boolean noArguments =
        call instanceof MethodInvocationTree invocation
            ? invocation.getArguments().isEmpty()
            : ((NewClassTree) call).getArguments().isEmpty();
    String arguments = noArguments ? "()" : "(...)";
    return callee.getKind() == ElementKind.CONSTRUCTOR
        ? "new " + owner + arguments
        : owner + "." + callee.getSimpleName() + arguments;
  }

  /** Names a field as {@code Owner.field}. */
  public static String describeField(VariableElement field) {
    return simpleOwner(field) + "." + field.getSimpleName();
  }

  private static String simpleOwner(Element member) {
    Element owner = member.getEnclosingElement();
    return owner instanceof TypeElement type ? type.getSimpleName().toString() : owner.toString();
  }
}
