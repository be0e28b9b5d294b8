package org.calico4j.model.selector;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive descent over the token list, mirroring Calico's {@code parser.go}: {@code ||} binds
 * loosest, then {@code &&}, then any run of {@code !}, which applies to a single operation.
 */
final class Parser {
    private final String text;
    private final List<Token> tokens;
    private int next;

    private Parser(String text, List<Token> tokens) {
        this.text = text;
        this.tokens = tokens;
    }

    static AstNode parse(String text) {
        List<Token> tokens = Lexer.tokenize(text);
        if (tokens.get(0).kind() == TokenKind.EOF) {
            return AstNode.ALL;
        }
        Parser parser = new Parser(text, tokens);
        AstNode root = parser.orExpression();
        Token rest = parser.peek();
        if (rest.kind() != TokenKind.EOF) {
            throw parser.error("unexpected content at end of selector", rest);
        }
        return root;
    }

    private AstNode orExpression() {
        List<AstNode> operands = new ArrayList<>();
        operands.add(andExpression());
        while (peek().kind() == TokenKind.OR) {
            next++;
            operands.add(andExpression());
        }
        return operands.size() == 1 ? operands.get(0) : new AstNode.Or(List.copyOf(operands));
    }

    private AstNode andExpression() {
        List<AstNode> operands = new ArrayList<>();
        operands.add(operation());
        while (peek().kind() == TokenKind.AND) {
            next++;
            operands.add(operation());
        }
        return operands.size() == 1 ? operands.get(0) : new AstNode.And(List.copyOf(operands));
    }

    private AstNode operation() {
        // Calico collapses a run of '!' by parity rather than nesting one node per '!'.
        boolean negated = false;
        while (peek().kind() == TokenKind.NOT) {
            negated = !negated;
            next++;
        }
        Token token = peek();
        AstNode node = switch (token.kind()) {
            case HAS -> {
                next++;
                yield new AstNode.Has(token.value());
            }
            case ALL -> {
                next++;
                yield AstNode.ALL;
            }
            case GLOBAL -> {
                next++;
                yield AstNode.GLOBAL;
            }
            case LABEL -> labelOperation();
            case LPAREN -> {
                next++;
                AstNode inner = orExpression();
                if (peek().kind() != TokenKind.RPAREN) {
                    throw error("expected )", peek());
                }
                next++;
                yield inner;
            }
            default -> throw error("unexpected token: " + token.describe(), token);
        };
        return negated ? new AstNode.Not(node) : node;
    }

    private AstNode labelOperation() {
        Token label = tokens.get(next);
        Token op = tokens.get(next + 1);
        if (op.kind() == TokenKind.EOF) {
            throw error("unexpected end of string looking for op", op);
        }
        Token operand = tokens.get(next + 2);
        return switch (op.kind()) {
            case EQ -> compare(label, CompareOp.EQ, operand);
            case NE -> compare(label, CompareOp.NE, operand);
            case CONTAINS -> compare(label, CompareOp.CONTAINS, operand);
            case STARTS_WITH -> compare(label, CompareOp.STARTS_WITH, operand);
            case ENDS_WITH -> compare(label, CompareOp.ENDS_WITH, operand);
            case IN -> set(label, false, operand);
            case NOT_IN -> set(label, true, operand);
            default -> throw error("expected == or != not: " + op.describe(), op);
        };
    }

    private AstNode compare(Token label, CompareOp op, Token operand) {
        if (operand.kind() != TokenKind.STRING) {
            throw error("expected string", operand);
        }
        next += 3;
        return new AstNode.Compare(label.value(), op, operand.value());
    }

    // "{}" and a trailing comma are both accepted, as in Calico.
    private AstNode set(Token label, boolean negated, Token brace) {
        if (brace.kind() != TokenKind.LBRACE) {
            throw error("expected set literal", brace);
        }
        next += 3;
        List<String> values = new ArrayList<>();
        while (peek().kind() == TokenKind.STRING) {
            values.add(peek().value());
            next++;
            if (peek().kind() != TokenKind.COMMA) {
                break;
            }
            next++;
        }
        if (peek().kind() != TokenKind.RBRACE) {
            throw error("expected }", peek());
        }
        next++;
        return AstNode.InSet.of(label.value(), negated, values);
    }

    private Token peek() {
        return tokens.get(next);
    }

    private SelectorParseException error(String reason, Token at) {
        return new SelectorParseException(text, at.start(), reason);
    }
}
