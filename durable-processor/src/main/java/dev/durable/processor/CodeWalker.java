package dev.durable.processor;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;

/**
 * Walks code from a set of root methods and, transitively, every method they call whose source is
 * in this compilation (helpers, other classes, constructors, method references; lambda and
 * anonymous class bodies are walked where they are written). Field initializers are code too: the
 * initializer of every field the walked code reads, and the instance initializers of every class
 * whose constructor it calls (issue 21: {@code private final Random random = new Random();}).
 * Calls to steps and workflow methods are not followed: a step's body is memoized rather than
 * replayed, and a workflow method is a root of its own. Each node is handed once to every rule.
 *
 * <p>Calls are followed to the method javac resolved statically; an interface call is not followed
 * into its implementations. A method is walked again only when it is reached through a chain with
 * different {@code @SuppressWarnings} (suppression on a caller covers what it calls), so the walk
 * stays linear in practice.
 */
final class CodeWalker {
  /** The result: every method walked (for the fingerprint) and what the rules found. */
  record Walk(Set<ExecutableElement> methods, List<Finding> findings) {}

  /**
   * One piece of code to walk and the call chain that reached it: a method or constructor (its
   * body), a field (its initializer) or a class (its instance initializer blocks).
   */
  private record Item(Element code, Item caller, Set<String> suppressedOnChain) {
    List<Element> chain() {
      List<Element> chain = new ArrayList<>();
      for (Item item = this; item != null; item = item.caller) {
        chain.add(item.code);
      }
      Collections.reverse(chain);
      return chain;
    }
  }

  private final Trees trees;
  private final DurableElements model;
  private final List<CodeRule> rules;
  private final String rootKind;
  private final StaticWrites staticWrites;

  CodeWalker(
      Trees trees,
      DurableElements model,
      List<CodeRule> rules,
      String rootKind,
      StaticWrites staticWrites) {
    this.trees = trees;
    this.model = model;
    this.rules = rules;
    this.rootKind = rootKind;
    this.staticWrites = staticWrites;
  }

  /** Walks {@code roots}; {@code home} is the type whose methods are named without a class prefix. */
  Walk walk(TypeElement home, List<ExecutableElement> roots) {
    Set<ExecutableElement> walked = new LinkedHashSet<>();
    List<Finding> findings = new ArrayList<>();
    Map<Element, Set<Set<String>>> visited = new HashMap<>();
    Deque<Item> queue = new ArrayDeque<>();
    for (ExecutableElement root : roots) {
      queue.add(new Item(root, null, suppressionsOn(root, Set.of())));
    }
    while (!queue.isEmpty()) {
      Item item = queue.removeFirst();
      if (!visited.computeIfAbsent(item.code, m -> new HashSet<>()).add(item.suppressedOnChain)) {
        continue;
      }
      TreePath path = trees.getPath(item.code);
      if (path == null) {
        continue;
      }
      List<Tree> code = codeOf(path.getLeaf());
      if (item.code instanceof ExecutableElement method && !code.isEmpty()) {
        walked.add(method);
      }
      for (Tree tree : code) {
        new BodyScanner(home, item, path.getCompilationUnit(), findings, queue)
            .scan(new TreePath(path, tree), null);
      }
    }
    return new Walk(walked, findings);
  }

  /** A method's body, a field's initializer, or a class's instance initializer blocks. */
  private static List<Tree> codeOf(Tree declaration) {
    if (declaration instanceof MethodTree method) {
      return method.getBody() == null ? List.of() : List.of(method.getBody());
    }
    if (declaration instanceof VariableTree field) {
      return field.getInitializer() == null ? List.of() : List.of(field.getInitializer());
    }
    List<Tree> blocks = new ArrayList<>();
    if (declaration instanceof ClassTree type) {
      for (Tree member : type.getMembers()) {
        if (member instanceof BlockTree block && !block.isStatic()) {
          blocks.add(block);
        }
      }
    }
    return blocks;
  }

  /** The ids of {@code @SuppressWarnings} on {@code code} and what encloses it, plus {@code inherited}. */
  private static Set<String> suppressionsOn(Element code, Set<String> inherited) {
    Set<String> ids = new TreeSet<>(inherited);
    for (Element e = code; e != null; e = e.getEnclosingElement()) {
      SuppressWarnings annotation = e.getAnnotation(SuppressWarnings.class);
      if (annotation != null) {
        for (String id : annotation.value()) {
          if (id.startsWith("Durable")) {
            ids.add(id);
          }
        }
      }
    }
    return ids;
  }

  /** Scans one method body, dispatching nodes to the rules and queueing calls to follow. */
  private final class BodyScanner extends TreePathScanner<Void, Void> {
    private final TypeElement home;
    private final Item item;
    private final CompilationUnitTree unit;
    private final List<Finding> findings;
    private final Deque<Item> queue;
    private final Map<VariableElement, ExpressionTree> localInitializers = new HashMap<>();
    private final CodeContext context;
    private final OneFindingPerExpression perExpression;

    BodyScanner(
        TypeElement home,
        Item item,
        CompilationUnitTree unit,
        List<Finding> findings,
        Deque<Item> queue) {
      this.home = home;
      this.item = item;
      this.unit = unit;
      this.findings = findings;
      this.queue = queue;
      this.context = new CodeContext(trees, model, localInitializers, staticWrites);
      this.perExpression =
          new OneFindingPerExpression(trees.getSourcePositions(), unit, findings);
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
      onCall(node);
      return super.visitMethodInvocation(node, unused);
    }

