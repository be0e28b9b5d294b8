package org.calico4j.model.selector;

/** Lexical categories; the same set as Calico's tokenizer. */
enum TokenKind {
    LABEL("label"),
    STRING("string literal"),
    LBRACE("{"),
    RBRACE("}"),
    COMMA(","),
    EQ("=="),
    NE("!="),
    IN("in"),
    NOT("!"),
    NOT_IN("not in"),
    CONTAINS("contains"),
    STARTS_WITH("starts with"),
    ENDS_WITH("ends with"),
    ALL("all()"),
    HAS("has()"),
    LPAREN("("),
    RPAREN(")"),
    AND("&&"),
    OR("||"),
    GLOBAL("global()"),
    EOF("end of selector");

    private final String spelling;

    TokenKind(String spelling) {
        this.spelling = spelling;
    }

    /** The canonical spelling of a fixed token, or a description of a variable one. */
    String spelling() {
        return spelling;
    }
}
