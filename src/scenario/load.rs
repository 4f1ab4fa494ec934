//! Loading a scenario file with limits: size, encoding, RON syntax, then validation.

use super::diag::{Diagnostic, did_you_mean};
use super::schema::ScenarioFile;
use super::validate;
use crate::fsread::{Origin, ReadError};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Largest scenario file accepted, in bytes (8 MiB). Real scenarios are a few dozen KiB.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Deepest nesting of brackets the parser accepts.
pub const MAX_NESTING: usize = 64;

/// A parsed and validated scenario.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    pub file: ScenarioFile,
    pub path: PathBuf,
    pub source: String,
    /// sha256 of the file's bytes, lowercase hex.
    pub hash: String,
    pub warnings: Vec<Diagnostic>,
}

/// The file name as shown in diagnostics.
fn display_name(path: &Path) -> String {
    path.display().to_string()
}

/// Reads, parses and validates a scenario file. Errors come back with the warnings too.
pub fn load_path(path: &Path) -> Result<LoadedScenario, Vec<Diagnostic>> {
    load_found(&Found {
        path: path.to_path_buf(),
        origin: Origin::Named,
    })
}

/// Reads, parses and validates a file found by [`discover`] (a file found in a folder is
/// never read through a symbolic link).
pub fn load_found(found: &Found) -> Result<LoadedScenario, Vec<Diagnostic>> {
    let path = found.path.as_path();
    let name = display_name(path);
    let bytes = read_limited(path, found.origin).map_err(|d| vec![d])?;
    let mut loaded = load_bytes(&name, &bytes)?;
    loaded.path = path.to_path_buf();
    Ok(loaded)
}

/// Parses and validates a scenario given as text (tests, embedded files).
/// `hash` is the sha256 of the text's UTF-8 bytes.
pub fn load_str(display_name: &str, source: &str) -> Result<LoadedScenario, Vec<Diagnostic>> {
    load_bytes(display_name, source.as_bytes())
}

/// Parses and validates a scenario given as bytes: checks size, UTF-8 and emptiness first.
pub fn load_bytes(display_name: &str, bytes: &[u8]) -> Result<LoadedScenario, Vec<Diagnostic>> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(vec![too_large(display_name, bytes.len() as u64)]);
    }
    let hash = hex_sha256(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => return Err(vec![bad_utf8(display_name, bytes, e.valid_up_to())]),
    };
    // Editors on Windows may save a byte-order mark; it is not part of the text.
    let source = text.strip_prefix('\u{feff}').unwrap_or(text);
    if source.trim().is_empty() || super::spans::SpanIndex::new(source).is_empty() {
        return Err(vec![
            Diagnostic::file_error(display_name, "the file is empty")
                .with_hint("a scenario starts with `Scenario(` — see docs/scenario-format.md"),
        ]);
    }
    let file = parse(display_name, source).map_err(|d| vec![d])?;
    let diags = validate::validate(&file, display_name, source);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok(LoadedScenario {
        file,
        path: PathBuf::from(display_name),
        source: source.to_string(),
        hash,
        warnings: diags,
    })
}

/// The RON options every scenario is read with: `implicit_some` on, nesting limited.
pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING)
}

/// Parses RON into the schema; a syntax or shape error becomes one located diagnostic.
pub fn parse(display_name: &str, source: &str) -> Result<ScenarioFile, Diagnostic> {
    ron_options()
        .from_str::<ScenarioFile>(source)
        .map_err(|e| ron_diagnostic(display_name, source, &e))
}

