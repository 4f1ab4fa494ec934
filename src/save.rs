//! Saved games: the scenario, the seed and every action so far. Continuing re-plays the
//! actions, so a save can never disagree with the rules. Written atomically; a save that
//! cannot be read is moved aside (never deleted) and reported.

use crate::catalog::Version;
use crate::fsread::{self, Origin, ReadError};
use crate::sim::script::{format_act, parse_act};
use crate::sim::{Game, RULES_VERSION, Scenario};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The save file format written today. Format 1 (no digest, no rules version) is still read.
pub const FORMAT: u32 = 2;
/// Largest save file read, in bytes.
pub const MAX_SAVE_BYTES: u64 = 16 * 1024 * 1024;

fn legacy_rules() -> u32 {
    1
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Save {
    pub format: u32,
    /// The rules version the actions were played under (1 when absent).
    #[serde(default = "legacy_rules")]
    pub rules_version: u32,
    pub scenario_id: String,
    pub scenario_hash: String,
    pub seed: u64,
    pub week: u32,
    pub actions: Vec<String>,
    /// sha256 of the canonical form of the rest (see `replay::canonical_digest`): an edited
    /// seed or action list is seen instead of resuming silently as another game.
    #[serde(default)]
    pub digest: String,
    /// When the game was started on the wall clock (RFC 3339, UTC), so a resumed game's
    /// replay still says when it began; absent in older saves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    /// A game played in a workshop room (absent for a game played alone, and in saves
    /// written before rooms could be joined from the window).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<RoomPart>,
}

/// Longest room address kept in a save, in characters.
pub const MAX_ROOM_URL: usize = 200;
/// Longest team name kept in a save (the room admits 40 characters).
pub const MAX_ROOM_TEAM_NAME: usize = 40;
/// Highest team number a room gives (it admits at most 64 teams).
pub const MAX_ROOM_TEAM: usize = 63;
/// Longest line of a saved room log (an action or an inject id).
pub const MAX_ROOM_LINE: usize = 200;

/// Where a room game is played and how far the room had it: enough to rejoin the room after
/// the laptop was closed, or to go on playing here while the room cannot be reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomPart {
    /// The room's address, `http://IP:PORT`.
    pub url: String,
    /// Our team's number in the room.
    pub team: usize,
    /// The secret key the room gave our team when it joined.
    pub key: String,
    pub team_name: String,
    /// Our team's log as the room had confirmed it, in order.
    pub log: Vec<RoomLogLine>,
    /// Actions taken here that the room had not accepted yet, in order, with the week each
    /// was taken in.
    pub queued: Vec<QueuedLine>,
}

/// One entry of a team's log in the room: an action (`{"act": line}`) or an inject fired by
/// the facilitator (`{"inject": id}`), as the room's API writes them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RoomLogLine {
    #[serde(rename = "act")]
    Act(String),
    #[serde(rename = "inject")]
    Inject(String),
}

/// An action taken here that the room has not accepted yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuedLine {
    pub week: u32,
    pub act: String,
}

