//! The workshop room: a facilitator runs 4–12 teams live from one laptop. The room is the
//! authority for the clock and every team's log; teams and bots talk to it over HTTP
//! (`docs/workshop.md#the-room` documents the API, `docs/threat-model.md` what it defends).

pub mod client;
pub mod facilitator;
pub mod link;
pub mod projector;
pub mod server;
pub mod state;
pub mod store;

use crate::sim::script::format_act;
use crate::sim::{Act, Game, Scenario};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use unicode_normalization::UnicodeNormalization;

/// The room's port unless `--port` says otherwise: fixed, so an IT department can approve it
/// in advance.
pub const DEFAULT_PORT: u16 = 7750;

/// One entry of a team's log: an action (its own, or the room's week end) or an inject.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Entry {
    Act(Act),
    Inject(usize),
}

impl Entry {
    pub fn to_json(&self, scn: &Scenario) -> Value {
        match self {
            Entry::Act(a) => json!({"act": format_act(scn, a)}),
            Entry::Inject(i) => json!({"inject": scn.injects[*i].id}),
        }
    }
}

/// A team name as compared for uniqueness: NFKC (so a full-width "Ｔｅａｍ１" is "Team1"),
/// then lowercased, with inner white space collapsed.
pub fn norm_name(name: &str) -> String {
    let n: String = name.nfkc().collect::<String>().to_lowercase();
    n.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The digest of a game's state that the room answers each action with: the client computes
/// the same on its own copy, and rebuilds from the room's log when they differ.
pub fn state_digest(g: &Game) -> String {
    let mut h = Sha256::new();
    let scn = g.scenario();
    h.update(scn.hash.as_bytes());
    h.update(g.seed().to_le_bytes());
    for a in g.actions() {
        h.update(format_act(scn, a).as_bytes());
        h.update(b"\n");
    }
    for (w, i) in g.injects() {
        h.update(w.to_le_bytes());
        h.update((*i as u64).to_le_bytes());
    }
    h.update(g.week().to_le_bytes());
    h.update(g.rep_days_left().to_le_bytes());
    h.update(g.presales_days_left().to_le_bytes());
    h.update(g.spent().to_bits().to_le_bytes());
    h.update(g.true_budget().to_le_bytes());
    h.update((g.evidence().len() as u64).to_le_bytes());
    h.update((g.log().len() as u64).to_le_bytes());
    for p in 0..scn.people.len() {
        h.update(g.true_attitude(p).to_bits().to_le_bytes());
    }
    h.update([g.is_over() as u8]);
    crate::replay::hex(&h.finalize())[..32].to_string()
}

/// Why a request was refused; each maps to one HTTP status.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    Bad(String),
    #[error("missing or wrong key or token")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(String),
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Conflict(String),
    #[error("your log is at another position: the room expects position {expected}")]
    Position { expected: usize },
    #[error("{0}")]
    State(String),
    /// A facilitator's control the room's state does not allow now, with a reason a page
    /// can put in its own language.
    #[error("{0}")]
    Refused(Refusal),
    #[error("not legal now: {0}")]
    Illegal(String),
    #[error("{0}")]
    Version(String),
    #[error("too many requests: slow down")]
    Rate,
    #[error("request too large")]
    TooLarge,
    #[error("the room could not store this: {0}")]
    Storage(String),
}

