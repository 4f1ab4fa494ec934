//! Replays: everything needed to re-simulate a game and prove its score. Workshops collect
//! one per team; `verify` and `leaderboard` re-run each and reject any that was edited.
//!
//! A replay is a file from someone else: it names its scenario by id only (never a path),
//! it is read through a byte limit, and its digest covers a canonical form of the file's
//! own content, so adding a field to the format never makes an old replay look edited.

use crate::fsread::{self, Origin, ReadError};
use crate::sim::script::{format_act, parse_act};
use crate::sim::{AccountMap, Game, Outcome, RULES_VERSION, Scenario, Scorecard};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::Arc;

/// The replay file format version written today. Format 1 (digest over the writer's own
/// serialization, no rules version) is still read and verified.
pub const FORMAT: u32 = 2;
/// Largest replay file read, in bytes.
pub const MAX_REPLAY_BYTES: u64 = 16 * 1024 * 1024;
/// Longest scenario id accepted in a replay or save, in characters.
pub const MAX_ID_CHARS: usize = 64;
/// Longest team name accepted, in characters.
pub const MAX_TEAM_CHARS: usize = 100;
/// Most actions a replay may hold (an expert game has a few hundred).
pub const MAX_ACTIONS: usize = 100_000;

/// The map as it stood at the end of a week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapSnapshot {
    pub week: u32,
    pub map: AccountMap,
}

/// A facilitator's inject as a replay records it: the inject's id and the game week it was
/// fired in (it lands at that week's end).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FiredInject {
    #[serde(rename = "week")]
    pub week: u32,
    #[serde(rename = "inject")]
    pub inject: String,
}

/// Most injects a replay may record (the scenario format's own limit).
pub const MAX_INJECTS: usize = crate::scenario::validate::MAX_INJECTS;

/// The digest of the file a replay was read from, kept beside the parsed fields. It takes no
/// part in equality: two replays are equal when their recorded fields are.
#[derive(Debug, Clone, Default)]
pub struct SourceDigest(Option<String>);

impl PartialEq for SourceDigest {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

fn legacy_rules() -> u32 {
    1
}

/// A recorded game.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Replay {
    pub format: u32,
    /// The rules version ([`RULES_VERSION`]) the game was played under (1 when absent).
    #[serde(default = "legacy_rules")]
    pub rules_version: u32,
    pub engine_version: String,
    pub scenario_id: String,
    /// sha256 of the scenario file the game was played on.
    pub scenario_hash: String,
    pub seed: u64,
    /// Team or player name (workshops).
    #[serde(default)]
    pub team: String,
    /// The bot policy that played, if a bot did (self-declared: see `bots::identify`).
    #[serde(default)]
    pub policy: Option<String>,
    /// Every action, in the script syntax.
    pub actions: Vec<String>,
    /// When the game started and ended on the wall clock (RFC 3339, UTC), recorded by the
    /// face that ran it; the engine never reads them. Absent in replays written before
    /// they were recorded; covered by the digest like every field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<String>,
    /// The facilitator's injects fired into this game (workshop rooms), in firing order;
    /// absent from replays without any, so older files read and digest as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub injects: Vec<FiredInject>,
    pub map_snapshots: Vec<MapSnapshot>,
    pub weeks: u32,
    pub outcome: Outcome,
    pub score: Scorecard,
    /// sha256 over the canonical form of the rest of the file, so any edit is seen even
    /// where it would not change the score.
    pub digest: String,
    #[serde(skip)]
    source: SourceDigest,
}

