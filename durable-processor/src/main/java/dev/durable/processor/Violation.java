package dev.durable.processor;

import com.sun.source.tree.Tree;

/**
 * What a {@link CodeRule} found at one node: the tree to report on, how to name the offending
 * construct in the message (for example {@code Clock.systemUTC()}), and the rest of the message
 * (why it breaks replay and the fix) from {@link Messages}.
 */
public record Violation(Tree at, String subject, String explanation) {}
