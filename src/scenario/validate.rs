//! Semantic checks of a parsed scenario, each diagnostic placed at the offending value.

use super::diag::{Diagnostic, known_list_hint};
use super::schema::*;
use super::spans::SpanIndex;
use std::collections::{BTreeMap, BTreeSet};

/// Most weeks a project may run (the bid week included).
pub const MAX_WEEKS: u32 = 60;
/// Largest amount of money (万元) in `budget`, `list_price`, `cost` and `expense_budget`:
/// 10,000,000 万元 is 100 billion CNY, far above any real project, and a hundred times it
/// still fits the engine's 32-bit prices.
pub const MAX_MONEY: u32 = 10_000_000;
/// Most qualification rules in a project.
pub const MAX_RULES: usize = 20;
/// Most events in a scenario.
pub const MAX_EVENTS: usize = 100;
/// Most injects in a scenario (a facilitator fires a few per workshop).
pub const MAX_INJECTS: usize = 12;
/// Most role swaps in a scenario.
pub const MAX_ROLE_SWAPS: usize = 20;
/// Most effects of one event.
pub const MAX_EFFECTS: usize = 20;
/// Most learning goals.
pub const MAX_LEARNING_GOALS: usize = 20;
/// Most ties of one person (to distinct people, so also at most the cast).
pub const MAX_TIES: usize = 20;
/// Largest attitude change of one event effect (attitudes run −100..=100).
pub const MAX_ATTITUDE_DELTA: i32 = 200;
/// Largest spec change of one `RivalShapes` effect (spec points run 0..=100).
pub const MAX_SHAPE_AMOUNT: i32 = 100;
/// Stakeholder and rival counts a scenario must stay within.
pub const STAKEHOLDERS: std::ops::RangeInclusive<usize> = 4..=20;
pub const RIVALS: std::ops::RangeInclusive<usize> = 1..=4;
/// Languages a scenario text may be given in.
pub const LANGUAGES: [&str; 2] = ["zh", "en"];

/// All errors and warnings of a parsed scenario, in file order (by line, then column).
pub fn validate(file: &ScenarioFile, display_name: &str, source: &str) -> Vec<Diagnostic> {
    let mut c = Checker {
        name: display_name,
        spans: SpanIndex::new(source),
        diags: Vec::new(),
    };
    c.check(file);
    let mut diags = c.diags;
    diags.sort_by_key(|d| (d.line, d.col, d.severity));
    diags.dedup();
    diags
}

struct Checker<'a> {
    name: &'a str,
    spans: SpanIndex<'a>,
    diags: Vec<Diagnostic>,
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Where an id was defined, for uniqueness across stakeholders, rivals, events and rules.
struct Def<'f> {
    kind: &'static str,
    path: String,
    id: &'f str,
}

impl<'a> Checker<'a> {
    fn push(&mut self, warn: bool, path: &str, message: String, hint: Option<String>) {
        let span = self.spans.locate(path);
        let mut d = if warn {
            Diagnostic::warning(self.name, span.start.line, span.start.col, message)
        } else {
            Diagnostic::error(self.name, span.start.line, span.start.col, message)
        };
        d = d.with_len(span.caret_len());
        d.hint = hint;
        self.diags.push(d);
    }

    /// Where a text's `lang` string is, or the text itself when that string is absent.
    fn text_at(&self, path: &str, lang: &str) -> String {
        let sub = format!("{path}.{lang}");
        if self.spans.exists(&sub) {
            sub
        } else {
            path.to_string()
        }
    }

    /// An error at `path` that also shows `other` (another field taking part) with `label`.
    fn err_with(&mut self, path: &str, message: String, hint: &str, other: &str, label: String) {
        self.push(false, path, message, Some(hint.to_string()));
        if self.spans.exists(other) {
            let span = self.spans.locate(other);
            if let Some(d) = self.diags.pop() {
                let d = d.with_secondary(span.start.line, span.start.col, span.caret_len(), label);
                self.diags.push(d);
            }
        }
    }

    fn err(&mut self, path: &str, message: impl Into<String>) {
        self.push(false, path, message.into(), None);
    }

    fn err_h(&mut self, path: &str, message: impl Into<String>, hint: impl Into<String>) {
        self.push(false, path, message.into(), Some(hint.into()));
    }

    fn warn(&mut self, path: &str, message: impl Into<String>) {
        self.push(true, path, message.into(), None);
    }

    fn warn_h(&mut self, path: &str, message: impl Into<String>, hint: impl Into<String>) {
        self.push(true, path, message.into(), Some(hint.into()));
    }

    fn int_range(&mut self, path: &str, field: &str, v: i64, lo: i64, hi: i64) {
        if v < lo || v > hi {
            self.err_h(
                path,
                format!("`{field}` is {v}, outside {lo}..={hi}"),
                format!("use a value from {lo} to {hi}"),
            );
        }
    }

    fn unit(&mut self, path: &str, field: &str, v: f64) {
        if !(0.0..=1.0).contains(&v) {
            self.err_h(
                path,
                format!("`{field}` is {v}, outside 0..=1"),
                "use a fraction from 0.0 to 1.0",
            );
        }
    }

    fn check(&mut self, f: &ScenarioFile) {
        self.check_counts(f);
        self.check_id("id", "scenario", &f.id);
        self.check_languages_and_texts(f);
        if !(1..=600).contains(&f.expected_minutes) {
            self.err_h(
                "expected_minutes",
                format!(
                    "`expected_minutes` is {}, outside 1..=600",
                    f.expected_minutes
                ),
                "the minutes a trainee needs for one playthrough, typically 30 to 90",
            );
        }
        if f.learning_goals.is_empty() {
            self.warn(
                "learning_goals",
                "no learning goals: the briefing and debrief will have none to show",
            );
        }
        self.check_customer(&f.customer);
        self.check_money(f);
        self.check_resources(&f.resources);
        self.check_ids(f);
        self.check_stakeholders(f);
        self.check_rivals(f);
        self.check_project(f);
        self.check_events(f);
        self.check_reshuffles(f);
        self.check_trap(f);
        self.check_method(f);
        self.check_tuning(&f.tuning);
    }