fn hex_sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest.iter() {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

fn too_large(name: &str, size: u64) -> Diagnostic {
    Diagnostic::file_error(
        name,
        format!(
            "the file is too large ({} bytes; the limit is {} MiB)",
            size,
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
    .with_hint("a scenario file is text of a few dozen KiB; is this the right file?")
}

/// Reads at most `MAX_FILE_BYTES + 1` bytes of a regular file, without blocking on a FIFO,
/// so a huge file or a device is refused without reading it all.
fn read_limited(path: &Path, origin: Origin) -> Result<Vec<u8>, Diagnostic> {
    let name = display_name(path);
    crate::fsread::read_limited(path, MAX_FILE_BYTES, origin).map_err(|e| match e {
        ReadError::TooLarge { .. } => too_large(&name, MAX_FILE_BYTES + 1),
        ReadError::NotRegular("a folder") => {
            Diagnostic::file_error(&name, "this is a folder, not a scenario file")
        }
        ReadError::NotFound => Diagnostic::file_error(&name, "cannot open the file: not found"),
        ReadError::Io(e) => Diagnostic::file_error(&name, format!("cannot read the file: {e}")),
        e => Diagnostic::file_error(&name, format!("not read: {e}"))
            .with_hint("name the file itself on the command line, or copy it into the folder"),
    })
}

/// Line and column (1-based, in characters) of byte `offset` in valid UTF-8 `prefix`.
fn line_col(prefix: &str) -> (usize, usize) {
    let line = 1 + prefix.bytes().filter(|&b| b == b'\n').count();
    let last = prefix.rfind('\n').map_or(prefix, |i| &prefix[i + 1..]);
    (line, 1 + last.chars().count())
}

fn bad_utf8(name: &str, bytes: &[u8], valid_up_to: usize) -> Diagnostic {
    let prefix = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or("");
    let (line, col) = line_col(prefix);
    let byte = bytes.get(valid_up_to).copied().unwrap_or(0);
    Diagnostic::error(
        name,
        line,
        col,
        format!("the file is not valid UTF-8 (byte 0x{byte:02x})"),
    )
    .with_hint(
        "save the file as UTF-8 (editors call it \"UTF-8\" or \"Unicode\"; GBK is not accepted)",
    )
}

/// The author-facing name of a schema type in messages.
fn friendly_type(t: &str) -> String {
    match t {
        "StakeholderDef" => "a stakeholder".into(),
        "RivalDef" => "a rival".into(),
        "EventDef" => "an event".into(),
        "QualificationRule" => "a qualification rule".into(),
        "RivalAttitude" => "a rival attitude".into(),
        "Tie" => "a tie".into(),
        "Text" => "a text".into(),
        "Scenario" => "the scenario".into(),
        "Customer" | "Project" | "Resources" | "Attractiveness" => {
            format!("`{}`", t.to_lowercase())
        }
        "OurCompany" => "`our_company`".into(),
        other => format!("`{other}`"),
    }
}

/// The position just after the last value before `line:col` (skipping blanks and comments).
fn after_previous_value(source: &str, line: usize, col: usize) -> Option<(usize, usize)> {
    let line_start: usize = source
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = source.get(line_start..)?;
    let offset = line_start
        + rest
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i);
    let mut before = source.get(..offset)?;
    loop {
        let trimmed = before.trim_end();
        // Drop a `//` comment on the last line, if any (a rough check: no string handling).
        let last_line_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
        match trimmed[last_line_start..].find("//") {
            Some(i) if !trimmed[last_line_start..last_line_start + i].contains('"') => {
                before = &trimmed[..last_line_start + i];
            }
            _ => {
                before = trimmed;
                break;
            }
        }
    }
    if before.is_empty() {
        return None;
    }
    let (l, c) = line_col(before);
    Some((l, c))
}

/// Byte offset of 1-based `line:col` (columns in characters) in `source`.
fn offset_of(source: &str, line: usize, col: usize) -> Option<usize> {
    let line_start: usize = source
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = source.get(line_start..)?;
    Some(
        line_start
            + rest
                .char_indices()
                .nth(col.saturating_sub(1))
                .map_or(rest.len(), |(i, _)| i),
    )
}

/// The first token at or after `line:col`, skipping blanks and comments: its line, column
/// and length in characters (a word, or one character). `None` at the end of the file.
fn next_token(source: &str, line: usize, col: usize) -> Option<(usize, usize, usize)> {
    let mut at = offset_of(source, line, col)?;
    loop {
        let rest = source.get(at..)?;
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        if trimmed.starts_with("//") {
            at += trimmed.find('\n').unwrap_or(trimmed.len());
        } else if trimmed.starts_with("/*") {
            at += trimmed.find("*/").map(|i| i + 2)?;
        } else {
            break;
        }
    }
    let rest = source.get(at..)?;
    let first = rest.chars().next()?;
    let len = if first.is_alphanumeric() || first == '_' {
        rest.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .count()
    } else {
        1
    };
    let (l, c) = line_col(source.get(..at)?);
    Some((l, c, len))
}

fn field_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Turns a ron error into a diagnostic with an actionable message and hint.
fn ron_diagnostic(name: &str, source: &str, e: &ron::error::SpannedError) -> Diagnostic {
    use ron::error::Error as E;
    let start = e.span.start;
    let end = e.span.end;
    let (line, col) = (start.line.max(1), start.col.max(1));
    let len = if end.line == start.line && end.col > start.col {
        end.col - start.col
    } else {
        1
    };
    let within = |outer: &Option<String>| match outer {
        Some(o) => format!(" in {o}"),
        None => String::new(),
    };
    let within = |outer: &Option<String>| within(&outer.as_deref().map(friendly_type));
    // "Expected `,`" is found at the next token; point just after the value it should follow.
    let (line, col, len) = match e.code {
        E::ExpectedComma | E::ExpectedStructLikeEnd | E::ExpectedArrayEnd | E::ExpectedMapEnd => {
            after_previous_value(source, line, col).map_or((line, col, len), |(l, c)| (l, c, 1))
        }
        // The parser may stop just after the last good token (the end of the line before);
        // the caret belongs on the token it could not take.
        _ => next_token(source, line, col).map_or((line, col, len), |(l, c, n)| {
            if (l, c) == (line, col) {
                (line, col, len)
            } else {
                (l, c, n)
            }
        }),
    };
    let (message, hint): (String, Option<String>) = match &e.code {
        E::NoSuchStructField { expected, found, outer } => {
            let mut hint = format!("expected one of: {}", field_list(expected));
            if let Some(m) = did_you_mean(found, expected.iter().copied()) {
                hint.push_str(&format!("; did you mean `{m}`?"));
            }
            (format!("unknown field `{found}`{}", within(outer)), Some(hint))
        }
        E::NoSuchEnumVariant { expected, found, outer } => {
            let mut hint = format!("valid values: {}", field_list(expected));
            if let Some(m) = did_you_mean(found, expected.iter().copied()) {
                hint.push_str(&format!("; did you mean `{m}`?"));
            }
            (format!("unknown variant `{found}`{}", within(outer)), Some(hint))
        }
        E::MissingStructField { field, outer } => (
            format!("missing field `{field}`{}", within(outer)),
            Some(format!("add `{field}: …` (see docs/scenario-format.md)")),
        ),
        E::DuplicateStructField { field, outer } => (
            format!("field `{field}` is given twice{}", within(outer)),
            Some("remove one of them".to_string()),
        ),
        E::ExpectedDifferentStructName { expected, found } => (
            format!("expected `{expected}` here, found `{found}`"),
            Some(format!("write `{expected}(` or just `(`")),
        ),
        E::IntegerOutOfBounds => (
            "number out of range for this field".to_string(),
            Some("counts and prices are whole numbers from 0 to 4294967295; attitudes may be negative".to_string()),
        ),
        E::ExceededRecursionLimit => (
            format!("brackets are nested too deeply (more than {MAX_NESTING} levels)"),
            Some("a scenario needs only a few levels of `(`, `[` and `{`".to_string()),
        ),
        E::Eof => (
            "unexpected end of file".to_string(),
            Some("a closing `)`, `]` or `}` may be missing".to_string()),
        ),
        E::ExpectedComma => (
            "expected `,`".to_string(),
            Some("separate fields and list items with commas".to_string()),
        ),
        E::ExpectedStructLikeEnd | E::ExpectedOptionEnd => (
            "expected `)`".to_string(),
            Some("a `,` may be missing between two fields, or a `)` may be missing".to_string()),
        ),
        E::ExpectedArrayEnd => (
            "expected `]`".to_string(),
            Some("a `,` may be missing between two items, or a `]` may be missing".to_string()),
        ),
        E::ExpectedStringEnd => (
            "unterminated string".to_string(),
            Some("a closing `\"` is missing".to_string()),
        ),
        E::UnclosedBlockComment => (
            "unclosed comment".to_string(),
            Some("a `/* … */` comment needs its `*/`".to_string()),
        ),
        E::TrailingCharacters => (
            "unexpected text after the end of the scenario".to_string(),
            Some("the file holds exactly one `Scenario(...)`; check the brackets above".to_string()),
        ),
        E::ExpectedString => (
            "expected a string in double quotes".to_string(),
            Some("ids and texts are written in double quotes, e.g. \"li_jun\"".to_string()),
        ),
        E::InvalidValueForType { expected, found } => {
            (format!("expected {expected}, found {found}"), None)
        }
        E::ExpectedDifferentLength { expected, found } => (
            format!("expected {expected}, found {found} elements"),
            None,
        ),
        E::Message(m) => (lower_first(m), None),
        other => (lower_first(&other.to_string()), None),
    };
    let d = Diagnostic::error(name, line, col, message).with_len(len);
    match hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

/// A scenario file to load: named by the user, or found in a folder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    pub path: PathBuf,
    pub origin: Origin,
}

impl AsRef<Path> for Found {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}

impl std::ops::Deref for Found {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.path
    }
}

/// Expands folders to the `*.ron` entries directly inside them (sorted; symbolic links,
/// FIFOs and devices are listed too, and refused with a message when loaded); files are
/// kept as given. A path that does not exist, or a folder without scenarios, is an error.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Found>, Diagnostic> {
    let mut out = Vec::new();
    for p in paths {
        let name = display_name(p);
        let meta = std::fs::metadata(p)
            .map_err(|e| Diagnostic::file_error(&name, format!("cannot read this path: {e}")))?;
        if meta.is_dir() {
            let scan = crate::fsread::scan_dir(p, "ron").map_err(|e| {
                Diagnostic::file_error(&name, format!("cannot list this folder: {e}"))
            })?;
            let mut found: Vec<PathBuf> = scan.files;
            found.extend(scan.skipped.into_iter().map(|s| s.path).filter(|s| s != p));
            found.sort();
            if found.is_empty() {
                return Err(Diagnostic::file_error(
                    &name,
                    "no `.ron` scenario files in this folder",
                ));
            }
            out.extend(found.into_iter().map(|path| Found {
                path,
                origin: Origin::FromFolder,
            }));
        } else {
            out.push(Found {
                path: p.clone(),
                origin: Origin::Named,
            });
        }
    }
    Ok(out)
}

