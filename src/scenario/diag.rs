//! Diagnostics: located errors and warnings, rendered like a compiler's.

use serde::Serialize;
use std::fmt::Write as _;

/// How bad a diagnostic is. Errors stop a scenario from loading; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem in one file, at a 1-based line and column (columns count characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    pub line: usize,
    pub col: usize,
    /// How many characters to underline from `col`; 0 for a problem with the whole file
    /// (rendered without a source line).
    pub len: usize,
    pub message: String,
    pub hint: Option<String>,
    /// Other places that take part in the problem (e.g. the other side of a comparison),
    /// shown after the main one with a `-` underline and their own label.
    #[serde(skip_serializing_if = "<[Label]>::is_empty")]
    pub secondary: Box<[Label]>,
}

/// A secondary location of a diagnostic, with what it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    pub line: usize,
    pub col: usize,
    pub len: usize,
    pub label: String,
}

impl Diagnostic {
    pub fn error(file: &str, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_string(),
            line,
            col,
            len: 1,
            message: message.into(),
            hint: None,
            secondary: Box::default(),
        }
    }

    pub fn warning(file: &str, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, line, col, message)
        }
    }

    /// A diagnostic about a whole file (no position worth showing): placed at 1:1.
    pub fn file_error(file: &str, message: impl Into<String>) -> Self {
        Diagnostic::error(file, 1, 1, message).with_len(0)
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Add a secondary location with its label.
    pub fn with_secondary(
        mut self,
        line: usize,
        col: usize,
        len: usize,
        label: impl Into<String>,
    ) -> Self {
        let mut all = std::mem::take(&mut self.secondary).into_vec();
        all.push(Label {
            line,
            col,
            len,
            label: label.into(),
        });
        self.secondary = all.into_boxed_slice();
        self
    }

    pub fn with_len(mut self, len: usize) -> Self {
        self.len = len;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Renders diagnostics in the compiler style: a `file:line:col: severity: message` header,
/// the source line with a line-number gutter, carets under the offending value and an
/// optional `= hint:` line. Diagnostics are separated by a blank line. Without `source`
/// (or when the line does not exist), only the header and the hint are printed.
pub fn render(diags: &[Diagnostic], source: Option<&str>) -> String {
    let mut out = String::new();
    for (i, d) in diags.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        render_one(&mut out, d, source);
    }
    out
}

fn render_one(out: &mut String, d: &Diagnostic, source: Option<&str>) {
    let _ = writeln!(
        out,
        "{}:{}:{}: {}: {}",
        d.file,
        d.line,
        d.col,
        d.severity.as_str(),
        d.message
    );
    let line_text = source.and_then(|s| {
        if d.line == 0 || d.len == 0 {
            None
        } else {
            s.lines().nth(d.line - 1)
        }
    });
    let number = d.line.to_string();
    let widest = d
        .secondary
        .iter()
        .map(|l| l.line.to_string().len())
        .fold(number.len(), usize::max);
    let number = format!("{number:>widest$}");
    let pad = " ".repeat(widest);
    if let Some(text) = line_text {
        let text = text.trim_end();
        let (shown, caret_pad, caret_len) = caret_layout(text, d.col, d.len);
        let _ = writeln!(out, "{pad} |");
        if shown.is_empty() {
            let _ = writeln!(out, "{number} |");
        } else {
            let _ = writeln!(out, "{number} | {shown}");
        }
        let _ = writeln!(
            out,
            "{pad} | {}{}",
            " ".repeat(caret_pad),
            "^".repeat(caret_len)
        );
    }
    for l in &d.secondary {
        let Some(text) = source.and_then(|s| s.lines().nth(l.line.checked_sub(1)?)) else {
            continue;
        };
        let (shown, caret_pad, caret_len) = caret_layout(text.trim_end(), l.col, l.len);
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{:>widest$} | {shown}", l.line);
        let _ = writeln!(
            out,
            "{pad} | {}{} {}",
            " ".repeat(caret_pad),
            "-".repeat(caret_len),
            l.label
        );
    }
    if let Some(hint) = &d.hint {
        let _ = writeln!(out, "{pad} = hint: {hint}");
    }
}

/// The line as displayed (tabs expanded to 4 spaces), the display width before the caret
/// and the display width of the carets. Wide (CJK) characters count as two columns so
/// the carets line up in a terminal.
fn caret_layout(text: &str, col: usize, len: usize) -> (String, usize, usize) {
    let mut shown = String::with_capacity(text.len());
    let mut pad = 0;
    let mut width = 0;
    let start = col.max(1);
    let end = start + len.max(1);
    let mut count = 0;
    for (i, c) in text.chars().enumerate() {
        let idx = i + 1;
        count = idx;
        let w = if c == '\t' {
            shown.push_str("    ");
            4
        } else {
            shown.push(c);
            char_width(c)
        };
        if idx < start {
            pad += w;
        } else if idx < end {
            width += w;
        }
    }
    // A position just past the end of the line (e.g. "expected `,`" at end of line).
    if start > count {
        pad += start - count - 1;
    }
    if width == 0 {
        width = 1;
    }
    (shown, pad, width)
}

/// Terminal display width of a character: 2 for East Asian wide and full-width ones.
pub(crate) fn char_width(c: char) -> usize {
    let u = c as u32;
    let wide = matches!(u,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD);
    if wide {
        2
    } else if c.is_control() {
        0
    } else {
        1
    }
}

/// Levenshtein distance over characters (small inputs only: ids and field names).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(256).collect();
    let b: Vec<char> = b.chars().take(256).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The closest candidate to `found`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    found: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (found.chars().count() / 3).max(1);
    let lower = found.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            let d = if c.to_lowercase() == lower {
                0
            } else {
                edit_distance(found, c)
            };
            (d, c)
        })
        .filter(|(d, c)| *d <= limit && *c != found)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// "known X: a, b, c; did you mean `b`?" — lists at most 12 candidates.