    fn check_id(&mut self, path: &str, kind: &str, id: &str) {
        if !valid_id(id) {
            self.err_h(
                path,
                format!("invalid {kind} id `{id}`"),
                "ids use lowercase ascii letters, digits and `_`, e.g. `li_jun`",
            );
        }
    }

    // --- languages and texts -----------------------------------------------------------

    fn check_languages_and_texts(&mut self, f: &ScenarioFile) {
        let mut langs: Vec<&str> = Vec::new();
        if f.languages.is_empty() {
            self.err_h(
                "languages",
                "`languages` is empty",
                "write `languages: [\"zh\", \"en\"]` or `[\"zh\"]`",
            );
        }
        for (i, l) in f.languages.iter().enumerate() {
            let path = format!("languages[{i}]");
            if !LANGUAGES.contains(&l.as_str()) {
                self.err_h(
                    &path,
                    format!("unknown language `{l}`"),
                    "supported languages: zh, en",
                );
            } else if langs.contains(&l.as_str()) {
                self.err(&path, format!("language `{l}` is listed twice"));
            } else {
                langs.push(l.as_str());
            }
        }
        let mut texts: Vec<(String, &Text, bool)> = Vec::new();
        collect_texts(f, &mut texts);
        for (path, text, optional) in texts {
            let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
            if optional && blank(&text.zh) && blank(&text.en) {
                continue;
            }
            if let Some(zh) = text.zh.as_deref()
                && let Some((ix, ascii, n)) = ascii_punctuation_in_chinese(zh)
            {
                let at = self.text_at(&path, "zh");
                self.push(
                    true,
                    &at,
                    format!(
                        "ASCII `{ascii}` next to Chinese characters in `{path}.zh` ({n} {})",
                        if n == 1 { "place" } else { "places" }
                    ),
                    Some(format!(
                        "Chinese text takes full-width punctuation: `{}` instead of `{ascii}` (and ，：；？！（） for the others)",
                        full_width(ascii)
                    )),
                );
                // Point at the character itself when the string up to it is plain (no
                // escapes), so the column is the quote's plus the characters before it.
                let plain = !zh
                    .chars()
                    .take(ix)
                    .any(|c| c == '\\' || c == '\n' || c == '"');
                if plain && let Some(d) = self.diags.last_mut() {
                    d.col += 1 + ix;
                    d.len = 1;
                }
            }
            for lang in &langs {
                let missing = match *lang {
                    "zh" => blank(&text.zh),
                    _ => blank(&text.en),
                };
                if missing {
                    let at = self.text_at(&path, lang);
                    self.err_h(
                        &at,
                        format!("missing `{lang}` text in `{path}`"),
                        format!("the scenario declares `{lang}` in `languages`, so every text needs `{lang}: \"…\"`"),
                    );
                }
            }
        }
    }

    // --- customer, money, resources ----------------------------------------------------

    /// Every list has a count limit: a scenario is played in an hour, and the engine's work
    /// per week grows with these lists.
    fn check_counts(&mut self, f: &ScenarioFile) {
        let limit = |c: &mut Self, path: &str, what: &str, n: usize, max: usize| {
            if n > max {
                c.err_h(
                    path,
                    format!("{n} {what}, more than the limit of {max}"),
                    "see the limits in docs/scenario-format.md",
                );
            }
        };
        limit(
            self,
            "learning_goals",
            "learning goals",
            f.learning_goals.len(),
            MAX_LEARNING_GOALS,
        );
        limit(
            self,
            "project.qualification_rules",
            "qualification rules",
            f.project.qualification_rules.len(),
            MAX_RULES,
        );
        limit(self, "events", "events", f.events.len(), MAX_EVENTS);
        limit(self, "injects", "injects", f.injects.len(), MAX_INJECTS);
        for (i, x) in f.injects.iter().enumerate() {
            limit(
                self,
                &format!("injects[{i}].effects"),
                "effects",
                x.effects.len(),
                MAX_EFFECTS,
            );
        }
        limit(
            self,
            "project.role_swaps",
            "role swaps",
            f.project.role_swaps.len(),
            MAX_ROLE_SWAPS,
        );
        for (i, e) in f.events.iter().enumerate() {
            limit(
                self,
                &format!("events[{i}].effects"),
                "effects",
                e.effects.len(),
                MAX_EFFECTS,
            );
        }
        for (i, s) in f.stakeholders.iter().enumerate() {
            limit(
                self,
                &format!("stakeholders[{i}].ties"),
                "ties",
                s.ties.len(),
                MAX_TIES,
            );
        }
    }

    fn money(&mut self, path: &str, field: &str, v: u32) {
        if v > MAX_MONEY {
            self.err_h(
                path,
                format!("`{field}` is {v}, above the limit of {MAX_MONEY} 万元"),
                "amounts are in 万元 (10,000 CNY): is a zero too many?",
            );
        }
    }

    fn check_customer(&mut self, c: &Customer) {
        for (name, v) in c.attractiveness.values() {
            let path = format!("customer.attractiveness.{name}");
            self.int_range(&path, name, i64::from(v), 1, 5);
        }
    }

    fn check_money(&mut self, f: &ScenarioFile) {
        let p = &f.project;
        let o = &f.our_company;
        if p.budget == 0 {
            self.err_h(
                "project.budget",
                "`budget` must be more than 0",
                "the true budget in 万元 (10,000 CNY)",
            );
        }
        self.money("project.budget", "budget", p.budget);
        self.money("our_company.list_price", "list_price", o.list_price);
        self.money("our_company.cost", "cost", o.cost);
        if o.cost >= o.list_price {
            self.err_with(
                "our_company.cost",
                format!(
                    "`cost` ({}) is not below `list_price` ({})",
                    o.cost, o.list_price
                ),
                "selling at list price must make a profit: lower the cost or raise the list price",
                "our_company.list_price",
                format!("`list_price` is {}", o.list_price),
            );
        }
        if p.budget > 0 && u64::from(o.list_price) > 2 * u64::from(p.budget) {
            self.warn_h(
                "our_company.list_price",
                format!(
                    "`list_price` ({}) is more than twice the budget ({})",
                    o.list_price, p.budget
                ),
                "the player will have to discount heavily; is the budget in 万元 too?",
            );
        }
        self.int_range(
            "our_company.technical_strength",
            "technical_strength",
            i64::from(o.technical_strength),
            0,
            100,
        );
        self.int_range("our_company.brand", "brand", i64::from(o.brand), 0, 100);
        if !(p.target_margin > 0.0 && p.target_margin < 1.0) {
            self.err_h(
                "project.target_margin",
                format!("`target_margin` is {}, outside (0, 1)", p.target_margin),
                "a fraction of the contract price, e.g. 0.3",
            );
        }
    }