/// Why a replay was not accepted. Each message is one line a facilitator can act on, and
/// none quotes a file other than the replay itself.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum VerifyError {
    #[error("cannot read the replay: {0}")]
    Unreadable(String),
    #[error("not a valid replay: line {line} column {column}: {reason}")]
    NotAReplay {
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("replay format {0} is not supported (this sandtable reads 1 and {FORMAT})")]
    Format(u32),
    #[error("the replay file was edited: its digest does not match its content")]
    Edited,
    #[error(
        "recorded under rules v{recorded}; this sandtable plays rules v{current}, so the game cannot be re-simulated (not a sign of editing: verify it with a sandtable of rules v{recorded})"
    )]
    RulesVersion { recorded: u32, current: u32 },
    #[error(
        "the replay's scenario id is not a valid id (lowercase letters, digits and `_`, at most {MAX_ID_CHARS} characters)"
    )]
    BadScenarioId,
    #[error("the team name is longer than {MAX_TEAM_CHARS} characters")]
    TeamTooLong,
    #[error("the replay holds {0} actions, more than the limit of {MAX_ACTIONS}")]
    TooManyActions(usize),
    #[error("the replay holds {0} injects, more than the limit of {MAX_INJECTS}")]
    TooManyInjects(usize),
    #[error("inject {index} `{id}` (week {week}) cannot be re-applied: {reason}")]
    BadInject {
        index: usize,
        id: String,
        week: u32,
        reason: String,
    },
    #[error("no scenario `{0}` in the scenarios folder")]
    ScenarioMissing(String),
    #[error("replay is for scenario `{recorded}`, not `{given}`")]
    WrongScenario { recorded: String, given: String },
    #[error(
        "the scenario `{id}` has changed since this replay was recorded (hash {recorded} vs {installed})"
    )]
    ScenarioChanged {
        id: String,
        recorded: String,
        installed: String,
    },
    #[error("action {index} `{line}`: {reason}")]
    BadAction {
        index: usize,
        line: String,
        reason: String,
    },
    #[error("action {index} `{line}` is not legal at that point: {reason}")]
    IllegalAction {
        index: usize,
        line: String,
        reason: String,
    },
    #[error(
        "game not finished: the actions stop in week {week}, before the bid was decided or the team walked away"
    )]
    NotFinished { week: u32 },
    #[error("{0}")]
    Differs(String),
}

/// Map snapshots: the map after the last action of each week.
pub fn snapshots(g: &Game) -> Vec<MapSnapshot> {
    // Re-walk the actions on a copy of the map to find the map at each week's end.
    let mut out = Vec::new();
    let mut map = AccountMap {
        people: vec![Default::default(); g.scenario().people.len()],
        ..Default::default()
    };
    let mut week = 1;
    for a in g.actions() {
        match a {
            crate::sim::Act::Believe(f, v) => {
                let _ = map.set(*f, *v);
            }
            crate::sim::Act::EndWeek => {
                out.push(MapSnapshot {
                    week,
                    map: map.clone(),
                });
                week += 1;
            }
            _ => {}
        }
    }
    out.push(MapSnapshot { week, map });
    out
}

/// Whether `id` can name a scenario: the scenario format's id rule, length-capped.
pub fn is_scenario_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_CHARS
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// sha256 (lowercase hex) of the canonical form of a JSON value with its top-level
/// `digest` member left out. The canonical form is compact JSON with object members sorted
/// by key and numbers as `serde_json` prints them; it does not depend on the order or
/// spacing of the file, nor on which fields this version of the program knows.
pub fn canonical_digest(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().filter(|k| *k != "digest").collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(&Value::String((*k).clone()), &mut out);
                out.push(':');
                canonical(&m[k.as_str()], &mut out);
            }
            out.push('}');
        }
        other => canonical(other, &mut out),
    }
    hex(&Sha256::digest(out.as_bytes()))
}

fn canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(&Value::String((*k).clone()), out);
                out.push(':');
                canonical(&m[k.as_str()], out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(x, out);
            }
            out.push(']');
        }
        // Scalars print the same whatever the map type: one rule for every build.
        scalar => out.push_str(&serde_json::to_string(scalar).unwrap_or_default()),
    }
}

/// The format-1 digest: sha256 of the file as the writer serialised it (compact, fields in
/// the writer's order) with an empty digest. Whitespace outside strings is dropped to get
/// back the compact text from the pretty-printed file.
fn legacy_digest(bytes: &[u8], digest: &str) -> Option<String> {
    if digest.len() != 64 || !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let mut compact = Vec::with_capacity(bytes.len());
    let (mut in_str, mut escaped) = (false, false);
    for &b in bytes {
        if in_str {
            compact.push(b);
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_str = false;
            }
        } else if !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
            if b == b'"' {
                in_str = true;
            }
            compact.push(b);
        }
    }
    let field = format!("\"digest\":\"{digest}\"");
    let at = compact
        .windows(field.len())
        .rposition(|w| w == field.as_bytes())?;
    let mut blanked = compact[..at].to_vec();
    blanked.extend_from_slice(b"\"digest\":\"\"");
    blanked.extend_from_slice(&compact[at + field.len()..]);
    Some(hex(&Sha256::digest(&blanked)))
}

