package org.calico4j.model.selector;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits selector text into tokens the way Calico's hand-written tokenizer does.
 *
 * <p>The whole input is tokenized before parsing starts, as in Calico, so a lexical error later
 * in the text wins over a grammar error earlier in it.
 */
final class Lexer {
    static final int MAX_LABEL_LENGTH = 512;

    private final String text;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private Lexer(String text) {
        this.text = text;
    }

    /** Returns the tokens of {@code text}, always ending with an {@code EOF} token. */
    static List<Token> tokenize(String text) {
        return new Lexer(text).run();
    }

    private List<Token> run() {
        while (true) {
            pos = skipWhitespace(pos);
            if (pos == text.length()) {
                tokens.add(new Token(TokenKind.EOF, "", pos));
                return tokens;
            }
            char c = text.charAt(pos);
            switch (c) {
                case '(' -> punctuation(TokenKind.LPAREN);
                case ')' -> punctuation(TokenKind.RPAREN);
                case '{' -> punctuation(TokenKind.LBRACE);
                case '}' -> punctuation(TokenKind.RBRACE);
                case ',' -> punctuation(TokenKind.COMMA);
                case '"', '\'' -> string(c);
                case '=' -> doubled('=', TokenKind.EQ, "expected ==");
                case '&' -> doubled('&', TokenKind.AND, "expected &&");
                case '|' -> doubled('|', TokenKind.OR, "expected ||");
                case '!' -> {
                    if (text.startsWith("!=", pos)) {
                        add(TokenKind.NE, "", 2);
                    } else {
                        punctuation(TokenKind.NOT);
                    }
                }
                default -> word();
            }
        }
    }

    private void punctuation(TokenKind kind) {
        add(kind, "", 1);
    }

    private void doubled(char c, TokenKind kind, String error) {
        if (pos + 1 < text.length() && text.charAt(pos + 1) == c) {
            add(kind, "", 2);
        } else {
            throw error(error, pos);
        }
    }

    // No escapes: the literal simply runs to the next identical quote.
    private void string(char quote) {
        int close = text.indexOf(quote, pos + 1);
        if (close < 0) {
            throw error("unterminated string", pos);
        }
        tokens.add(new Token(TokenKind.STRING, text.substring(pos + 1, close), pos));
        pos = close + 1;
    }

    private void word() {
        if (afterLabel()) {
            operator();
        } else if (text.startsWith("has(", pos)) {
            has();
        } else if (text.startsWith("all(", pos)) {
            emptyCall("all(", TokenKind.ALL);
        } else if (text.startsWith("global(", pos)) {
            emptyCall("global(", TokenKind.GLOBAL);
        } else {
            int start = pos;
            String label = identifier();
            tokens.add(new Token(TokenKind.LABEL, label, start));
        }
    }

    // Word operators are only looked for straight after a label, which is what lets keywords
    // double as label names ("contains contains 'x'").
    private void operator() {
        int start = pos;
        int end;
        if ((end = matchWord(start, "contains")) >= 0) {
            addUntil(TokenKind.CONTAINS, start, end);
        } else if ((end = matchWords(start, "starts", "with")) >= 0) {
            addUntil(TokenKind.STARTS_WITH, start, end);
        } else if ((end = matchWords(start, "ends", "with")) >= 0) {
            addUntil(TokenKind.ENDS_WITH, start, end);
        } else if ((end = matchWords(start, "not", "in")) >= 0) {
            addUntil(TokenKind.NOT_IN, start, end);
        } else if ((end = matchWord(start, "in")) >= 0) {
            addUntil(TokenKind.IN, start, end);
        } else {
            String label = tokens.get(tokens.size() - 1).value();
            throw error("expected operator after label \"" + label + "\"", start);
        }
    }

    /** End of {@code word} at {@code from} if it is followed by a word boundary, else -1. */
    private int matchWord(int from, String word) {
        if (!text.startsWith(word, from)) {
            return -1;
        }
        int end = from + word.length();
        return isWordBoundary(end) ? end : -1;
    }

    /**
     * Like {@link #matchWord} for an operator of two words with optional blanks between them
     * ("starts with", "startswith"). Calico also skips blanks after the last word before checking
     * the boundary; that only changes which error is reported, but we keep it for parity.
     */
    private int matchWords(int from, String first, String second) {
        if (!text.startsWith(first, from)) {
            return -1;
        }
        int p = skipWhitespace(from + first.length());
        if (!text.startsWith(second, p)) {
            return -1;
        }
        int end = skipWhitespace(p + second.length());
        return isWordBoundary(end) ? end : -1;
    }

    private boolean isWordBoundary(int at) {
        return at >= text.length() || !isIdentifierChar(text.charAt(at));
    }

    private void has() {
        int start = pos;
        pos = skipWhitespace(pos + "has(".length());
        String label = identifier();
        pos = skipWhitespace(pos);
        if (pos < text.length() && text.charAt(pos) == ')') {
            pos++;
            tokens.add(new Token(TokenKind.HAS, label, start));
        } else {
            throw error("no closing ')' after has(", pos);
        }
    }

    private void emptyCall(String opening, TokenKind kind) {
        int start = pos;
        pos = skipWhitespace(pos + opening.length());
        if (pos < text.length() && text.charAt(pos) == ')') {
            pos++;
            tokens.add(new Token(kind, "", start));
        } else {
            throw error("no closing ')' after " + opening, pos);
        }
    }

    private String identifier() {
        int start = pos;
        int end = start;
        while (end < text.length() && isIdentifierChar(text.charAt(end))) {
            end++;
        }
        if (end == start) {
            throw error("expected identifier", start);
        }
        if (end - start > MAX_LABEL_LENGTH) {
            throw error("label too long: \"" + text.substring(start, start + 32) + "...\" ("
                    + (end - start) + " characters, at most " + MAX_LABEL_LENGTH + " allowed)", start);
        }
        pos = end;
        return text.substring(start, end);
    }

    static boolean isIdentifierChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '.' || c == '/' || c == '-';
    }

    // Only space and tab: a newline inside a selector is an error in Calico.
    private int skipWhitespace(int from) {
        int p = from;
        while (p < text.length() && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
            p++;
        }
        return p;
    }

    private boolean afterLabel() {
        return !tokens.isEmpty() && tokens.get(tokens.size() - 1).kind() == TokenKind.LABEL;
    }

    private void add(TokenKind kind, String value, int length) {
        tokens.add(new Token(kind, value, pos));
        pos += length;
    }

    private void addUntil(TokenKind kind, int start, int end) {
        tokens.add(new Token(kind, "", start));
        pos = end;
    }

    private SelectorParseException error(String reason, int at) {
        return new SelectorParseException(text, at, reason);
    }
}