    fn check_resources(&mut self, r: &Resources) {
        self.int_range(
            "resources.rep_days",
            "rep_days",
            i64::from(r.rep_days),
            1,
            7,
        );
        self.int_range(
            "resources.presales_days",
            "presales_days",
            i64::from(r.presales_days),
            0,
            7,
        );
        self.int_range(
            "resources.executive_visits",
            "executive_visits",
            i64::from(r.executive_visits),
            0,
            20,
        );
        if !(r.expense_budget.is_finite()
            && r.expense_budget >= 0.0
            && r.expense_budget <= f64::from(MAX_MONEY))
        {
            self.err(
                "resources.expense_budget",
                format!(
                    "`expense_budget` is {}, must be from 0 to {MAX_MONEY}",
                    r.expense_budget
                ),
            );
        }
    }

    // --- ids -------------------------------------------------------------------------------

    fn check_ids(&mut self, f: &ScenarioFile) {
        let mut defs: Vec<Def> = Vec::new();
        for (i, s) in f.stakeholders.iter().enumerate() {
            defs.push(Def {
                kind: "stakeholder",
                path: format!("stakeholders[{i}].id"),
                id: &s.id,
            });
        }
        for (i, r) in f.rivals.iter().enumerate() {
            defs.push(Def {
                kind: "rival",
                path: format!("rivals[{i}].id"),
                id: &r.id,
            });
        }
        for (i, e) in f.events.iter().enumerate() {
            defs.push(Def {
                kind: "event",
                path: format!("events[{i}].id"),
                id: &e.id,
            });
        }
        for (i, x) in f.injects.iter().enumerate() {
            defs.push(Def {
                kind: "inject",
                path: format!("injects[{i}].id"),
                id: &x.id,
            });
        }
        for (i, q) in f.project.qualification_rules.iter().enumerate() {
            defs.push(Def {
                kind: "qualification rule",
                path: format!("project.qualification_rules[{i}].id"),
                id: &q.id,
            });
        }
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, d) in defs.iter().enumerate() {
            self.check_id(&d.path, d.kind, d.id);
            if let Some(&first) = seen.get(d.id) {
                let firstd = &defs[first];
                let span = self.spans.locate(&firstd.path);
                let msg = format!("duplicate id `{}`", d.id);
                let hint = format!(
                    "already used by the {} at line {}; ids must be unique across stakeholders, rivals, events, injects and qualification rules",
                    firstd.kind, span.start.line
                );
                self.err_h(&d.path, msg, hint);
            } else {
                seen.insert(d.id, i);
            }
        }
    }

    // --- stakeholders ------------------------------------------------------------------

    fn check_stakeholders(&mut self, f: &ScenarioFile) {
        let n = f.stakeholders.len();
        if !STAKEHOLDERS.contains(&n) {
            self.err_h(
                "stakeholders",
                format!(
                    "{n} stakeholders; a scenario needs {} to {}",
                    STAKEHOLDERS.start(),
                    STAKEHOLDERS.end()
                ),
                "fewer make no puzzle, more cannot be played in an hour",
            );
        }
        let people: Vec<&str> = f.stakeholders.iter().map(|s| s.id.as_str()).collect();
        let rivals: Vec<&str> = f.rivals.iter().map(|r| r.id.as_str()).collect();

        for (i, s) in f.stakeholders.iter().enumerate() {
            let at = |field: &str| format!("stakeholders[{i}].{field}");
            if let Some(boss) = &s.reports_to {
                if boss == &s.id {
                    self.err(&at("reports_to"), format!("`{}` reports to himself", s.id));
                } else {
                    self.reference(
                        &at("reports_to"),
                        "stakeholder",
                        "reports_to",
                        boss,
                        &people,
                    );
                }
            }
            pool(self, &at("style"), "style", &s.style);
            pool(self, &at("need"), "need", &s.need);
            self.int_range(
                &at("attitude"),
                "attitude",
                i64::from(s.attitude),
                -100,
                100,
            );
            self.int_range(
                &at("attitude_spread"),
                "attitude_spread",
                i64::from(s.attitude_spread),
                0,
                50,
            );
            let mut seen_rivals = BTreeSet::new();
            for (j, ra) in s.rival_attitudes.iter().enumerate() {
                let p = at(&format!("rival_attitudes[{j}]"));
                self.reference(
                    &format!("{p}.rival"),
                    "rival",
                    "rival_attitudes",
                    &ra.rival,
                    &rivals,
                );
                if !seen_rivals.insert(ra.rival.as_str()) {
                    self.err(
                        &format!("{p}.rival"),
                        format!("attitude to rival `{}` is given twice", ra.rival),
                    );
                }
                self.int_range(
                    &format!("{p}.attitude"),
                    "attitude",
                    i64::from(ra.attitude),
                    -100,
                    100,
                );
            }
            if let Some(knows) = &s.knows {
                let mut seen = BTreeSet::new();
                for (j, k) in knows.iter().enumerate() {
                    if !seen.insert(*k) {
                        self.warn(
                            &at(&format!("knows[{j}]")),
                            format!("`{k:?}` is listed twice in `knows`"),
                        );
                    }
                }
            }
            self.unit(&at("openness"), "openness", s.openness);
            self.unit(&at("honesty"), "honesty", s.honesty);
            self.unit(&at("planted_chance"), "planted_chance", s.planted_chance);
            if let Some(r) = &s.planted_by {
                self.reference(&at("planted_by"), "rival", "planted_by", r, &rivals);
                if s.knows.as_ref().is_some_and(Vec::is_empty) {
                    self.err_with(
                        &at("planted_by"),
                        format!(
                            "`{}` is planted by `{r}` but knows nothing to pass on",
                            s.id
                        ),
                        "give him some `knows: [...]`, or remove `planted_by`",
                        &at("knows"),
                        "he knows nothing here".to_string(),
                    );
                } else if s.openness <= 0.0 {
                    self.warn_h(
                        &at("planted_by"),
                        format!(
                            "`{}` is planted by `{r}` but never shares anything (openness 0)",
                            s.id
                        ),
                        "a plant works by talking: raise `openness`",
                    );
                }
            }
            let mut seen_ties = BTreeSet::new();
            for (j, t) in s.ties.iter().enumerate() {
                let p = at(&format!("ties[{j}]"));
                if t.to == s.id {
                    self.err(
                        &format!("{p}.to"),
                        format!("`{}` has a tie to himself", s.id),
                    );
                } else {
                    self.reference(&format!("{p}.to"), "stakeholder", "ties.to", &t.to, &people);
                }
                if !seen_ties.insert(t.to.as_str()) {
                    self.warn(
                        &format!("{p}.to"),
                        format!("tie to `{}` is given twice", t.to),
                    );
                }
                self.unit(&format!("{p}.strength"), "strength", t.strength);
            }
        }
        self.check_reports_cycles(f);
        self.check_roles(f);
        self.check_reachable(f);
    }

    /// An unknown id at `path`: error with the known ids and a "did you mean".
    fn reference(&mut self, path: &str, kind: &str, field: &str, id: &str, known: &[&str]) -> bool {
        if known.contains(&id) {
            return true;
        }
        self.err_h(
            path,
            format!("unknown {kind} `{id}` in `{field}`"),
            known_list_hint(&format!("{kind}s"), id, known),
        );
        false
    }

    fn check_reports_cycles(&mut self, f: &ScenarioFile) {
        // With a duplicate id, `reports_to` is ambiguous: any cycle found would be a phantom
        // of the duplicate, which is reported on its own as the root cause.
        let ids: BTreeSet<&str> = f.stakeholders.iter().map(|s| s.id.as_str()).collect();
        if ids.len() < f.stakeholders.len() {
            return;
        }
        let index: BTreeMap<&str, usize> = f
            .stakeholders
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let boss = |i: usize| -> Option<usize> {
            let b = f.stakeholders[i].reports_to.as_deref()?;
            index.get(b).copied().filter(|&j| j != i)
        };
        let mut reported = BTreeSet::new();
        for start in 0..f.stakeholders.len() {
            let mut chain = vec![start];
            let mut cur = start;
            while let Some(next) = boss(cur) {
                if next == start {
                    // The cycle is reported once, at its member that comes first in the file.
                    let first = chain.iter().copied().min().unwrap_or(start);
                    if first == start && reported.insert(start) {
                        let mut names: Vec<&str> = chain
                            .iter()
                            .map(|&i| f.stakeholders[i].id.as_str())
                            .collect();
                        names.push(&f.stakeholders[start].id);
                        self.err_h(
                            &format!("stakeholders[{start}].reports_to"),
                            format!("`reports_to` forms a cycle: {}", names.join(" → ")),
                            "someone in the chain must report to nobody (leave out `reports_to`)",
                        );
                    }
                    break;
                }
                if chain.contains(&next) || chain.len() > f.stakeholders.len() {
                    break;
                }
                chain.push(next);
                cur = next;
            }
        }
    }

    fn check_roles(&mut self, f: &ScenarioFile) {
        let dms: Vec<usize> = f
            .stakeholders
            .iter()
            .enumerate()
            .filter(|(_, s)| s.role == Role::DecisionMaker && !s.arrives_by_event)
            .map(|(i, _)| i)
            .collect();
        if dms.is_empty() {
            self.err_h(
                "stakeholders",
                "no decision maker: exactly one stakeholder present from the start needs `role: DecisionMaker`",
                "the owner (老板) who signs the deal",
            );
        } else if dms.len() > 1 {
            let names: Vec<&str> = dms.iter().map(|&i| f.stakeholders[i].id.as_str()).collect();
            self.warn_h(
                &format!("stakeholders[{}].role", dms[1]),
                format!(
                    "{} decision makers present from the start: {}",
                    dms.len(),
                    names.join(", ")
                ),
                "usually one person decides; the engine treats all of them as owners",
            );
        }
        if !f.stakeholders.iter().any(|s| s.role == Role::TechnicalLead) {
            self.err_h(
                "stakeholders",
                "no technical lead: at least one stakeholder needs `role: TechnicalLead`",
                "the technical lead shapes the tender; the method says he must be won",
            );
        }
    }

    /// A hidden person nobody is linked to cannot be found by research or introductions.
    fn check_reachable(&mut self, f: &ScenarioFile) {
        for (i, s) in f.stakeholders.iter().enumerate() {
            if s.visible || s.arrives_by_event {
                continue;
            }
            let linked = s.reports_to.is_some()
                || !s.ties.is_empty()
                || f.stakeholders.iter().any(|o| {
                    o.reports_to.as_deref() == Some(s.id.as_str())
                        || o.ties.iter().any(|t| t.to == s.id)
                });
            if !linked {
                self.warn_h(
                    &format!("stakeholders[{i}].visible"),
                    format!("`{}` is hidden and nobody is linked to him: the player can never reach him", s.id),
                    "make him visible, or give him a `reports_to` or a tie to someone",
                );
            }
        }
    }

    // --- rivals ------------------------------------------------------------------------

    fn check_rivals(&mut self, f: &ScenarioFile) {
        let n = f.rivals.len();
        if !RIVALS.contains(&n) {
            self.err(
                "rivals",
                format!(
                    "{n} rivals; a scenario needs {} to {}",
                    RIVALS.start(),
                    RIVALS.end()
                ),
            );
        }
        for (i, r) in f.rivals.iter().enumerate() {
            let at = |field: &str| format!("rivals[{i}].{field}");
            self.int_range(
                &at("technical_strength"),
                "technical_strength",
                i64::from(r.technical_strength),
                0,
                100,
            );
            self.int_range(&at("brand"), "brand", i64::from(r.brand), 0, 100);
            self.int_range(
                &at("aggressiveness"),
                "aggressiveness",
                i64::from(r.aggressiveness),
                0,
                100,
            );
            if !(r.price_ratio > 0.0 && r.price_ratio <= 2.0) {
                self.err_h(
                    &at("price_ratio"),
                    format!("`price_ratio` is {}, outside (0, 2]", r.price_ratio),
                    "the rival's bid as a fraction of the budget, e.g. 0.9",
                );
            }
        }
    }

    // --- project -----------------------------------------------------------------------

    fn check_project(&mut self, f: &ScenarioFile) {
        let p = &f.project;
        if p.tender_week < 1 || p.tender_week > p.bid_week || p.bid_week > MAX_WEEKS {
            let path = if p.tender_week < 1 || p.tender_week > p.bid_week {
                "project.tender_week"
            } else {
                "project.bid_week"
            };
            self.err_h(
                path,
                format!(
                    "impossible schedule: tender in week {}, bids due in week {}",
                    p.tender_week, p.bid_week
                ),
                format!("need 1 ≤ tender_week ≤ bid_week ≤ {MAX_WEEKS}"),
            );
        }
        if let Evaluation::Comprehensive {
            technical,
            price,
            business,
        } = p.evaluation
        {
            let sum = u64::from(technical) + u64::from(price) + u64::from(business);
            if sum != 100 {
                self.err_h(
                    "project.evaluation",
                    format!("evaluation weights sum to {sum}, not 100"),
                    format!(
                        "technical {technical} + price {price} + business {business} must make 100"
                    ),
                );
            }
        }
        let people: Vec<&str> = f.stakeholders.iter().map(|s| s.id.as_str()).collect();
        if p.committee.is_empty() {
            self.err_h(
                "project.committee",
                "the evaluation committee is empty",
                "list the stakeholder ids who score the bids, e.g. `committee: [\"wang\", \"li\"]`",
            );
        }
        let mut seen = BTreeSet::new();
        for (i, m) in p.committee.iter().enumerate() {
            let path = format!("project.committee[{i}]");
            if !seen.insert(m.as_str()) {
                self.err(&path, format!("`{m}` sits on the committee twice"));
            } else {
                self.reference(&path, "stakeholder", "committee", m, &people);
            }
        }
        if p.outside_experts > 20 {
            self.err(
                "project.outside_experts",
                format!("`outside_experts` is {}, outside 0..=20", p.outside_experts),
            );
        }
        let rivals: Vec<&str> = f.rivals.iter().map(|r| r.id.as_str()).collect();
        for (i, q) in p.qualification_rules.iter().enumerate() {
            let mut seen = BTreeSet::new();
            for (j, r) in q.rivals_failing.iter().enumerate() {
                let path = format!("project.qualification_rules[{i}].rivals_failing[{j}]");
                if !seen.insert(r.as_str()) {
                    self.warn(&path, format!("`{r}` is listed twice"));
                } else {
                    self.reference(&path, "rival", "rivals_failing", r, &rivals);
                }
            }
        }
    }

    // --- events ------------------------------------------------------------------------

    fn check_events(&mut self, f: &ScenarioFile) {
        let people: Vec<&str> = f.stakeholders.iter().map(|s| s.id.as_str()).collect();
        let last = f.project.bid_week;
        let week_hint = format!("events happen in weeks 1 to {last} (the bid week)");
        let mut totals = (0i64, 0i64, 0u32);
        for (i, e) in f.events.iter().enumerate() {
            let tp = format!("events[{i}].trigger");
            match &e.trigger {
                Trigger::Week(w) => {
                    if *w < 1 || *w > last {
                        self.err_h(
                            &format!("{tp}.0"),
                            format!("event week {w} is outside 1..={last}"),
                            week_hint.clone(),
                        );
                    }
                }
                Trigger::Chance { from, to, chance } => {
                    if *from < 1 || *from > last {
                        self.err_h(
                            &format!("{tp}.from"),
                            format!("`from` week {from} is outside 1..={last}"),
                            week_hint.clone(),
                        );
                    }
                    if *to < 1 || *to > last {
                        self.err_h(
                            &format!("{tp}.to"),
                            format!("`to` week {to} is outside 1..={last}"),
                            week_hint.clone(),
                        );
                    }
                    if from > to {
                        self.err(
                            &format!("{tp}.from"),
                            format!("`from` ({from}) is after `to` ({to})"),
                        );
                    }
                    self.unit(&format!("{tp}.chance"), "chance", *chance);
                }
                Trigger::AttitudeBelow { who, below, week } => {
                    self.reference(&format!("{tp}.who"), "stakeholder", "who", who, &people);
                    self.int_range(
                        &format!("{tp}.below"),
                        "below",
                        i64::from(*below),
                        -100,
                        100,
                    );
                    if *week < 1 || *week > last {
                        self.err_h(
                            &format!("{tp}.week"),
                            format!("event week {week} is outside 1..={last}"),
                            week_hint.clone(),
                        );
                    }
                }
            }
            // A news-only event is fine: news reaching the player is the point.
            let has_news = e.news.zh.as_deref().is_some_and(|s| !s.trim().is_empty())
                || e.news.en.as_deref().is_some_and(|s| !s.trim().is_empty());
            if e.effects.is_empty() && !has_news {
                self.warn(
                    &format!("events[{i}].effects"),
                    format!(
                        "event `{}` has no effects and no news: it does nothing",
                        e.id
                    ),
                );
            }
            self.check_effects(f, &format!("events[{i}]"), &e.effects, &mut totals);
        }
        for (i, x) in f.injects.iter().enumerate() {
            self.check_effects(f, &format!("injects[{i}]"), &x.effects, &mut totals);
            if x.effects.is_empty() {
                self.warn(
                    &format!("injects[{i}].effects"),
                    format!(
                        "inject `{}` has no effects: firing it only shows its text",
                        x.id
                    ),
                );
            }
            for (j, fx) in x.effects.iter().enumerate() {
                if let Effect::Reshuffle { arrives, .. } = fx
                    && f.stakeholders
                        .iter()
                        .any(|s| &s.id == arrives && !s.arrives_by_event)
                {
                    self.err_h(
                        &format!("injects[{i}].effects[{j}].arrives"),
                        format!("`{arrives}` is not marked `arrives_by_event`"),
                        "a reshuffle may only bring someone marked `arrives_by_event: true`",
                    );
                }
            }
        }
    }

    /// The effects of one event or inject. Every event and inject may fire: all the budget
    /// cuts together must leave a budget, all raises and delays together stay in range.
    fn check_effects(
        &mut self,
        f: &ScenarioFile,
        at: &str,
        effects: &[Effect],
        totals: &mut (i64, i64, u32),
    ) {
        let people: Vec<&str> = f.stakeholders.iter().map(|s| s.id.as_str()).collect();
        let rivals: Vec<&str> = f.rivals.iter().map(|r| r.id.as_str()).collect();
        let last = f.project.bid_week;
        let (mut cuts, mut raises, mut delays) = *totals;
        for (j, fx) in effects.iter().enumerate() {
            let ep = format!("{at}.effects[{j}]");
            let m = i64::from(MAX_ATTITUDE_DELTA);
            match fx {
                Effect::Attitude { who, delta } => {
                    self.reference(&format!("{ep}.who"), "stakeholder", "who", who, &people);
                    self.int_range(&format!("{ep}.delta"), "delta", i64::from(*delta), -m, m);
                }
                Effect::RivalAttitude { who, rival, delta } => {
                    self.reference(&format!("{ep}.who"), "stakeholder", "who", who, &people);
                    self.reference(&format!("{ep}.rival"), "rival", "rival", rival, &rivals);
                    self.int_range(&format!("{ep}.delta"), "delta", i64::from(*delta), -m, m);
                }
                Effect::Reshuffle { leaves, arrives } => {
                    self.reference(
                        &format!("{ep}.leaves"),
                        "stakeholder",
                        "leaves",
                        leaves,
                        &people,
                    );
                    self.reference(
                        &format!("{ep}.arrives"),
                        "stakeholder",
                        "arrives",
                        arrives,
                        &people,
                    );
                    if leaves == arrives {
                        self.err(
                            &format!("{ep}.arrives"),
                            format!("`{leaves}` both leaves and arrives"),
                        );
                    }
                }
                Effect::RivalShapes { rival, amount } => {
                    self.reference(&format!("{ep}.rival"), "rival", "rival", rival, &rivals);
                    let m = i64::from(MAX_SHAPE_AMOUNT);
                    self.int_range(&format!("{ep}.amount"), "amount", i64::from(*amount), -m, m);
                }
                Effect::Budget { delta } => {
                    // Every cut may fire (chance events included): all of them together
                    // must leave a budget, and all raises together stay within the limit.
                    let d = i64::from(*delta);
                    if d < 0 {
                        cuts += d;
                        if i64::from(f.project.budget) + cuts <= 0 {
                            self.err_h(
                                    &format!("{ep}.delta"),
                                    format!(
                                        "budget change {delta} leaves no budget (with the cuts before it, {} from {})",
                                        cuts, f.project.budget
                                    ),
                                    "every budget event may fire: the budget plus all the cuts must stay above 0",
                                );
                        }
                    } else {
                        raises += d;
                        if i64::from(f.project.budget) + raises > i64::from(MAX_MONEY) {
                            self.err_h(
                                &format!("{ep}.delta"),
                                format!(
                                    "budget change {delta} takes the budget above {MAX_MONEY} 万元"
                                ),
                                "the budget plus all the raises must stay within the money limit",
                            );
                        }
                    }
                }
                Effect::Delay { weeks } => {
                    delays = delays.saturating_add(*weeks);
                    if *weeks == 0 || f.project.bid_week.saturating_add(delays) > MAX_WEEKS {
                        self.err_h(
                                &format!("{ep}.weeks"),
                                format!("a delay of {weeks} weeks is impossible here"),
                                format!("1 week or more, and the bid week ({last}) plus all the delays stays within {MAX_WEEKS}"),
                            );
                    }
                }
            }
        }
        *totals = (cuts, raises, delays);
    }

    /// A person who `arrives_by_event` needs a Reshuffle bringing him; a Reshuffle may only
    /// bring such a person.
    fn check_reshuffles(&mut self, f: &ScenarioFile) {
        let mut arriving: BTreeSet<&str> = BTreeSet::new();
        for (i, e) in f.events.iter().enumerate() {
            for (j, fx) in e.effects.iter().enumerate() {
                if let Effect::Reshuffle { arrives, .. } = fx {
                    arriving.insert(arrives);
                    if let Some(s) = f.stakeholders.iter().find(|s| &s.id == arrives)
                        && !s.arrives_by_event
                    {
                        self.err_h(
                            &format!("events[{i}].effects[{j}].arrives"),
                            format!("`{arrives}` arrives by this event but is not marked `arrives_by_event: true`"),
                            format!("add `arrives_by_event: true` to `{arrives}`, who is otherwise present from the start"),
                        );
                    }
                }
            }
        }
        for (i, s) in f.stakeholders.iter().enumerate() {
            if s.arrives_by_event && !arriving.contains(s.id.as_str()) {
                self.err_h(
                    &format!("stakeholders[{i}].arrives_by_event"),
                    format!(
                        "`{}` arrives by event, but no event brings him: he can never appear",
                        s.id
                    ),
                    format!(
                        "add an event with `Reshuffle(leaves: \"…\", arrives: \"{}\")`",
                        s.id
                    ),
                );
            }
        }
    }

    /// A trap (陪标) needs a mechanism that makes it unwinnable.
    fn check_trap(&mut self, f: &ScenarioFile) {
        if !f.trap {
            return;
        }
        let barrier = f
            .project
            .qualification_rules
            .iter()
            .any(|q| q.always && !q.we_meet);
        if !barrier {
            self.warn_h(
                "trap",
                "a trap scenario with nothing that makes it a trap",
                "add a qualification rule with `always: true, we_meet: false` (a requirement we cannot meet, found by desk research): the engine judges \"can we win\" from the seed's state, and a walk-away scores well only on evidence the player can gather; a decision maker set on a rival also blocks the deal, but the player rarely holds evidence of it in week 1",
            );
        }
    }

    // --- the method's rules: who may decide, rivals' floors, the committee's make-up ------

    fn check_method(&mut self, f: &ScenarioFile) {
        let ids: Vec<&str> = f.stakeholders.iter().map(|s| s.id.as_str()).collect();
        for (i, w) in f.project.role_swaps.iter().enumerate() {
            let at = |field: &str| format!("project.role_swaps[{i}].{field}");
            let a = self.reference(&at("a"), "stakeholder", "a", &w.a, &ids);
            let b = self.reference(&at("b"), "stakeholder", "b", &w.b, &ids);
            if a && b && w.a == w.b {
                self.err_h(
                    &at("b"),
                    format!("`{}` is swapped with himself", w.a),
                    "a swap names two different people whose hidden roles the seed may exchange",
                );
            }
            self.unit(&at("chance"), "chance", w.chance);
        }
        for (i, r) in f.rivals.iter().enumerate() {
            if let Some(floor) = r.floor
                && !(floor > 0.0 && floor <= r.price_ratio)
            {
                self.err_h(
                    &format!("rivals[{i}].floor"),
                    format!(
                        "`floor` is {floor}, outside (0, price_ratio = {}]",
                        r.price_ratio
                    ),
                    "the lowest share of the budget the rival can justify (its cost), e.g. 0.7",
                );
            }
        }
        let p = &f.project;
        if p.procurement == Procurement::InvitedTender && f.rivals.len() < 2 {
            self.err_h(
                "project.procurement",
                format!(
                    "an invited tender with {} rival: fewer than three bids fail the tender (废标), so it could never be awarded",
                    f.rivals.len()
                ),
                "invite at least two rivals, or make it `Negotiated` (议标) or an `OpenTender`",
            );
        }
        if f.customer.industry == Industry::Government && p.procurement == Procurement::OpenTender {
            let members = p.committee.len() as u64;
            let experts = u64::from(p.outside_experts);
            if experts * 3 < (members + experts) * 2 {
                self.err_h(
                    "project.outside_experts",
                    format!(
                        "a government open tender with {experts} outside experts and {members} buyer's representatives: the experts must be at least two thirds of the committee"
                    ),
                    "public procurement law draws at least two thirds of the evaluators at random from the expert pool; the buyer's own representatives are the rest",
                );
            }
        }
    }

    // --- tuning ------------------------------------------------------------------------

    fn check_tuning(&mut self, t: &crate::sim::tuning::Tuning) {
        let check = |c: &mut Self, field: &str, v: f64, lo: f64, hi: f64, hi_open: bool| {
            let ok = v.is_finite() && v >= lo && if hi_open { v < hi } else { v <= hi };
            if !ok {
                let close = if hi_open { ")" } else { "]" };
                let hi_s = if hi.is_infinite() {
                    "∞".to_string()
                } else {
                    hi.to_string()
                };
                c.err(
                    &format!("tuning.{field}"),
                    format!("`{field}` is {v}, outside [{lo}, {hi_s}{close}"),
                );
            }
        };
        check(self, "noise", t.noise, 0.0, 1.0, true);
        check(self, "repeat_factor", t.repeat_factor, 0.0, 1.0, true);
        check(self, "kickback_risk", t.kickback_risk, 0.0, 1.0, false);
        check(self, "gift_risk", t.gift_risk, 0.0, 1.0, false);
        check(self, "leak_risk", t.leak_risk, 0.0, 1.0, false);
        check(self, "boss_pull", t.boss_pull, 0.0, 1.0, false);
        check(self, "tie_pull", t.tie_pull, 0.0, 1.0, false);
        check(self, "base_discount", t.base_discount, 0.0, 1.0, true);
        check(self, "spec_weight", t.spec_weight, 0.0, 10.0, false);
        check(self, "bias_limit", t.bias_limit, 0.0, 100.0, false);
        check(
            self,
            "compliance_threshold",
            t.compliance_threshold,
            0.0,
            100.0,
            false,
        );
        check(self, "proposal_share", t.proposal_share, 0.0, 1.0, false);
        check(self, "writer_gain", t.writer_gain, 0.0, 20.0, false);
        check(self, "proof_decay", t.proof_decay, 0.0, 1.0, false);
        check(self, "abnormal_low", t.abnormal_low, 0.0, 1.0, false);
        check(self, "abnormal_margin", t.abnormal_margin, 0.0, 1.0, false);
        check(self, "rival_price_cut", t.rival_price_cut, 0.0, 0.5, false);
        check(self, "proposal_gain", t.proposal_gain, 0.0, 100.0, false);
        check(
            self,
            "rival_court_gain",
            t.rival_court_gain,
            0.0,
            100.0,
            false,
        );
        for (field, v, lo, hi) in [
            ("bypass_penalty", t.bypass_penalty, 0, 100),
            ("offence_drop", t.offence_drop, 0, 100),
            ("owner_offence_ripple", t.owner_offence_ripple, 0, 100),
            ("informant_attitude", t.informant_attitude, -100, 100),
            ("sponsor_attitude", t.sponsor_attitude, -100, 100),
            ("coach_attitude", t.coach_attitude, -100, 100),
            ("shape_attitude", t.shape_attitude, -100, 100),
            (
                "rival_insider_attitude",
                t.rival_insider_attitude,
                -100,
                100,
            ),
            ("shape_gain", t.shape_gain, 0, 100),
            ("barrier_at", t.barrier_at, 0, 100),
            ("rival_shape_gain", t.rival_shape_gain, 0, 100),
        ] {
            self.int_range(&format!("tuning.{field}"), field, i64::from(v), lo, hi);
        }
        for (field, v) in [
            ("introduction_trust", t.introduction_trust),
            ("informant_trust", t.informant_trust),
            ("sponsor_trust", t.sponsor_trust),
            ("coach_trust", t.coach_trust),
            ("share_trust", t.share_trust),
            ("shape_trust", t.shape_trust),
        ] {
            check(self, field, v, 0.0, 100.0, false);
        }
        let costs = [
            ("cost_desk_research", t.cost_desk_research),
            ("cost_cold_call", t.cost_cold_call),
            ("cost_introduction", t.cost_introduction),
            ("cost_meeting", t.cost_meeting),
            ("cost_seminar", t.cost_seminar),
            ("cost_demo", t.cost_demo),
            ("cost_factory_visit", t.cost_factory_visit),
            ("cost_reference_visit", t.cost_reference_visit),
            ("cost_endorsement", t.cost_endorsement),
            ("cost_executive_visit", t.cost_executive_visit),
            ("cost_business_meal", t.cost_business_meal),
            ("cost_develop", t.cost_develop),
            ("cost_shape_tender", t.cost_shape_tender),
            ("cost_clarification", t.cost_clarification),
            ("cost_objection", t.cost_objection),
            ("cost_reframe", t.cost_reframe),
            ("cost_partner", t.cost_partner),
            ("cost_proposal", t.cost_proposal),
            ("cost_gift", t.cost_gift),
            ("cost_kickback", t.cost_kickback),
            ("cost_obtain_rival_bid", t.cost_obtain_rival_bid),
        ];
        for (field, c) in costs {
            check(
                self,
                &format!("{field}.expense"),
                c.expense,
                0.0,
                f64::from(MAX_MONEY),
                false,
            );
            if c.rep_days > 7 {
                self.err(
                    &format!("tuning.{field}.rep_days"),
                    format!("`rep_days` is {}, outside 0..=7", c.rep_days),
                );
            }
            if c.presales_days > 7 {
                self.err(
                    &format!("tuning.{field}.presales_days"),
                    format!("`presales_days` is {}, outside 0..=7", c.presales_days),
                );
            }
        }
        let effects = [
            ("cold_call", t.cold_call),
            ("probe_needs", t.probe_needs),
            ("fabe", t.fabe),
            ("rapport", t.rapport),
            ("ask_info", t.ask_info),
            ("where_do_we_stand", t.where_do_we_stand),
            ("propose_next_step", t.propose_next_step),
            ("seminar", t.seminar),
            ("demo", t.demo),
            ("factory_visit", t.factory_visit),
            ("reference_visit", t.reference_visit),
            ("executive_visit", t.executive_visit),
            ("business_meal", t.business_meal),
            ("gift", t.gift),
            ("kickback", t.kickback),
            ("endorsement", t.endorsement),
        ];
        for (field, e) in effects {
            let all = [e.base, e.trust].into_iter().chain(e.style).chain(e.need);
            if all.clone().any(|v| !v.is_finite() || v.abs() > 100.0) {
                self.err(
                    &format!("tuning.{field}"),
                    format!("`{field}` has a number that is not finite or beyond ±100"),
                );
            }
        }
    }
}