impl Replay {
    /// Record a game (finished or not: `verify` accepts only finished ones).
    pub fn record(g: &Game, team: &str, policy: Option<&str>) -> Replay {
        let scn = g.scenario();
        let mut r = Replay {
            format: FORMAT,
            rules_version: RULES_VERSION,
            engine_version: env!("CARGO_PKG_VERSION").to_string(),
            scenario_id: scn.id().to_string(),
            scenario_hash: scn.hash.clone(),
            seed: g.seed(),
            team: team.to_string(),
            policy: policy.map(str::to_string),
            actions: g.actions().iter().map(|a| format_act(scn, a)).collect(),
            started_at: None,
            ended_at: None,
            injects: g
                .injects()
                .iter()
                .map(|&(week, i)| FiredInject {
                    week,
                    inject: scn.injects[i].id.clone(),
                })
                .collect(),
            map_snapshots: snapshots(g),
            weeks: g.week(),
            outcome: g
                .outcome()
                .unwrap_or(Outcome::Lost(crate::sim::LossReason::NoBid)),
            score: g.scorecard(),
            digest: String::new(),
            source: SourceDigest(None),
        };
        r.digest = r.compute_digest();
        r
    }

    /// The same replay with the wall-clock times of the game (see [`crate::stamp`]), its
    /// digest recomputed.
    pub fn with_times(mut self, started_at: String, ended_at: String) -> Replay {
        self.started_at = Some(started_at);
        self.ended_at = Some(ended_at);
        self.source = SourceDigest(None);
        self.digest = self.compute_digest();
        self
    }

    /// The game's length on the wall clock, in whole seconds, when both times are recorded
    /// and readable.
    pub fn duration_secs(&self) -> Option<u64> {
        let a = crate::stamp::parse(self.started_at.as_deref()?)?;
        let b = crate::stamp::parse(self.ended_at.as_deref()?)?;
        b.checked_sub(a)
    }

