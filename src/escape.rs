//! Escaping text from files for where it is printed: a terminal (no control sequences, no
//! forged lines, no reordering by bidirectional controls) or a CSV cell (no formulas).
//! JSON output needs nothing here: `serde_json` escapes what JSON requires.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` must not reach a terminal raw: C0 and C1 controls, DEL, the bidirectional
/// controls (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069) and the line and paragraph
/// separators U+2028/U+2029.
fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{2028}'
        | '\u{2029}')
}

fn escape_with(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) && !keep(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One field on one line (a team name, a file name, a reason): every unsafe character is
/// shown as `\u{…}`, line breaks and tabs included, so it cannot start a line of its own.
pub fn line(s: &str) -> Cow<'_, str> {
    escape_with(s, |_| false)
}

/// A whole block of output: like [`line`], but line breaks (`\n`) are kept.
pub fn text(s: &str) -> Cow<'_, str> {
    escape_with(s, |c| c == '\n')
}

/// A CSV text cell, always quoted. A cell that a spreadsheet would take for a formula
/// (starting with `=`, `+`, `-`, `@`, tab or carriage return) gets a leading `'`, as
/// OWASP recommends. Numbers are not written through this function: they stay numbers.
pub fn csv_text(s: &str) -> String {
    format!("\"{}\"", csv_neutral(s).replace('"', "\"\""))
}

/// A CSV text cell's content with a formula start neutralised (see [`csv_text`]), not
/// quoted: for a CSV writer that quotes by itself.
pub fn csv_neutral(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_bidi_and_separators_are_shown_escaped() {
        assert_eq!(line("Team 1"), "Team 1");
        assert_eq!(line("a\u{1b}[31mred"), "a\\u{1b}[31mred");
        assert_eq!(line("x\nREJECTED y"), "x\\u{a}REJECTED y");
        assert_eq!(line("\u{202e}evil"), "\\u{202e}evil");
        assert_eq!(line("a\u{2028}b\u{85}c"), "a\\u{2028}b\\u{85}c");
        assert_eq!(text("one\ntwo\u{7}"), "one\ntwo\\u{7}");
        assert_eq!(line("王五 ok"), "王五 ok");
    }

    #[test]
    fn formula_cells_are_neutralised_and_quotes_doubled() {
        assert_eq!(csv_text("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        for start in ["+", "-", "@", "\t", "\r"] {
            assert!(
                csv_text(&format!("{start}1")).starts_with("\"'"),
                "{start:?}"
            );
        }
        assert_eq!(csv_text("Team 3"), "\"Team 3\"");
    }
}