/// A style or need pool: non-empty, no duplicates.
fn pool<T: std::fmt::Debug + Ord>(c: &mut Checker, path: &str, field: &str, items: &[T]) {
    if items.is_empty() {
        c.err_h(
            path,
            format!("`{field}` is empty"),
            format!("give one `{field}`, or a pool the seed picks from"),
        );
    }
    let mut seen = BTreeSet::new();
    for (i, it) in items.iter().enumerate() {
        if !seen.insert(it) {
            c.err(
                &format!("{path}[{i}]"),
                format!("`{it:?}` is listed twice in `{field}`"),
            );
        }
    }
}

/// The first ASCII `, : ; ? ! ( )` that touches a Chinese character (its char index and
/// the character), and how many do.
fn ascii_punctuation_in_chinese(s: &str) -> Option<(usize, char, usize)> {
    let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    let chars: Vec<char> = s.chars().collect();
    let mut first = None;
    let mut n = 0;
    for (i, &c) in chars.iter().enumerate() {
        if !matches!(c, ',' | ':' | ';' | '?' | '!' | '(' | ')') {
            continue;
        }
        let before = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let after = chars.get(i + 1).copied();
        if before.is_some_and(han) || after.is_some_and(han) {
            n += 1;
            first.get_or_insert((i, c));
        }
    }
    first.map(|(i, c)| (i, c, n))
}

