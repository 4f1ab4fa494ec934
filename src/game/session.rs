//! The game in progress, shared by every play screen: the engine's `Game`, the installed
//! scenarios, and the autosave. Screens read `Session` and rebuild their UI when it changes.

use crate::catalog::{self, Entry};
use crate::game::paths::GamePaths;
use crate::save::{Save, SaveError};
use crate::sim::{Act, Game, Illegal, P, Scenario};
use bevy::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Catalog>();
}

/// The installed scenarios (files that failed validation are listed with their error).
#[derive(Resource, Debug, Clone)]
pub struct Catalog(pub Vec<Entry>);

impl Default for Catalog {
    fn default() -> Self {
        Catalog(catalog::load_dir(&crate::paths::scenarios_dir()))
    }
}

impl Catalog {
    pub fn find(&self, id: &str) -> Option<Arc<Scenario>> {
        catalog::find(&self.0, id)
    }
}

/// The game being played.
#[derive(Resource, Debug, Clone)]
pub struct Session {
    pub game: Game,
    /// The stakeholder shown on the detail screen.
    pub selected: Option<P>,
    /// The last refusal, shown to the player until the next action.
    pub refusal: Option<Illegal>,
    /// When the game was started on the wall clock (kept through saves), for the replay.
    pub started_at: Option<String>,
}

impl Session {
    /// The game's replay, with when it started and now as its end when the start is known.
    pub fn replay(&self, team: &str) -> crate::replay::Replay {
        let replay = crate::replay::Replay::record(&self.game, team, None);
        match &self.started_at {
            Some(at) => replay.with_times(at.clone(), crate::stamp::now()),
            None => replay,
        }
    }

    pub fn new(scn: Arc<Scenario>, seed: u64) -> Session {
        Session {
            game: Game::new(scn, seed),
            selected: None,
            refusal: None,
            started_at: Some(crate::stamp::now()),
        }
    }

    /// Play one action through the engine; a refusal is kept to be shown, never a panic.
    pub fn act(&mut self, act: Act) -> Result<(), Illegal> {
        let r = self.game.apply(act);
        self.refusal = r.as_ref().err().cloned();
        r
    }
}

/// Where the autosave lives for these paths.
pub fn autosave_file(paths: &GamePaths) -> Option<PathBuf> {
    paths.save_dir.as_deref().map(crate::paths::autosave_in)
}

/// Write the autosave (atomically). Called at the end of every week.
pub fn autosave(paths: &GamePaths, session: &Session) -> Result<(), SaveError> {
    match autosave_file(paths) {
        Some(f) => Save::of(&session.game)
            .started(session.started_at.clone())
            .write(&f),
        None => Ok(()),
    }
}

/// Resume the autosave. A save that cannot be read is moved aside (never deleted) and the
/// error says where it went; a sound save whose scenario changed or is not installed stays
/// where it is, and the error says so.
pub fn resume(paths: &GamePaths, catalog: &Catalog) -> Result<Session, String> {
    let Some(file) = autosave_file(paths) else {
        return Err(SaveError::Missing.to_string());
    };
    let result = Save::read(&file).and_then(|s| {
        let started_at = s.started_at.clone();
        s.resume(&file, |id, hash| {
            catalog::find_version(&catalog.0, id, hash)
        })
        .map(|game| (game, started_at))
    });
    match result {
        Ok((game, started_at)) => Ok(Session {
            game,
            selected: None,
            refusal: None,
            started_at,
        }),
        Err(SaveError::Missing) => Err(SaveError::Missing.to_string()),
        Err(e) if !e.is_corrupt() => Err(e.to_string()),
        Err(e) => {
            let kept = crate::save::quarantine(&file)
                .map(|p| format!(" (kept as {})", p.display()))
                .unwrap_or_default();
            Err(format!("{e}{kept}"))
        }
    }
}

/// Write the finished game's replay (for the workshop leaderboard) beside the autosave, as
/// `replays/<scenario>-seed<seed>.json`, atomically; returns where it went.
pub fn export_replay(paths: &GamePaths, session: &Session, team: &str) -> Result<PathBuf, String> {
    let dir = paths
        .save_dir
        .as_ref()
        .ok_or("no folder for saves on this system")?
        .join("replays");
    let g = &session.game;
    let file = dir.join(format!("{}-seed{}.json", g.scenario().id(), g.seed()));
    let replay = session.replay(team);
    crate::paths::write_atomic(&file, replay.to_json().as_bytes())
        .map_err(|e| format!("{}: {e}", file.display()))?;
    Ok(file)
}