    /// The digest this replay should carry: of the file it was read from, or (for a replay
    /// built in memory) of its canonical serialisation.
    pub fn compute_digest(&self) -> String {
        if let Some(d) = &self.source.0 {
            return d.clone();
        }
        match serde_json::to_value(self) {
            Ok(v) => canonical_digest(&v),
            Err(_) => String::new(),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Parse a replay from the bytes of its file; the digest is taken over those bytes'
    /// content (canonical form for format 2, the writer's form for format 1).
    pub fn from_json(bytes: &[u8]) -> Result<Replay, VerifyError> {
        let not_a_replay = |e: serde_json::Error| VerifyError::NotAReplay {
            line: e.line(),
            column: e.column(),
            reason: e.to_string(),
        };
        let value: Value = serde_json::from_slice(bytes).map_err(not_a_replay)?;
        let mut r: Replay = serde_json::from_slice(bytes).map_err(not_a_replay)?;
        let digest = match r.format {
            1 => legacy_digest(bytes, &r.digest).unwrap_or_default(),
            _ => canonical_digest(&value),
        };
        r.source = SourceDigest(Some(digest));
        Ok(r)
    }

    /// Read a replay file named by the user, through the byte limit, without blocking.
    pub fn read(path: &Path) -> Result<Replay, VerifyError> {
        Self::read_from(path, Origin::Named)
    }

    /// Read a replay file (named, or found in a folder scan).
    pub fn read_from(path: &Path, origin: Origin) -> Result<Replay, VerifyError> {
        let bytes = fsread::read_limited(path, MAX_REPLAY_BYTES, origin).map_err(|e| match e {
            ReadError::TooLarge { limit } => {
                VerifyError::Unreadable(format!("over the {limit} byte limit for a replay"))
            }
            e => VerifyError::Unreadable(e.to_string()),
        })?;
        Self::from_json(&bytes)
    }

    /// The checks that need no scenario: format, digest, rules version, the id's shape and
    /// the limits. Run before the scenario is looked up, so nothing in an edited replay is
    /// ever used to find a file.
    pub fn check_file(&self) -> Result<(), VerifyError> {
        if self.format != 1 && self.format != FORMAT {
            return Err(VerifyError::Format(self.format));
        }
        if self.digest != self.compute_digest() {
            return Err(VerifyError::Edited);
        }
        if self.rules_version != RULES_VERSION {
            return Err(VerifyError::RulesVersion {
                recorded: self.rules_version,
                current: RULES_VERSION,
            });
        }
        if !is_scenario_id(&self.scenario_id) {
            return Err(VerifyError::BadScenarioId);
        }
        if self.team.chars().count() > MAX_TEAM_CHARS {
            return Err(VerifyError::TeamTooLong);
        }
        if self.actions.len() > MAX_ACTIONS {
            return Err(VerifyError::TooManyActions(self.actions.len()));
        }
        if self.injects.len() > MAX_INJECTS {
            return Err(VerifyError::TooManyInjects(self.injects.len()));
        }
        Ok(())
    }

    /// Find this replay's scenario in a catalog (by id and hash), then verify.
    pub fn verify_in(&self, catalog: &[crate::catalog::Entry]) -> Result<Game, VerifyError> {
        self.check_file()?;
        let scn =
            match crate::catalog::find_version(catalog, &self.scenario_id, &self.scenario_hash) {
                crate::catalog::Version::Found(s) => s,
                crate::catalog::Version::Changed(s) => s,
                crate::catalog::Version::Missing => {
                    return Err(VerifyError::ScenarioMissing(self.scenario_id.clone()));
                }
            };
        self.verify(scn)
    }

    /// Re-simulate and compare. `Ok` with the re-simulated game when the game is finished
    /// and every recorded field matches; `Err` with the first difference otherwise.
    pub fn verify(&self, scn: Arc<Scenario>) -> Result<Game, VerifyError> {
        self.check_file()?;
        if self.scenario_id != scn.id() {
            return Err(VerifyError::WrongScenario {
                recorded: self.scenario_id.clone(),
                given: scn.id().to_string(),
            });
        }
        if self.scenario_hash != scn.hash {
            return Err(VerifyError::ScenarioChanged {
                id: self.scenario_id.clone(),
                recorded: short(&self.scenario_hash).to_string(),
                installed: short(&scn.hash).to_string(),
            });
        }
        let mut g = Game::new(scn.clone(), self.seed);
        // Injects are fired again in the week they were fired in, before that week's first
        // action (they land only at the week's end, so where in the week makes no difference).
        let mut next_inject = 0;
        let mut fire_due = |g: &mut Game| -> Result<(), VerifyError> {
            while let Some(f) = self.injects.get(next_inject) {
                if f.week != g.week() || g.is_over() {
                    break;
                }
                let bad = |reason: String| VerifyError::BadInject {
                    index: next_inject + 1,
                    id: f.inject.clone(),
                    week: f.week,
                    reason,
                };
                let i = scn
                    .inject_ix(&f.inject)
                    .ok_or_else(|| bad("the scenario has no such inject".into()))?;
                g.fire_inject(i).map_err(|e| bad(e.to_string()))?;
                next_inject += 1;
            }
            Ok(())
        };
        for (i, line) in self.actions.iter().enumerate() {
            fire_due(&mut g)?;
            let act = parse_act(&scn, line).map_err(|reason| VerifyError::BadAction {
                index: i + 1,
                line: line.clone(),
                reason,
            })?;
            g.apply(act).map_err(|e| VerifyError::IllegalAction {
                index: i + 1,
                line: line.clone(),
                reason: e.to_string(),
            })?;
        }
        fire_due(&mut g)?;
        if let Some(f) = self.injects.get(next_inject) {
            return Err(VerifyError::BadInject {
                index: next_inject + 1,
                id: f.inject.clone(),
                week: f.week,
                reason: "the game never was in that week with its weeks still running".into(),
            });
        }
        if !g.is_over() {
            return Err(VerifyError::NotFinished { week: g.week() });
        }
        let again = Replay::record(&g, &self.team, self.policy.as_deref());
        if again.outcome != self.outcome {
            return Err(VerifyError::Differs(format!(
                "outcome differs: recorded {:?}, re-simulated {:?}",
                self.outcome, again.outcome
            )));
        }
        if again.score != self.score {
            return Err(VerifyError::Differs(format!(
                "score differs: recorded {:.2}, re-simulated {:.2}",
                self.score.total, again.score.total
            )));
        }
        if again.weeks != self.weeks {
            return Err(VerifyError::Differs(format!(
                "weeks differ: recorded {}, re-simulated {}",
                self.weeks, again.weeks
            )));
        }
        if again.map_snapshots != self.map_snapshots {
            return Err(VerifyError::Differs(
                "the account map snapshots differ from the actions".into(),
            ));
        }
        Ok(g)
    }
}

fn short(h: &str) -> &str {
    h.get(..h.len().min(12)).unwrap_or("?")
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The built-in bot whose game on the same scenario and seed is action for action this
/// game, if any. A replay's `policy` is only what its file claims; this is the proof.
pub fn bot_twin(g: &Game) -> Option<crate::bots::Policy> {
    crate::bots::Policy::all().into_iter().find(|&p| {
        let bot = crate::bots::play(g.scenario().clone(), g.seed(), p);
        bot.actions() == g.actions()
    })
}