/// What `sandtable validate PATH... [--json]` prints, and whether it succeeded.
#[derive(Debug, Clone)]
pub struct ValidationReport {
    /// Rendered diagnostics of every file, then one summary line per file and a total.
    pub text: String,
    /// `{ "ok": bool, "files": [{ "path", "ok", "hash", "errors", "warnings", "diagnostics": [...] }] }`
    pub json: serde_json::Value,
    /// True when every file loaded (warnings allowed): exit code 0, else 1.
    pub ok: bool,
}

/// Loads every scenario under `paths` (see [`discover`]) and reports on all of them.
pub fn validate_paths(paths: &[PathBuf]) -> ValidationReport {
    let files = match discover(paths) {
        Ok(f) => f,
        Err(d) => {
            let text = super::diag::render(std::slice::from_ref(&d), None);
            let json = serde_json::json!({ "ok": false, "files": [], "error": d });
            return ValidationReport {
                text,
                json,
                ok: false,
            };
        }
    };
    let mut text = String::new();
    let mut summary = String::new();
    let mut json_files = Vec::new();
    let mut valid = 0;
    for found in &files {
        let path = &found.path;
        let name = display_name(path);
        let (diags, hash, source) = match load_found(found) {
            Ok(l) => (l.warnings, Some(l.hash), Some(l.source)),
            Err(d) => (d, None, source_for_render(found)),
        };
        let errors = diags.iter().filter(|d| d.is_error()).count();
        let warnings = diags.len() - errors;
        if !diags.is_empty() {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&super::diag::render(&diags, source.as_deref()));
        }
        let ok = errors == 0;
        if ok {
            valid += 1;
            summary.push_str(&format!(
                "ok: {name} ({warnings} warning{})\n",
                plural(warnings)
            ));
        } else {
            summary.push_str(&format!(
                "invalid: {name} ({errors} error{}, {warnings} warning{})\n",
                plural(errors),
                plural(warnings)
            ));
        }
        json_files.push(serde_json::json!({
            "path": name,
            "ok": ok,
            "hash": hash,
            "errors": errors,
            "warnings": warnings,
            "diagnostics": diags,
        }));
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(&summary);
    let ok = valid == files.len();
    text.push_str(&format!(
        "{valid} of {} scenario file{} valid\n",
        files.len(),
        plural(files.len())
    ));
    let json = serde_json::json!({ "ok": ok, "files": json_files });
    ValidationReport { text, json, ok }
}

/// The text of a file that failed to load, for the snippets of its diagnostics: read again
/// through the same limits (never from a FIFO, a device or a link in a folder).
pub fn source_for_render(found: &Found) -> Option<String> {
    let bytes = crate::fsread::read_limited(&found.path, MAX_FILE_BYTES, found.origin).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    Some(match text.strip_prefix('\u{feff}') {
        Some(t) => t.to_string(),
        None => text,
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col(""), (1, 1));
        assert_eq!(line_col("ab\n王五"), (2, 3));
    }

    #[test]
    fn empty_and_bad_utf8() {
        let e = load_bytes("a.ron", b"  \n").unwrap_err();
        assert!(e[0].message.contains("empty"));
        let e = load_bytes("a.ron", b"(\n  id: \"\xff\"").unwrap_err();
        assert_eq!((e[0].line, e[0].col), (2, 8));
        assert!(e[0].message.contains("UTF-8"));
    }

    #[test]
    fn too_large_is_refused_before_parsing() {
        let big = vec![b' '; MAX_FILE_BYTES as usize + 1];
        let e = load_bytes("a.ron", &big).unwrap_err();
        assert!(e[0].message.contains("too large"), "{}", e[0].message);
    }
}
