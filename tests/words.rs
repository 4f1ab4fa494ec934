//! No untranslated word: every shipped scenario, played by the expert and by a method-less
//! adversary, printed through the CLI (play, debrief, report, leaderboard, balance) in
//! Chinese and in English. English output carries no Chinese outside the scenario's own
//! names; Chinese output no English words beyond a short allow-list (units, brand names the
//! scenario spells in Latin letters). Raw enum words ("right", "false", snake_case) fail both.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

mod common;
use common::{output_text as text, run_cli as run};

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// The visible text of an HTML page: tags, `<style>` and `<svg>` markup dropped, entities
/// left as they are (they are punctuation).
fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        out.push(' ');
        rest = &rest[i..];
        let skip_to = if rest.starts_with("<style") {
            "</style>"
        } else if rest.starts_with("<script") {
            "</script>"
        } else {
            ">"
        };
        match rest.find(skip_to) {
            Some(j) => rest = &rest[j + skip_to.len()..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out.replace("&nbsp;", " ")
}

/// Every Latin word (2+ letters, with `_` joining) in `s`, leaving out identifiers a reader
/// types or reads as they are: file paths, hex digests and other tokens with digits (a
/// policy such as `price-cutter-78`), command-line flags (`--include-bots`).
fn latin_words(s: &str) -> Vec<String> {
    let is_token = |c: char| c.is_ascii_alphanumeric() || "_./-".contains(c);
    s.split(|c: char| !is_token(c))
        .filter(|t| !t.is_empty())
        .filter(|t| {
            !t.contains('/') && !t.starts_with("--") && !t.chars().any(|c| c.is_ascii_digit())
        })
        .flat_map(|t| t.split(['.', '-']))
        .filter(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 2)
        .map(str::to_string)
        .collect()
}

/// Words a Chinese page may carry: units and abbreviations Chinese readers use as they are,
/// the product's command name, and the bot policies a trainer types (`--policy expert`).
const ZH_ALLOWED: &[&str] = &[
    "CNY",
    "ID",
    "FABE",
    "IT",
    "sandtable",
    "expert",
    "naive",
    "random",
    "cheater",
    "passive",
];

/// Raw enum words or snake_case that must never reach a reader, in either language.
fn raw_words(s: &str, scn: &Scenario) -> Vec<String> {
    latin_words(s)
        .into_iter()
        .filter(|w| w.contains('_') && w.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .filter(|w| !scn.ids.contains(w))
        .collect()
}

struct Scenario {
    id: String,
    /// Scenario ids: identifiers the trainer types (`sandtable play gov_platform`), printed
    /// beside the title so a game can be replayed; allowed as they are.
    ids: BTreeSet<String>,
    /// Names that exist in one language only may appear in the other (scenario texts
    /// given only in Chinese, brand names only in Latin letters).
    zh_only: Vec<String>,
    latin: BTreeSet<String>,
}

fn scenarios() -> Vec<Scenario> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).expect("scenarios") {
        let path = e.expect("entry").path();
        if path.extension().is_none_or(|x| x != "ron") {
            continue;
        }
        let l = sandtable::scenario::load_path(&path).expect("valid");
        let src = std::fs::read_to_string(&path).expect("read");
        // Chinese strings of the file; those also given in English are not allowed in English.
        let mut zh_only = Vec::new();
        let mut latin = BTreeSet::new();
        for line in src.lines() {
            let t = line.trim();
            if let Some(v) = t.strip_prefix("zh: \"") {
                let v = v.trim_end_matches(',').trim_end_matches('"');
                if v.chars().any(|c| c.is_ascii_alphabetic()) {
                    latin.extend(latin_words(v));
                }
            }
        }
        // Texts given in one language only are names the other language shows as they are.
        for (zh, en) in texts(&src) {
            if en.is_none() {
                zh_only.push(zh);
            }
        }
        out.push(Scenario {
            ids: BTreeSet::new(),
            id: l.file.id.clone(),
            zh_only,
            latin,
        });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    let ids: BTreeSet<String> = out.iter().map(|s| s.id.clone()).collect();
    for s in &mut out {
        s.ids = ids.clone();
    }
    out
}

/// The (zh, en) pairs of a scenario file's texts, as written: `(zh: "…", en: "…")` with
/// either missing.
fn texts(src: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let lines: Vec<&str> = src.lines().map(str::trim).collect();
    for (i, t) in lines.iter().enumerate() {
        let Some(v) = t.strip_prefix("zh: \"") else {
            continue;
        };
        let zh = v.trim_end_matches(',').trim_end_matches('"').to_string();
        let en = lines
            .get(i + 1)
            .and_then(|n| n.strip_prefix("en: \""))
            .map(|v| v.trim_end_matches(',').trim_end_matches('"').to_string());
        out.push((zh, en));
    }
    out
}

fn check(what: &str, lang: &str, s: &str, scn: &Scenario, bad: &mut Vec<String>) {
    for w in raw_words(s, scn) {
        bad.push(format!("{what} [{lang}]: raw word {w:?}"));
    }
    if lang == "en" {
        let mut rest = s.to_string();
        for name in &scn.zh_only {
            rest = rest.replace(name.as_str(), " ");
        }
        for line in rest.lines() {
            if line.chars().any(is_cjk) {
                bad.push(format!("{what} [en]: Chinese in {line:?}"));
            }
        }
    } else {
        for line in s.lines() {
            for w in latin_words(line) {
                if !ZH_ALLOWED.contains(&w.as_str())
                    && !scn.latin.contains(&w)
                    && !scn.ids.contains(&w)
                {
                    bad.push(format!("{what} [zh]: English word {w:?} in {line:?}"));
                }
            }
        }
    }
}

fn dir(name: &str) -> PathBuf {
    common::fresh_dir("words", name)
}

#[test]
fn no_output_carries_an_untranslated_word() {
    let mut bad = Vec::new();
    for scn in scenarios() {
        for policy in ["expert", "price-cutter-78"] {
            for lang in ["zh", "en"] {
                let d = dir(&format!("{}-{policy}-{lang}", scn.id));
                let replay = d.join("game.json");
                let what = format!("{} {policy}", scn.id);
                let o = run(&[
                    "--lang",
                    lang,
                    "play",
                    &scn.id,
                    "--seed",
                    "5",
                    "--policy",
                    policy,
                    "--team",
                    "A",
                    "--out",
                    p(&replay),
                ]);
                assert!(o.status.success(), "{what}: {}", text(&o));
                check(&format!("{what} play"), lang, &text(&o), &scn, &mut bad);
                let o = run(&["--lang", lang, "debrief", p(&replay)]);
                assert!(o.status.success(), "{what}: {}", text(&o));
                check(&format!("{what} debrief"), lang, &text(&o), &scn, &mut bad);
                let out = d.join("pages");
                let o = run(&["--lang", lang, "report", p(&replay), "--out", p(&out)]);
                assert!(o.status.success(), "{what}: {}", text(&o));
                check(&format!("{what} report"), lang, &text(&o), &scn, &mut bad);
                for e in std::fs::read_dir(&out).expect("pages") {
                    let f = e.expect("entry").path();
                    if f.extension().is_some_and(|x| x == "html") {
                        let page = std::fs::read_to_string(&f).expect("page");
                        check(
                            &format!("{what} page"),
                            lang,
                            &html_text(&page),
                            &scn,
                            &mut bad,
                        );
                    }
                }
                let o = run(&["--lang", lang, "leaderboard", p(&d)]);
                check(
                    &format!("{what} leaderboard"),
                    lang,
                    &text(&o),
                    &scn,
                    &mut bad,
                );
            }
        }
    }
    bad.dedup();
    assert!(
        bad.is_empty(),
        "{} untranslated:\n{}",
        bad.len(),
        bad.join("\n")
    );
}
