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
    if !app.world().contains_resource::<CatalogLoading>() {
        app.init_resource::<Catalog>();
    }
    app.add_systems(
        PreUpdate,
        finish_loading.run_if(resource_exists::<CatalogLoading>),
    );
}

/// The scenario catalog being read on a thread of its own while the title screen opens
/// (reading and validating every scenario is most of what a start would otherwise wait
/// for before its first frame). See [`load_catalog_in_background`].
#[derive(Resource)]
pub struct CatalogLoading(std::sync::Mutex<Option<std::thread::JoinHandle<Catalog>>>);

/// Read the catalog on a thread while the window opens: the title needs no scenario; the
/// catalog is in place before any other screen opens (the first frame that leaves the
/// title waits for it). Insert before the game's plugin.
pub fn load_catalog_in_background(app: &mut App) {
    let handle = std::thread::spawn(Catalog::default);
    app.insert_resource(CatalogLoading(std::sync::Mutex::new(Some(handle))));
}

/// Put the catalog in place once its thread is done, or at once (waiting for it) when
/// the player is leaving the screen he is on.
fn finish_loading(world: &mut World) {
    let leaving = world
        .get_resource::<NextState<crate::game::Screen>>()
        .is_some_and(|n| matches!(*n, NextState::Pending(_)));
    let Some(loading) = world.get_resource::<CatalogLoading>() else {
        return;
    };
    let done = loading
        .0
        .lock()
        .ok()
        .and_then(|h| h.as_ref().map(|h| h.is_finished()))
        .unwrap_or(true);
    if !done && !leaving {
        return;
    }
    let handle = loading.0.lock().ok().and_then(|mut h| h.take());
    world.remove_resource::<CatalogLoading>();
    let catalog = handle
        .and_then(|h| h.join().ok())
        // A thread that failed (it cannot panic on a bad file: files are entries with
        // their error) is read again here.
        .unwrap_or_default();
    if !world.contains_resource::<Catalog>() {
        world.insert_resource(catalog);
    }
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
#[derive(Resource, Debug)]
pub struct Session {
    /// The game the player sees (in a room: the room's record with the actions not yet
    /// sent played on top, kept equal to the link's game).
    pub game: Game,
    /// The stakeholder shown on the detail screen.
    pub selected: Option<P>,
    /// The last refusal, shown to the player until the next action.
    pub refusal: Option<Illegal>,
    /// When the game was started on the wall clock (kept through saves), for the replay.
    pub started_at: Option<String>,
    /// The workshop room this game is played in, if any (see `screens::room`).
    pub link: Option<Linked>,
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
            link: None,
        }
    }

    /// Play one action through the engine (in a room: on the link, which plays it here at
    /// once and queues it for the room); a refusal is kept to be shown, never a panic.
    pub fn act(&mut self, act: Act) -> Result<(), Illegal> {
        let r = match &mut self.link {
            #[cfg(feature = "room")]
            Some(l) => {
                let r = l.link.act(act);
                if r.is_ok() {
                    self.game = l.link.game().clone();
                }
                r
            }
            #[cfg(not(feature = "room"))]
            Some(l) => match *l {},
            None => self.game.apply(act),
        };
        self.refusal = r.as_ref().err().cloned();
        r
    }
}

/// A game linked to a workshop room: the link, and its exchange with the room running on
/// a background thread (see `screens::room`, which polls it).
#[cfg(feature = "room")]
pub struct Linked {
    pub link: crate::room::link::RoomLink,
    /// The exchange under way, off the main thread.
    pub(crate) exchange: Option<std::thread::JoinHandle<crate::room::link::Exchange>>,
    /// When the last exchange started.
    pub(crate) last_poll: Option<std::time::Instant>,
    /// The room has more for us: exchange again at once.
    pub(crate) again: bool,
    /// What the room said lately, oldest first (at most [`NEWS_KEPT`]).
    pub news: Vec<crate::room::link::Notice>,
}

/// A build without the room has no linked games.
#[cfg(not(feature = "room"))]
#[derive(Debug)]
pub enum Linked {}

/// Notices kept for the board's header.
#[cfg(feature = "room")]
pub const NEWS_KEPT: usize = 3;

