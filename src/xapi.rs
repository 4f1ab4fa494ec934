//! xAPI 1.0.3 statements for a company's learning record store, from verified, finished
//! replays and a roster that maps each team to its learners. A team is not a person: only
//! the people the roster names appear in a statement. Statement ids are UUIDv5 of the
//! replay digest, the learner and the verb, so sending the same game twice adds nothing.

use crate::i18n::Lang;
use crate::replay::Replay;
use crate::sim::Game;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;
use uuid::Uuid;

/// The xAPI version the statements follow.
pub const XAPI_VERSION: &str = "1.0.3";
/// The grade a game needs to be `passed` unless the roster says otherwise (per scenario).
pub const DEFAULT_PASS_GRADE: char = 'C';
/// Largest roster file read, in bytes.
pub const MAX_ROSTER_BYTES: u64 = 1024 * 1024;
/// Longest learner name or account name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// IRI prefix of the activities (one per scenario) and of the context extensions.
pub const IRI_BASE: &str = "urn:sandtable";

const VERB_COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
const VERB_PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
const VERB_FAILED: &str = "http://adlnet.gov/expapi/verbs/failed";
const SIMULATION: &str = "http://adlnet.gov/expapi/activities/simulation";

/// One learner: a display name and an account on the company's platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Learner {
    pub name: String,
    /// The learner's account name (login) on the platform.
    pub account: String,
    /// The platform's home page, when it differs from the roster's.
    #[serde(default)]
    pub home_page: Option<String>,
}

/// A team and who played in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterTeam {
    /// The team name exactly as recorded in the replays (`play --team`).
    pub team: String,
    pub learners: Vec<Learner>,
}

/// The roster file (JSON): who was in which team, and what counts as a pass.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roster {
    /// The learning platform's home page (the accounts' `homePage`).
    pub home_page: String,
    /// The workshop's registration UUID; derived from the games' scenario version and
    /// seed when absent, so that every team of one workshop shares it.
    #[serde(default)]
    pub registration: Option<Uuid>,
    /// Grade needed to pass, per scenario id (`"default"` for the others; default C).
    #[serde(default)]
    pub pass_grade: BTreeMap<String, char>,
    pub teams: Vec<RosterTeam>,
}

/// Why statements could not be made.
#[derive(Debug, thiserror::Error)]
pub enum XapiError {
    #[error("roster: {0}")]
    Roster(String),
    #[error(
        "team `{0}` has a replay but is not in the roster (add it, with its learners, or leave its replay out)"
    )]
    NotInRoster(String),
}