impl RoomPart {
    /// Check every field against its bound (see docs/threat-model.md): a save is the user's
    /// file, but a damaged or edited one must be refused, not trusted.
    pub fn validate(&self) -> Result<(), String> {
        let url_ok = self.url.len() <= MAX_ROOM_URL
            && self.url.starts_with("http://")
            && self.url.len() > "http://".len()
            && !self
                .url
                .chars()
                .any(|c| c.is_control() || c.is_whitespace());
        if !url_ok {
            return Err("the room's address is not an http:// address".into());
        }
        if self.team > MAX_ROOM_TEAM {
            return Err(format!("team number {} is out of range", self.team));
        }
        if self.key.len() != 32 || !self.key.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err("the team key is not 32 hexadecimal digits".into());
        }
        let n = self.team_name.chars().count();
        if n == 0 || n > MAX_ROOM_TEAM_NAME || self.team_name.chars().any(char::is_control) {
            return Err(format!(
                "a team name has 1 to {MAX_ROOM_TEAM_NAME} characters and no control characters"
            ));
        }
        if self.log.len() + self.queued.len() > crate::replay::MAX_ACTIONS {
            return Err(format!(
                "more than {} room log entries",
                crate::replay::MAX_ACTIONS
            ));
        }
        let line_ok = |l: &str| l.len() <= MAX_ROOM_LINE && !l.chars().any(char::is_control);
        let lines = self
            .log
            .iter()
            .map(|l| match l {
                RoomLogLine::Act(a) | RoomLogLine::Inject(a) => a.as_str(),
            })
            .chain(self.queued.iter().map(|q| q.act.as_str()));
        if !lines.into_iter().all(line_ok) {
            return Err(format!(
                "a room log line is longer than {MAX_ROOM_LINE} bytes or holds control characters"
            ));
        }
        Ok(())
    }

    /// The room's confirmed log played on `scn` with `seed`: the game as the room had it.
    pub fn replay_log(&self, scn: &Arc<Scenario>, seed: u64) -> Result<Game, String> {
        let mut g = Game::new(scn.clone(), seed);
        for (i, l) in self.log.iter().enumerate() {
            match l {
                RoomLogLine::Act(line) => {
                    let a = parse_act(scn, line).map_err(|e| format!("room log {}: {e}", i + 1))?;
                    g.apply(a)
                        .map_err(|e| format!("room log {} `{line}`: {e}", i + 1))?;
                }
                RoomLogLine::Inject(id) => {
                    let ix = scn
                        .inject_ix(id)
                        .ok_or_else(|| format!("room log {}: no inject `{id}`", i + 1))?;
                    g.fire_inject(ix)
                        .map_err(|e| format!("room log {} inject `{id}`: {e}", i + 1))?;
                }
            }
        }
        Ok(g)
    }
}

/// Why a save could not be continued.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("no saved game")]
    Missing,
    #[error("{path}: {reason}")]
    Corrupt { path: String, reason: String },
    #[error(
        "{path}: the scenario `{id}` has changed since the game was saved; the save is kept (put the earlier scenario file back in the scenarios folder to continue it)"
    )]
    ScenarioChanged { path: String, id: String },
    #[error(
        "{path}: no scenario `{id}` in the scenarios folder; the save is kept (install the scenario to continue it)"
    )]
    ScenarioMissing { path: String, id: String },
    #[error(
        "{path}: saved under rules v{recorded} and cannot be continued under rules v{current}; the save is kept"
    )]
    OtherRules {
        path: String,
        recorded: u32,
        current: u32,
    },
    #[error("{path}: {reason}")]
    Io { path: String, reason: String },
}

impl SaveError {
    /// Whether the file itself is unusable (then it is moved aside). A save that is fine but
    /// waits for its scenario, or was played under other rules, stays where it is.
    pub fn is_corrupt(&self) -> bool {
        matches!(self, SaveError::Corrupt { .. })
    }
}

/// The autosave file in the user's data folder (the game's and the CLI's).
pub fn autosave_path() -> PathBuf {
    crate::paths::autosave_in(&crate::paths::saves_dir())
}

impl Save {
    pub fn of(g: &Game) -> Save {
        let scn = g.scenario();
        let mut s = Save {
            format: FORMAT,
            rules_version: RULES_VERSION,
            scenario_id: scn.id().to_string(),
            scenario_hash: scn.hash.clone(),
            seed: g.seed(),
            week: g.week(),
            actions: g.actions().iter().map(|a| format_act(scn, a)).collect(),
            digest: String::new(),
            started_at: None,
            room: None,
        };
        s.digest = s.compute_digest();
        s
    }

    /// The same save, recording when the game was started.
    pub fn started(mut self, at: Option<String>) -> Save {
        self.started_at = at;
        self.digest = self.compute_digest();
        self
    }

    /// The same save, of a game played in a workshop room.
    pub fn in_room(mut self, room: RoomPart) -> Save {
        self.room = Some(room);
        self.digest = self.compute_digest();
        self
    }

    /// The digest of this save's canonical form.
    pub fn compute_digest(&self) -> String {
        serde_json::to_value(self)
            .map(|v| crate::replay::canonical_digest(&v))
            .unwrap_or_default()
    }

