//! Saved games: the scenario, the seed and every action so far. Continuing re-plays the
//! actions, so a save can never disagree with the rules. Written atomically; a save that
//! cannot be read is moved aside (never deleted) and reported.

use crate::sim::script::{format_act, parse_act};
use crate::sim::{Game, Scenario};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The save file format version.
pub const FORMAT: u32 = 1;
/// Largest save file read, in bytes.
pub const MAX_SAVE_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Save {
    pub format: u32,
    pub scenario_id: String,
    pub scenario_hash: String,
    pub seed: u64,
    pub week: u32,
    pub actions: Vec<String>,
}

/// Why a save could not be continued.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("no saved game")]
    Missing,
    #[error("{path}: {reason}")]
    Corrupt { path: String, reason: String },
    #[error(
        "{path}: the scenario `{id}` is not installed, or has changed since the game was saved"
    )]
    ScenarioChanged { path: String, id: String },
    #[error("{path}: {reason}")]
    Io { path: String, reason: String },
}

/// The autosave file in the user's data folder.
pub fn autosave_path() -> PathBuf {
    crate::paths::user_data_dir().join("autosave.json")
}

impl Save {
    pub fn of(g: &Game) -> Save {
        let scn = g.scenario();
        Save {
            format: FORMAT,
            scenario_id: scn.id().to_string(),
            scenario_hash: scn.hash.clone(),
            seed: g.seed(),
            week: g.week(),
            actions: g.actions().iter().map(|a| format_act(scn, a)).collect(),
        }
    }

    /// Write atomically (temporary file, fsync, rename).
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

    /// Read a save without playing it.
    pub fn read(path: &Path) -> Result<Save, SaveError> {
        let shown = path.display().to_string();
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(SaveError::Missing),
            Err(e) => {
                return Err(SaveError::Io {
                    path: shown,
                    reason: e.to_string(),
                });
            }
        };
        if meta.len() > MAX_SAVE_BYTES {
            return Err(SaveError::Corrupt {
                path: shown,
                reason: format!("{} bytes is too large for a save", meta.len()),
            });
        }
        let bytes = std::fs::read(path).map_err(|e| SaveError::Io {
            path: shown.clone(),
            reason: e.to_string(),
        })?;
        let save: Save = serde_json::from_slice(&bytes).map_err(|e| SaveError::Corrupt {
            path: shown.clone(),
            reason: format!("line {} column {}: {e}", e.line(), e.column()),
        })?;
        if save.format != FORMAT {
            return Err(SaveError::Corrupt {
                path: shown,
                reason: format!("save format {} is not supported", save.format),
            });
        }
        Ok(save)
    }

    /// Re-play the save on its scenario. `find` returns the installed scenario with that id.
    pub fn resume(
        &self,
        path: &Path,
        find: impl Fn(&str) -> Option<Arc<Scenario>>,
    ) -> Result<Game, SaveError> {
        let shown = path.display().to_string();
        let scn = find(&self.scenario_id)
            .filter(|s| s.hash == self.scenario_hash)
            .ok_or_else(|| SaveError::ScenarioChanged {
                path: shown.clone(),
                id: self.scenario_id.clone(),
            })?;
        let mut g = Game::new(scn.clone(), self.seed);
        for (i, line) in self.actions.iter().enumerate() {
            let act = parse_act(&scn, line).map_err(|e| SaveError::Corrupt {
                path: shown.clone(),
                reason: format!("action {}: {e}", i + 1),
            })?;
            g.apply(act).map_err(|e| SaveError::Corrupt {
                path: shown.clone(),
                reason: format!("action {} `{line}`: {e}", i + 1),
            })?;
        }
        Ok(g)
    }
}

/// Move an unreadable save aside as `NAME.corrupt-N` (never deleted) and return where it went.
pub fn quarantine(path: &Path) -> std::io::Result<PathBuf> {
    for n in 1..1000 {
        let aside = path.with_extension(format!("corrupt-{n}"));
        if !aside.exists() {
            std::fs::rename(path, &aside)?;
            return Ok(aside);
        }
    }
    Err(std::io::Error::other("too many corrupt saves kept aside"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bots::{Policy, play};

    fn tutorial() -> Arc<Scenario> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial.ron");
        let l = crate::scenario::load_path(&path).expect("tutorial is valid");
        Arc::new(Scenario::compile(l.file, l.hash).expect("compiles"))
    }

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("sandtable-save-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("temp dir");
        d
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
        let mut back = s.resume(&path, |_| Some(scn.clone())).expect("resumes");
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

    #[test]
    fn a_save_for_a_changed_scenario_is_refused() {
        let scn = tutorial();
        let g = Game::new(scn.clone(), 1);
        let mut s = Save::of(&g);
        s.scenario_hash = "0".repeat(64);
        let err = s
            .resume(Path::new("x.json"), |_| Some(scn.clone()))
            .expect_err("changed");
        assert!(matches!(err, SaveError::ScenarioChanged { .. }));
    }
}