impl ApiError {
    pub fn status(&self) -> u16 {
        match self {
            ApiError::Bad(_) => 400,
            ApiError::Unauthorized => 401,
            ApiError::Forbidden(_) => 403,
            ApiError::NotFound => 404,
            ApiError::Conflict(_)
            | ApiError::Position { .. }
            | ApiError::State(_)
            | ApiError::Refused(_) => 409,
            ApiError::Illegal(_) => 422,
            ApiError::Version(_) => 426,
            ApiError::Rate => 429,
            ApiError::TooLarge => 413,
            ApiError::Storage(_) => 500,
        }
    }
    pub fn body(&self) -> Value {
        let mut v = json!({"error": self.to_string(), "code": self.code()});
        if let ApiError::Position { expected } = self {
            v["expected"] = (*expected).into();
        }
        if let ApiError::Refused(r) = self {
            v["reason"] = r.wire().into();
        }
        v
    }
    fn code(&self) -> &'static str {
        match self {
            ApiError::Bad(_) => "bad_request",
            ApiError::Unauthorized => "unauthorized",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound => "not_found",
            ApiError::Conflict(_) => "conflict",
            ApiError::Position { .. } => "position",
            ApiError::State(_) => "state",
            ApiError::Refused(Refusal::AlreadyFired(_)) => "conflict",
            ApiError::Refused(_) => "state",
            ApiError::Illegal(_) => "illegal",
            ApiError::Version(_) => "version",
            ApiError::Rate => "rate",
            ApiError::TooLarge => "too_large",
            ApiError::Storage(_) => "storage",
        }
    }
}

/// Why the room refused a facilitator's control: the English text is the error's, and
/// [`Refusal::wire`] names it for a page that shows it in its own language
/// (`facil.err.<wire>` in the locale files).
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    AlreadyStarted,
    NoTeams,
    NotRunning,
    NotPaused,
    Locked,
    /// Injects and the end of a week need a room that has started and is not locked.
    NotPlaying,
    /// Every team's game is over: there is no week left to end.
    NoWeeksLeft,
    AlreadyFired(String),
    LockBeforeReveal,
    LockBeforeExport,
}

impl Refusal {
    pub fn wire(&self) -> &'static str {
        match self {
            Refusal::AlreadyStarted => "already_started",
            Refusal::NoTeams => "no_teams",
            Refusal::NotRunning => "not_running",
            Refusal::NotPaused => "not_paused",
            Refusal::Locked => "locked",
            Refusal::NotPlaying => "not_playing",
            Refusal::NoWeeksLeft => "no_weeks_left",
            Refusal::AlreadyFired(_) => "already_fired",
            Refusal::LockBeforeReveal => "lock_before_reveal",
            Refusal::LockBeforeExport => "lock_before_export",
        }
    }
    /// Every reason, for the tests that check each has a text in both languages.
    pub const WIRES: [&'static str; 10] = [
        "already_started",
        "no_teams",
        "not_running",
        "not_paused",
        "locked",
        "not_playing",
        "no_weeks_left",
        "already_fired",
        "lock_before_reveal",
        "lock_before_export",
    ];
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::AlreadyStarted => write!(f, "already started"),
            Refusal::NoTeams => write!(f, "no team has joined yet"),
            Refusal::NotRunning => write!(f, "the room is not running"),
            Refusal::NotPaused => write!(f, "the room is not paused"),
            Refusal::Locked => write!(f, "the room is locked"),
            Refusal::NotPlaying => write!(
                f,
                "the room is not playing: start it first (a locked room plays no more)"
            ),
            Refusal::NoWeeksLeft => write!(f, "every team's game is over: no week is left to end"),
            Refusal::AlreadyFired(id) => write!(f, "inject `{id}` was already fired"),
            Refusal::LockBeforeReveal => write!(f, "lock the room before revealing results"),
            Refusal::LockBeforeExport => write!(f, "lock the room before exporting"),
        }
    }
}

/// `sandtable room …`
#[derive(clap::Subcommand, Debug)]
pub enum RoomCommand {
    /// Serve a workshop room on this machine's network.
    Serve(server::ServeArgs),
    /// Play bot teams against a room (a facilitator's rehearsal; tests and load).
    Bots(client::BotsArgs),
    /// Send a facilitator command to a room: start, pause, resume, extend, end-week, inject,
    /// lock, reveal, export, console.
    Control(client::ControlArgs),
}

pub fn run(cmd: RoomCommand, lang: crate::i18n::Lang) -> Result<(), String> {
    match cmd {
        RoomCommand::Serve(a) => server::serve(a, lang),
        RoomCommand::Bots(a) => client::bots(a),
        RoomCommand::Control(a) => client::control(a),
    }
}

/// The folder the room stores its state in by default.
pub fn default_data_dir() -> PathBuf {
    crate::paths::user_data_dir().join("room")
}