pub fn known_list_hint(kind: &str, found: &str, candidates: &[&str]) -> String {
    let mut hint = if candidates.is_empty() {
        format!("no {kind} are defined")
    } else {
        let shown: Vec<&str> = candidates.iter().take(12).copied().collect();
        let more = if candidates.len() > 12 { ", …" } else { "" };
        format!("known {kind}: {}{more}", shown.join(", "))
    };
    if let Some(m) = did_you_mean(found, candidates.iter().copied()) {
        let _ = write!(hint, "; did you mean `{m}`?");
    }
    hint
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_a_compiler() {
        let src = "(\n    reports_to: \"li_ju\",\n)\n";
        let d = Diagnostic::error(
            "a.ron",
            2,
            17,
            "unknown stakeholder `li_ju` in `reports_to`",
        )
        .with_len(7)
        .with_hint("known stakeholders: li_jun; did you mean `li_jun`?");
        let out = render(&[d], Some(src));
        assert_eq!(
            out,
            "a.ron:2:17: error: unknown stakeholder `li_ju` in `reports_to`\n  |\n2 |     reports_to: \"li_ju\",\n  |                 ^^^^^^^\n  = hint: known stakeholders: li_jun; did you mean `li_jun`?\n"
        );
    }

    #[test]
    fn wide_characters_shift_carets() {
        let src = "名字: \"x\"";
        let d = Diagnostic::warning("a.ron", 1, 5, "m").with_len(3);
        let out = render(&[d], Some(src));
        assert!(out.contains("1 | 名字: \"x\"\n  |       ^^^\n"), "{out}");
        assert!(out.starts_with("a.ron:1:5: warning: m"));
    }

    #[test]
    fn without_source_only_header() {
        let d = Diagnostic::file_error("a.ron", "file is empty").with_hint("h");
        assert_eq!(
            render(&[d], None),
            "a.ron:1:1: error: file is empty\n  = hint: h\n"
        );
    }

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("li_ju", ["wang", "li_jun"]), Some("li_jun"));
        assert_eq!(did_you_mean("zzz", ["wang", "li_jun"]), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