fn full_width(c: char) -> char {
    match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        other => other,
    }
}

/// Every `Text` of the file with its path, and whether it may be left out entirely.
fn collect_texts<'f>(f: &'f ScenarioFile, out: &mut Vec<(String, &'f Text, bool)>) {
    let mut add = |p: String, t: &'f Text, optional: bool| out.push((p, t, optional));
    add("title".into(), &f.title, false);
    add("summary".into(), &f.summary, false);
    for (i, g) in f.learning_goals.iter().enumerate() {
        add(format!("learning_goals[{i}]"), g, false);
    }
    if let Some(n) = &f.facilitator_notes {
        add("facilitator_notes".into(), n, false);
    }
    add("customer.name".into(), &f.customer.name, false);
    add("customer.description".into(), &f.customer.description, true);
    add("project.name".into(), &f.project.name, false);
    add("project.description".into(), &f.project.description, false);
    for (i, q) in f.project.qualification_rules.iter().enumerate() {
        add(
            format!("project.qualification_rules[{i}].text"),
            &q.text,
            false,
        );
    }
    add("our_company.name".into(), &f.our_company.name, false);
    add("our_company.product".into(), &f.our_company.product, false);
    for (i, s) in f.stakeholders.iter().enumerate() {
        add(format!("stakeholders[{i}].name"), &s.name, false);
        add(format!("stakeholders[{i}].title"), &s.title, false);
        add(
            format!("stakeholders[{i}].department"),
            &s.department,
            false,
        );
    }
    for (i, r) in f.rivals.iter().enumerate() {
        add(format!("rivals[{i}].name"), &r.name, false);
        add(format!("rivals[{i}].description"), &r.description, true);
    }
    for (i, e) in f.events.iter().enumerate() {
        add(format!("events[{i}].news"), &e.news, true);
    }
    for (i, x) in f.injects.iter().enumerate() {
        add(format!("injects[{i}].text"), &x.text, false);
    }
}