    @Override
    public Void visitNewClass(NewClassTree node, Void unused) {
      onCall(node);
      return super.visitNewClass(node, unused);
    }

    @Override
    public Void visitMemberReference(MemberReferenceTree node, Void unused) {
      onCall(node);
      return super.visitMemberReference(node, unused);
    }

    @Override
    public Void visitIdentifier(IdentifierTree node, Void unused) {
      onName(node);
      return super.visitIdentifier(node, unused);
    }

    @Override
    public Void visitMemberSelect(MemberSelectTree node, Void unused) {
      onName(node);
      return super.visitMemberSelect(node, unused);
    }

    @Override
    public Void visitEnhancedForLoop(EnhancedForLoopTree node, Void unused) {
      dispatch(rule -> rule.onEnhancedFor(node, context));
      return super.visitEnhancedForLoop(node, unused);
    }

    @Override
    public Void visitCatch(CatchTree node, Void unused) {
      dispatch(rule -> rule.onCatch(node, context));
      return super.visitCatch(node, unused);
    }

    @Override
    public Void visitVariable(VariableTree node, Void unused) {
      if (node.getInitializer() != null
          && trees.getElement(getCurrentPath()) instanceof VariableElement local) {
        localInitializers.put(local, node.getInitializer());
      }
      return super.visitVariable(node, unused);
    }

    private void onCall(Tree node) {
      if (!(trees.getElement(getCurrentPath()) instanceof ExecutableElement callee)) {
        return;
      }
      dispatch(rule -> rule.onCall(node, callee, context));
      follow(callee);
    }

    private void onName(ExpressionTree node) {
      if (trees.getElement(getCurrentPath()) instanceof VariableElement field
          && field.getKind() == ElementKind.FIELD) {
        dispatch(rule -> rule.onFieldAccess(node, field, context));
        enqueue(field);
      }
    }

    private void dispatch(Function<CodeRule, Optional<Violation>> hook) {
      context.moveTo(getCurrentPath());
      for (CodeRule rule : rules) {
        hook.apply(rule).ifPresent(violation -> report(rule, violation));
      }
    }

    private void report(CodeRule rule, Violation violation) {
      TreePath here = getCurrentPath();
      TreePath at = here.getLeaf() == violation.at() ? here : new TreePath(here, violation.at());
      perExpression.add(rule.id(), violation.subject(), at, toFinding(rule, violation, at));
    }

    private void follow(ExecutableElement callee) {
      if (model.isStep(callee) || model.isWorkflowMethod(callee)) {
        return;
      }
      if (callee.getKind() == ElementKind.CONSTRUCTOR) {
        enqueueInitializersOf((TypeElement) callee.getEnclosingElement());
      }
      // Local and anonymous classes are walked where they are declared, inside the walked body.
      Element owner = callee.getEnclosingElement();
      if (owner instanceof TypeElement type
          && (type.getNestingKind() == NestingKind.LOCAL
              || type.getNestingKind() == NestingKind.ANONYMOUS)) {
        return;
      }
      enqueue(callee);
    }

    /** A constructor also runs the instance field initializers and initializer blocks. */
    private void enqueueInitializersOf(TypeElement type) {
      if (type.getNestingKind() == NestingKind.LOCAL
          || type.getNestingKind() == NestingKind.ANONYMOUS) {
        return;
      }
      enqueue(type);
      for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
        if (!field.getModifiers().contains(Modifier.STATIC)) {
          enqueue(field);
        }
      }
    }

    private void enqueue(Element code) {
      if (trees.getPath(code) != null) {
        queue.addLast(new Item(code, item, suppressionsOn(code, item.suppressedOnChain)));
      }
    }

    private Finding toFinding(CodeRule rule, Violation violation, TreePath at) {
      List<Element> chain = item.chain();
      List<String> labels = new ArrayList<>();
      for (Element code : chain) {
        labels.add(label(code));
      }
      List<Element> scope = new ArrayList<>(chain);
      scope.addAll(declarationsAround(at));
      String message =
          Messages.code(rule.id(), violation.subject(), rootKind, labels, violation.explanation());
      return new Finding(
          rule.id(),
          rule.severity(),
          message,
          new Finding.AtTree(violation.at(), unit),
          scope);
    }

    /** Local variables, lambdas' enclosing methods and classes declared around the node. */
    private List<Element> declarationsAround(TreePath path) {
      List<Element> declarations = new ArrayList<>();
      for (TreePath p = path; p != null; p = p.getParentPath()) {
        Tree leaf = p.getLeaf();
        if (leaf instanceof VariableTree || leaf instanceof MethodTree || leaf instanceof ClassTree) {
          Element declared = trees.getElement(p);
          if (declared != null) {
            declarations.add(declared);
          }
        }
      }
      return declarations;
    }

    private String label(Element code) {
      if (code instanceof TypeElement type) {
        return "initializer of " + type.getSimpleName();
      }
      TypeElement owner = (TypeElement) code.getEnclosingElement();
      if (code.getKind() == ElementKind.CONSTRUCTOR) {
        return "new " + owner.getSimpleName() + "()";
      }
      String prefix = owner.equals(home) ? "" : owner.getSimpleName() + ".";
      return code instanceof VariableElement
          ? "field " + prefix + code.getSimpleName()
          : prefix + code.getSimpleName() + "()";
    }
  }
}