    /// Write atomically (temporary file, fsync, rename, fsync of the folder).
    pub fn write(&self, path: &Path) -> Result<(), SaveError> {
        let json = serde_json::to_vec_pretty(self).map_err(|e| SaveError::Io {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        crate::paths::write_atomic(path, &json).map_err(|e| SaveError::Io {
            path: path.display().to_string(),
            reason: e.to_string(),
        })
    }

    /// Read a save without playing it: through the byte limit, never blocking, and with its
    /// digest checked over the file's own content.
    pub fn read(path: &Path) -> Result<Save, SaveError> {
        let shown = path.display().to_string();
        let corrupt = |reason: String| SaveError::Corrupt {
            path: shown.clone(),
            reason,
        };
        let bytes = match fsread::read_limited(path, MAX_SAVE_BYTES, Origin::Named) {
            Ok(b) => b,
            Err(ReadError::NotFound) => return Err(SaveError::Missing),
            Err(e @ (ReadError::TooLarge { .. } | ReadError::NotRegular(_))) => {
                return Err(corrupt(e.to_string()));
            }
            Err(e) => {
                return Err(SaveError::Io {
                    path: shown,
                    reason: e.to_string(),
                });
            }
        };
        let parse_err =
            |e: serde_json::Error| corrupt(format!("line {} column {}: {e}", e.line(), e.column()));
        let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(parse_err)?;
        let save: Save = serde_json::from_slice(&bytes).map_err(parse_err)?;
        match save.format {
            1 => {}
            FORMAT => {
                if crate::replay::canonical_digest(&value) != save.digest {
                    return Err(corrupt(
                        "the save was edited (its seed, scenario or actions no longer match its digest)"
                            .into(),
                    ));
                }
            }
            n => return Err(corrupt(format!("save format {n} is not supported"))),
        }
        if !crate::replay::is_scenario_id(&save.scenario_id) {
            return Err(corrupt("the scenario id is not a valid id".into()));
        }
        if let Some(room) = &save.room {
            room.validate()
                .map_err(|e| corrupt(format!("the room part: {e}")))?;
        }
        Ok(save)
    }

    /// Re-play the save on its scenario. `find` looks a scenario up by id and hash (see
    /// `catalog::find_version`).
    pub fn resume(
        &self,
        path: &Path,
        find: impl Fn(&str, &str) -> Version,
    ) -> Result<Game, SaveError> {
        let shown = path.display().to_string();
        let scn = match find(&self.scenario_id, &self.scenario_hash) {
            Version::Found(s) => s,
            Version::Changed(_) => {
                return Err(SaveError::ScenarioChanged {
                    path: shown,
                    id: self.scenario_id.clone(),
                });
            }
            Version::Missing => {
                return Err(SaveError::ScenarioMissing {
                    path: shown,
                    id: self.scenario_id.clone(),
                });
            }
        };
        let other_rules = self.rules_version != RULES_VERSION;
        let fail = |reason: String| {
            if other_rules {
                SaveError::OtherRules {
                    path: shown.clone(),
                    recorded: self.rules_version,
                    current: RULES_VERSION,
                }
            } else {
                SaveError::Corrupt {
                    path: shown.clone(),
                    reason,
                }
            }
        };
        if self.actions.len() > crate::replay::MAX_ACTIONS {
            return Err(fail(format!(
                "more than {} actions",
                crate::replay::MAX_ACTIONS
            )));
        }
        if let Some(room) = &self.room {
            // A room game: the room's log (with the facilitator's injects where they fell),
            // then the actions taken here that the room had not yet accepted. The result
            // must be the game whose actions the save lists.
            room.validate()
                .map_err(|e| fail(format!("the room part: {e}")))?;
            let mut g = room.replay_log(&scn, self.seed).map_err(fail)?;
            for (i, q) in room.queued.iter().enumerate() {
                let act = parse_act(&scn, &q.act)
                    .map_err(|e| fail(format!("queued action {}: {e}", i + 1)))?;
                g.apply(act)
                    .map_err(|e| fail(format!("queued action {} `{}`: {e}", i + 1, q.act)))?;
            }
            let played: Vec<String> = g.actions().iter().map(|a| format_act(&scn, a)).collect();
            if played != self.actions {
                return Err(fail(
                    "the room's log and the saved actions do not agree".into(),
                ));
            }
            return Ok(g);
        }
        let mut g = Game::new(scn.clone(), self.seed);
        for (i, line) in self.actions.iter().enumerate() {
            let act = parse_act(&scn, line).map_err(|e| fail(format!("action {}: {e}", i + 1)))?;
            g.apply(act)
                .map_err(|e| fail(format!("action {} `{line}`: {e}", i + 1)))?;
        }
        Ok(g)
    }
}

/// Move an unreadable save aside as `NAME.corrupt-N` (never deleted) and return where it went.
pub fn quarantine(path: &Path) -> std::io::Result<PathBuf> {
    crate::paths::keep_aside(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bots::{Policy, play};
    use crate::sim::Scenario;
    use std::sync::Arc;

    fn tutorial() -> Arc<Scenario> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial.ron");
        let l = crate::scenario::load_path(&path).expect("tutorial is valid");
        Arc::new(Scenario::compile(l.file, l.hash).expect("compiles"))
    }

    fn tutorial_fixture() -> Arc<Scenario> {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios/tutorial.ron");
        let l = crate::scenario::load_path(&path).expect("the fixture is valid");
        Arc::new(Scenario::compile(l.file, l.hash).expect("compiles"))
    }

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("sandtable-save-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("temp dir");
        d
    }

    #[test]
    fn the_start_time_survives_a_save_and_an_edit_of_it_is_seen() {
        let scn = tutorial();
        let g = Game::new(scn, 3);
        let path = dir("started").join("autosave.json");
        let at = "2026-12-02T09:00:00Z".to_string();
        Save::of(&g)
            .started(Some(at.clone()))
            .write(&path)
            .expect("written");
        let back = Save::read(&path).expect("read");
        assert_eq!(back.started_at, Some(at));
        // The digest covers it: a forged start time is refused as an edit.
        let text = std::fs::read_to_string(&path).expect("text");
        std::fs::write(&path, text.replace("2026-12-02T09", "2026-12-01T09")).expect("edit");
        assert!(
            Save::read(&path).is_err(),
            "an edited start time must be seen"
        );
    }

    #[test]
    fn continue_resumes_exactly_where_the_game_was_saved() {
        let scn = tutorial();
        let full = play(scn.clone(), 11, Policy::Expert);
        // Stop half-way, save, resume, and finish with the same actions.
        let half = full.actions().len() / 2;
        let mut g = Game::new(scn.clone(), 11);
        for a in &full.actions()[..half] {
            g.apply(*a).expect("legal");
        }
        let path = dir("resume").join("autosave.json");
        Save::of(&g).write(&path).expect("written");
        let s = Save::read(&path).expect("readable");
        let mut back = s
            .resume(&path, |_, _| Version::Found(scn.clone()))
            .expect("resumes");
        assert_eq!(back.week(), g.week());
        assert_eq!(back.map(), g.map());
        for a in &full.actions()[half..] {
            back.apply(*a).expect("legal");
        }
        assert_eq!(back.scorecard(), full.scorecard());
    }

    #[test]
    fn a_corrupt_save_is_reported_and_kept_aside() {
        let path = dir("corrupt").join("autosave.json");
        std::fs::write(&path, b"{ this is not json").expect("write");
        let err = Save::read(&path).expect_err("corrupt");
        assert!(matches!(err, SaveError::Corrupt { .. }), "{err}");
        assert!(err.to_string().contains("line 1"), "{err}");
        let aside = quarantine(&path).expect("moved");
        assert!(aside.exists() && !path.exists());
        assert_eq!(std::fs::read(&aside).expect("kept"), b"{ this is not json");
        assert!(matches!(Save::read(&path), Err(SaveError::Missing)));
    }

    fn catalog(scn: &Arc<Scenario>) -> Vec<crate::catalog::Entry> {
        vec![crate::catalog::Entry {
            path: PathBuf::from("tutorial.ron"),
            scenario: Ok(scn.clone()),
        }]
    }

    #[test]
    fn a_save_whose_scenario_changed_or_is_missing_is_kept_and_says_so() {
        let scn = tutorial();
        let entries = catalog(&scn);
        let g = Game::new(scn.clone(), 1);
        let mut s = Save::of(&g);
        s.scenario_hash = "0".repeat(64);
        let find = |id: &str, hash: &str| crate::catalog::find_version(&entries, id, hash);
        let err = s.resume(Path::new("x.json"), find).expect_err("changed");
        assert!(matches!(err, SaveError::ScenarioChanged { .. }), "{err}");
        assert!(
            !err.is_corrupt(),
            "a changed scenario does not shelve the save"
        );
        assert!(err.to_string().contains("the save is kept"), "{err}");
        s.scenario_id = "gone".into();
        let err = s.resume(Path::new("x.json"), find).expect_err("missing");
        assert!(matches!(err, SaveError::ScenarioMissing { .. }), "{err}");
        assert!(!err.is_corrupt());
    }

    #[test]
    fn a_save_whose_seed_was_edited_is_detected() {
        let scn = tutorial();
        let full = play(scn.clone(), 11, Policy::Expert);
        let mut g = Game::new(scn.clone(), 11);
        for a in &full.actions()[..20] {
            g.apply(*a).expect("legal");
        }
        let path = dir("edited").join("autosave.json");
        Save::of(&g).write(&path).expect("written");
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, text.replace("\"seed\": 11", "\"seed\": 12")).expect("write");
        let err = Save::read(&path).expect_err("edited");
        assert!(err.is_corrupt(), "{err}");
        assert!(err.to_string().contains("edited"), "{err}");
    }

    fn room_part(g: &Game) -> RoomPart {
        RoomPart {
            url: "http://127.0.0.1:7750".into(),
            team: 2,
            key: "ab".repeat(16),
            team_name: "蓝队".into(),
            log: g
                .actions()
                .iter()
                .map(|a| RoomLogLine::Act(format_act(g.scenario(), a)))
                .collect(),
            queued: Vec::new(),
        }
    }

    #[test]
    fn a_room_save_reads_back_and_a_bad_room_part_is_refused_as_corrupt() {
        let scn = tutorial();
        let full = play(scn.clone(), 5, Policy::Expert);
        let mut g = Game::new(scn.clone(), 5);
        for a in &full.actions()[..10] {
            g.apply(*a).expect("legal");
        }
        let d = dir("room");
        let path = d.join("autosave.json");
        let save = Save::of(&g).in_room(room_part(&g));
        save.write(&path).expect("written");
        let back = Save::read(&path).expect("reads");
        assert_eq!(back, save);
        let again = back
            .resume(&path, |_, _| Version::Found(scn.clone()))
            .expect("resumes");
        assert_eq!(again.actions(), g.actions());
        // Each bound is checked, even with a digest that matches (written by another tool).
        type Edit = fn(&mut RoomPart);
        let bad: [(&str, Edit); 5] = [
            ("address", |r| r.url = "ftp://x".into()),
            ("key", |r| r.key = "zz".into()),
            ("team number", |r| r.team = 10_000),
            ("team name", |r| r.team_name = "a\nb".into()),
            ("line", |r| r.log.push(RoomLogLine::Act("x".repeat(500)))),
        ];
        for (what, edit) in bad {
            let mut part = room_part(&g);
            edit(&mut part);
            Save::of(&g).in_room(part).write(&path).expect("written");
            let err = Save::read(&path).expect_err(what);
            assert!(err.is_corrupt(), "{what}: {err}");
            assert!(err.to_string().contains("room part"), "{what}: {err}");
        }
        // A room log that does not lead to the saved actions is seen.
        let mut part = room_part(&g);
        part.log.pop();
        Save::of(&g).in_room(part).write(&path).expect("written");
        let s = Save::read(&path).expect("reads");
        let err = s
            .resume(&path, |_, _| Version::Found(scn.clone()))
            .expect_err("disagrees");
        assert!(err.to_string().contains("do not agree"), "{err}");
    }

    #[test]
    fn saves_written_by_earlier_versions_still_resume() {
        let scn = tutorial_fixture();
        let entries = catalog(&scn);
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/saves");
        let mut n = 0;
        for e in std::fs::read_dir(&dir).expect("fixtures") {
            let path = e.expect("entry").path();
            n += 1;
            let s = Save::read(&path).unwrap_or_else(|e| panic!("{e}"));
            match s.resume(&path, |id, h| crate::catalog::find_version(&entries, id, h)) {
                Ok(g) => assert_eq!(g.week(), s.week),
                Err(e @ SaveError::OtherRules { .. }) => assert!(!e.is_corrupt()),
                Err(e) => panic!("{e}"),
            }
        }
        assert!(n >= 2, "format 1 and format 2 saves are kept");
    }
}