impl Roster {
    /// Read and check a roster file.
    pub fn read(path: &Path) -> Result<Roster, XapiError> {
        let text = crate::fsread::read_text(path, MAX_ROSTER_BYTES, crate::fsread::Origin::Named)
            .map_err(|e| XapiError::Roster(format!("{}: {e}", path.display())))?;
        Roster::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Roster, XapiError> {
        let r: Roster = serde_json::from_str(text).map_err(|e| {
            XapiError::Roster(format!("line {} column {}: {e}", e.line(), e.column()))
        })?;
        r.check()?;
        Ok(r)
    }

    fn check(&self) -> Result<(), XapiError> {
        let bad = |m: String| Err(XapiError::Roster(m));
        if !is_http_url(&self.home_page) {
            return bad(format!(
                "home_page `{}` is not an http(s) URL",
                crate::escape::line(&self.home_page)
            ));
        }
        for (scn, g) in &self.pass_grade {
            if !matches!(g, 'A' | 'B' | 'C' | 'D' | 'F') {
                return bad(format!(
                    "pass_grade of `{}` is `{g}`: use A, B, C, D or F",
                    crate::escape::line(scn)
                ));
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for t in &self.teams {
            if !seen.insert(t.team.as_str()) {
                return bad(format!(
                    "team `{}` is listed twice",
                    crate::escape::line(&t.team)
                ));
            }
            if t.learners.is_empty() {
                return bad(format!(
                    "team `{}` has no learners",
                    crate::escape::line(&t.team)
                ));
            }
            for l in &t.learners {
                let long = |s: &str| s.chars().count() > MAX_NAME_CHARS;
                if l.name.trim().is_empty() || l.account.trim().is_empty() {
                    return bad(format!(
                        "a learner of team `{}` has an empty name or account",
                        crate::escape::line(&t.team)
                    ));
                }
                if long(&l.name) || long(&l.account) {
                    return bad(format!(
                        "a learner of team `{}` has a name or account over {MAX_NAME_CHARS} characters",
                        crate::escape::line(&t.team)
                    ));
                }
                if let Some(h) = &l.home_page
                    && !is_http_url(h)
                {
                    return bad(format!(
                        "home_page `{}` of learner `{}` is not an http(s) URL",
                        crate::escape::line(h),
                        crate::escape::line(&l.account)
                    ));
                }
            }
        }
        Ok(())
    }

    /// The grade a game of `scenario` needs to pass.
    pub fn pass_grade_of(&self, scenario: &str) -> char {
        self.pass_grade
            .get(scenario)
            .or_else(|| self.pass_grade.get("default"))
            .copied()
            .unwrap_or(DEFAULT_PASS_GRADE)
    }
}

fn is_http_url(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://"))
        && s.len() > 8
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Whether `grade` is at least `pass` (A best, F worst).
pub fn passes(grade: char, pass: char) -> bool {
    let order = |g: char| "ABCDF".find(g).unwrap_or(usize::MAX);
    order(grade) <= order(pass)
}

fn namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:sandtable:xapi")
}

/// The id of one statement: UUIDv5 of the replay digest, the learner and the verb.
pub fn statement_id(digest: &str, home_page: &str, account: &str, verb: &str) -> Uuid {
    let name = format!("{digest}\n{home_page}\n{account}\n{verb}");
    Uuid::new_v5(&namespace(), name.as_bytes())
}

/// The registration of a workshop when the roster gives none: UUIDv5 of the scenario id,
/// its version (hash) and the seed, shared by every team that played that deal.
pub fn derived_registration(r: &Replay) -> Uuid {
    let name = format!(
        "registration\n{}\n{}\n{}",
        r.scenario_id, r.scenario_hash, r.seed
    );
    Uuid::new_v5(&namespace(), name.as_bytes())
}

fn ext(name: &str) -> String {
    format!("{IRI_BASE}:ext:{name}")
}

fn lang_tag(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en-US",
    }
}

fn agent(roster: &Roster, l: &Learner) -> Value {
    json!({
        "objectType": "Agent",
        "name": l.name,
        "account": {
            "homePage": l.home_page.as_deref().unwrap_or(&roster.home_page),
            "name": l.account,
        }
    })
}

/// The statements for every learner of every game: `completed`, then `passed` or
/// `failed`. `games` are verified, finished games with their replays.
pub fn statements(
    games: &[(&Replay, &Game)],
    roster: &Roster,
    lang: Lang,
) -> Result<Vec<Value>, XapiError> {
    let mut out = Vec::new();
    for (r, g) in games {
        let team = roster
            .teams
            .iter()
            .find(|t| t.team == r.team)
            .ok_or_else(|| XapiError::NotInRoster(r.team.clone()))?;
        let scn = g.scenario();
        let pass = roster.pass_grade_of(&r.scenario_id);
        let success = passes(r.score.grade, pass);
        let registration = roster
            .registration
            .unwrap_or_else(|| derived_registration(r));
        let members: Vec<Value> = team.learners.iter().map(|l| agent(roster, l)).collect();
        let mut result = json!({
            "score": {
                "scaled": (r.score.total / 100.0 * 10_000.0).round() / 10_000.0,
                "raw": r.score.total,
                "min": 0,
                "max": 100,
            },
            "success": success,
            "completion": true,
        });
        if let Some(secs) = r.duration_secs() {
            result["duration"] = json!(crate::stamp::iso_duration(secs));
        }
        let mut names = serde_json::Map::new();
        for l in [Lang::Zh, Lang::En] {
            names.insert(lang_tag(l).into(), json!(scn.file.title.get(l)));
        }
        let object = json!({
            "objectType": "Activity",
            "id": format!("{IRI_BASE}:scenario:{}", r.scenario_id),
            "definition": {
                "name": names,
                "type": SIMULATION,
            }
        });
        let context = json!({
            "registration": registration.to_string(),
            "team": {
                "objectType": "Group",
                "name": r.team,
                "member": members,
            },
            "platform": format!("Sandtable {}", r.engine_version),
            "language": lang_tag(lang),
            "extensions": {
                ext("scenario-id"): r.scenario_id,
                ext("scenario-version"): r.scenario_hash,
                ext("seed"): r.seed,
                ext("engine-version"): r.engine_version,
                ext("replay-digest"): r.digest,
                ext("grade"): r.score.grade.to_string(),
                ext("pass-grade"): pass.to_string(),
                ext("outcome"): r.outcome.key().trim_start_matches("outcome."),
            }
        });
        let outcome_verb = if success {
            (VERB_PASSED, "passed", "通过")
        } else {
            (VERB_FAILED, "failed", "未通过")
        };
        for l in &team.learners {
            let home = l.home_page.as_deref().unwrap_or(&roster.home_page);
            for (verb, en, zh) in [(VERB_COMPLETED, "completed", "完成"), outcome_verb] {
                let mut s = json!({
                    "id": statement_id(&r.digest, home, &l.account, verb).to_string(),
                    "actor": agent(roster, l),
                    "verb": {"id": verb, "display": {"en-US": en, "zh-CN": zh}},
                    "object": object,
                    "result": result,
                    "context": context,
                    "version": XAPI_VERSION,
                });
                if let Some(t) = &r.ended_at {
                    s["timestamp"] = json!(t);
                }
                out.push(s);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_pass_at_or_above_the_mark() {
        assert!(passes('A', 'C'));
        assert!(passes('C', 'C'));
        assert!(!passes('D', 'C'));
        assert!(!passes('F', 'D'));
    }

    #[test]
    fn statement_ids_depend_on_digest_learner_and_verb_only() {
        let a = statement_id("d1", "https://lms", "wang", VERB_COMPLETED);
        assert_eq!(a, statement_id("d1", "https://lms", "wang", VERB_COMPLETED));
        assert_ne!(a, statement_id("d2", "https://lms", "wang", VERB_COMPLETED));
        assert_ne!(a, statement_id("d1", "https://lms", "li", VERB_COMPLETED));
        assert_ne!(a, statement_id("d1", "https://lms", "wang", VERB_PASSED));
        assert_eq!(a.get_version_num(), 5);
    }

    #[test]
    fn a_roster_is_checked() {
        let ok = r#"{"home_page": "https://lms.example.com", "pass_grade": {"default": "B"},
            "teams": [{"team": "T", "learners": [{"name": "王五", "account": "wangwu"}]}]}"#;
        let r = Roster::parse(ok).expect("valid roster");
        assert_eq!(r.pass_grade_of("tutorial"), 'B');
        for (bad, why) in [
            (
                ok.replace("https://lms.example.com", "lms"),
                "not an http(s) URL",
            ),
            (ok.replace("\"B\"", "\"E\""), "use A, B, C, D or F"),
            (ok.replace("wangwu", ""), "empty name or account"),
            (ok.replace("\"teams\"", "\"tems\""), "unknown field"),
        ] {
            let e = Roster::parse(&bad).expect_err(why).to_string();
            assert!(e.contains(why), "{e}");
        }
    }
}