#[cfg(feature = "room")]
impl Linked {
    pub fn new(link: crate::room::link::RoomLink) -> Linked {
        let mut l = Linked {
            link,
            exchange: None,
            last_poll: None,
            again: false,
            news: Vec::new(),
        };
        // What joining or rejoining said (e.g. "offline") is the first news.
        let notices = l.link.notices();
        l.hear(notices);
        l
    }

    /// Keep the latest notices (an offline notice goes once the room answers again).
    pub fn hear(&mut self, notices: Vec<crate::room::link::Notice>) {
        use crate::room::link::Notice;
        for n in notices {
            if matches!(n, Notice::BackOnline { .. }) {
                self.news.retain(|x| !matches!(x, Notice::Offline { .. }));
            }
            self.news.push(n);
        }
        let extra = self.news.len().saturating_sub(NEWS_KEPT);
        self.news.drain(..extra);
    }
}

#[cfg(feature = "room")]
impl std::fmt::Debug for Linked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Linked")
            .field("url", &self.link.url())
            .field("team", &self.link.team())
            .field("queued", &self.link.queued())
            .field("news", &self.news)
            .finish()
    }
}

/// The room's line for the board's header: its week and countdown, "waiting for the
/// room: 2:31 left" once the team has ended its week, paused, offline. `None` alone.
pub fn room_line(session: &Session, lang: crate::i18n::Lang) -> Option<String> {
    #[cfg(feature = "room")]
    {
        session.link.as_ref().map(|l| {
            format!(
                "{} · {}",
                crate::i18n::trf(lang, "join.room_team", &[("team", l.link.team_name())]),
                l.link.status_line(lang)
            )
        })
    }
    #[cfg(not(feature = "room"))]
    {
        let _ = (session, lang);
        None
    }
}

/// What the room said lately, newest first, in `lang` (the room ended a week, news from the
/// field, offline, actions that did not count).
pub fn room_news(session: &Session, lang: crate::i18n::Lang) -> Vec<String> {
    #[cfg(feature = "room")]
    {
        session
            .link
            .as_ref()
            .map(|l| {
                let scn = l.link.scenario();
                l.news.iter().rev().map(|n| n.text(scn, lang)).collect()
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "room"))]
    {
        let _ = (session, lang);
        Vec::new()
    }
}

/// Where the autosave lives for these paths.
pub fn autosave_file(paths: &GamePaths) -> Option<PathBuf> {
    paths.save_dir.as_deref().map(crate::paths::autosave_in)
}

/// Write the autosave (atomically): after every action, and in a room after every change
/// the room brought. A room game's save holds the room's address, the team's key, the
/// room's record and the actions not yet sent, so Continue rejoins the room.
pub fn autosave(paths: &GamePaths, session: &Session) -> Result<(), SaveError> {
    let Some(f) = autosave_file(paths) else {
        return Ok(());
    };
    let save = match &session.link {
        #[cfg(feature = "room")]
        Some(l) => l.link.save(),
        #[cfg(not(feature = "room"))]
        Some(l) => match *l {},
        None => Save::of(&session.game),
    };
    save.started(session.started_at.clone()).write(&f)
}

/// Resume the autosave. A save that cannot be read is moved aside (never deleted) and the
/// error says where it went; a sound save whose scenario changed or is not installed stays
/// where it is, and the error says so. A room game's save rejoins its room (waiting at
/// most about 2 s for it; when the room cannot be reached the game goes on here, offline,
/// and catches up once it can).
pub fn resume(paths: &GamePaths, catalog: &Catalog) -> Result<Session, String> {
    let Some(file) = autosave_file(paths) else {
        return Err(SaveError::Missing.to_string());
    };
    #[cfg(feature = "room")]
    if let Ok(save) = Save::read(&file)
        && save.room.is_some()
    {
        let link = crate::room::link::RoomLink::resume(&save, room_lookup(catalog))
            .map_err(|e| e.to_string())?;
        return Ok(Session {
            game: link.game().clone(),
            selected: None,
            refusal: None,
            started_at: save.started_at.clone(),
            link: Some(Linked::new(link)),
        });
    }
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
            link: None,
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

/// How a room's scenario is found among those installed: the same id and the same content.
#[cfg(feature = "room")]
pub fn room_lookup(catalog: &Catalog) -> impl Fn(&str, &str) -> Option<Arc<Scenario>> + use<> {
    let entries = catalog.0.clone();
    move |id, hash| match catalog::find_version(&entries, id, hash) {
        catalog::Version::Found(s) => Some(s),
        _ => None,
    }
}
