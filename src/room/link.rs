//! A team's game linked to a workshop room, without the window: joining, playing on at once
//! while every action goes to the room in the background, following the room's clock and
//! injects, surviving a dropped network or a restarted room, and rejoining from the autosave.
//!
//! The game never waits on the network. [`RoomLink::act`] plays an action on the local game
//! at once and queues it for the room. The network part is one step the window can run off
//! its main thread:
//!
//! ```text
//! let out = link.outbox();            // main thread: what to send, from where (cheap)
//! let ex = out.exchange();            // any thread: the HTTP calls, at most ~2 s
//! let again = link.absorb(ex);        // main thread: apply the room's answer
//! ```
//!
//! [`RoomLink::poll`] does the three in a row for a caller that may block for ~2 s. Run one
//! exchange at a time, about once a second, and at once again when `absorb` returns true
//! (more of the room's log is waiting). What happened for the user comes out of
//! [`RoomLink::notices`], each with its text in both languages.
//!
//! How the two copies are kept: `base` is our team's log exactly as the room confirmed it
//! (checked against the room's state digest; rebuilt from position 0 when it differs), and
//! the game the window shows is `base` plus the queued actions played on top. When the room
//! ends a week, or an inject lands, the local game is played again from `base` and the
//! queue. An action queued for a week the room has already closed is dropped with every
//! later queued action (the player took those on a game the room never had), and the game
//! follows the room's record again.

use super::client::{Timeouts, hello, parse_url, request_within};
use super::state::Status;
use super::{DEFAULT_PORT, Entry, state_digest};
use crate::i18n::{Lang, tr, trf};
use crate::save::{QueuedLine, RoomLogLine, RoomPart, Save};
use crate::sim::script::{format_act, parse_act};
use crate::sim::{Act, Game, Illegal, Scenario};
use serde_json::{Value, json};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long one connection attempt may take (the room is on the local network).
pub const CONNECT_TIMEOUT: Duration = Duration::from_millis(800);
/// The most one exchange with the room takes, all requests together (about).
pub const EXCHANGE_BUDGET: Duration = Duration::from_millis(2000);
/// How often the window should exchange with the room.
pub const POLL_EVERY: Duration = Duration::from_secs(1);
/// Longest team name (the room's limit).
pub const MAX_TEAM_NAME: usize = super::state::MAX_NAME_CHARS;

/// `sandtable --join URL --team NAME`: a join asked for on the command line, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinRequest {
    /// The room's address, normalised to `http://IP:PORT`.
    pub url: String,
    pub team: String,
}

impl JoinRequest {
    /// Check an address as a trainee types it (`192.168.1.20`, `192.168.1.20:7750`,
    /// `http://192.168.1.20:7750/`) and a team name.
    pub fn new(address: &str, team: &str) -> Result<JoinRequest, JoinError> {
        let url = normalize_url(address)?;
        let team = check_team_name(team)?;
        Ok(JoinRequest { url, team })
    }
}

fn check_team_name(name: &str) -> Result<String, JoinError> {
    let name = name.trim();
    let n = name.chars().count();
    if n == 0 || n > MAX_TEAM_NAME || name.chars().any(char::is_control) {
        return Err(JoinError::BadName);
    }
    Ok(name.to_string())
}

/// The room's address as `http://IP:PORT` (port 7750 when none is given). The room answers
/// only to an IP address or `localhost` (see docs/threat-model.md), so a host name is refused
/// here with a clear message rather than by the room with a 403.
pub fn normalize_url(given: &str) -> Result<String, JoinError> {
    let shown: String = given.trim().chars().take(80).collect();
    let bad = || JoinError::BadAddress {
        given: shown.clone(),
    };
    let s = given.trim();
    let rest = match s.strip_prefix("http://") {
        Some(r) => r,
        None if s.contains("://") => return Err(bad()),
        None => s,
    };
    let hostport = rest.split(['/', '?', '#']).next().unwrap_or("");
    if hostport.is_empty() {
        return Err(bad());
    }
    let (host, port) = if let Some(h) = hostport.strip_prefix('[') {
        let (h, after) = h.split_once(']').ok_or_else(bad)?;
        let ip: Ipv6Addr = h.parse().map_err(|_| bad())?;
        let port = match after {
            "" => DEFAULT_PORT,
            p => p
                .strip_prefix(':')
                .and_then(|p| p.parse().ok())
                .ok_or_else(bad)?,
        };
        (format!("[{ip}]"), port)
    } else {
        let (h, port) = match hostport.rsplit_once(':') {
            Some((h, p)) => (h, p.parse::<u16>().map_err(|_| bad())?),
            None => (hostport, DEFAULT_PORT),
        };
        if h.eq_ignore_ascii_case("localhost") {
            ("localhost".to_string(), port)
        } else {
            let ip: Ipv4Addr = h.parse().map_err(|_| bad())?;
            (ip.to_string(), port)
        }
    };
    if port == 0 {
        return Err(bad());
    }
    Ok(format!("http://{host}:{port}"))
}

fn port_of(url: &str) -> u16 {
    url.rsplit_once(':')
        .and_then(|(_, p)| p.parse().ok())
        .unwrap_or(DEFAULT_PORT)
}

/// Why a team could not join (or rejoin) a room. [`JoinError::text`] says it to the user.
#[derive(Debug, Clone, PartialEq)]
pub enum JoinError {
    /// Not an address the room can be reached at.
    BadAddress {
        given: String,
    },
    /// A team name has 1 to 40 characters and no control characters.
    BadName,
    /// Nothing answered at the address.
    Unreachable {
        url: String,
        port: u16,
        error: String,
    },
    /// Something answered, but not a Sandtable room.
    NotARoom {
        url: String,
    },
    NameTaken {
        name: String,
    },
    /// The workshop has started: a team gets in with its rejoin code.
    Started,
    Full,
    /// The room runs another Sandtable or rules version.
    Versions {
        room: String,
        ours: String,
    },
    /// The room's scenario (this version of it) is not installed here.
    ScenarioMissing {
        id: String,
        version: Option<u64>,
    },
    /// The room does not know the team key (another room at this address, or a new one).
    KeyRefused {
        url: String,
    },
    /// The rejoin code is not one of this room's.
    CodeRefused,
    /// The save is of a game played alone.
    NotARoomSave,
    /// The save's room part cannot be played.
    BadSave {
        reason: String,
    },
    /// The room refused for another reason (its words).
    Refused {
        reason: String,
    },
}

impl JoinError {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            JoinError::BadAddress { given } => {
                trf(lang, "room.err.bad_address", &[("given", given)])
            }
            JoinError::BadName => trf(
                lang,
                "room.err.bad_name",
                &[("max", &MAX_TEAM_NAME.to_string())],
            ),
            JoinError::Unreachable { url, port, error } => trf(
                lang,
                "room.err.unreachable",
                &[("url", url), ("port", &port.to_string()), ("error", error)],
            ),
            JoinError::NotARoom { url } => trf(lang, "room.err.not_a_room", &[("url", url)]),
            JoinError::NameTaken { name } => trf(lang, "room.err.name_taken", &[("name", name)]),
            JoinError::Started => tr(lang, "room.err.started").to_string(),
            JoinError::Full => tr(lang, "room.err.full").to_string(),
            JoinError::Versions { room, ours } => {
                trf(lang, "room.err.versions", &[("room", room), ("ours", ours)])
            }
            JoinError::ScenarioMissing { id, version } => trf(
                lang,
                "room.err.scenario_missing",
                &[
                    ("id", id),
                    (
                        "version",
                        &version.map(|v| v.to_string()).unwrap_or("?".into()),
                    ),
                ],
            ),
            JoinError::KeyRefused { url } => trf(lang, "room.err.key_refused", &[("url", url)]),
            JoinError::CodeRefused => tr(lang, "room.err.code_refused").to_string(),
            JoinError::NotARoomSave => tr(lang, "room.err.not_a_room_save").to_string(),
            JoinError::BadSave { reason } => trf(lang, "room.err.bad_save", &[("reason", reason)]),
            JoinError::Refused { reason } => trf(lang, "room.err.refused", &[("reason", reason)]),
        }
    }
}

impl std::fmt::Display for JoinError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl std::error::Error for JoinError {}

/// Why queued actions were not played in the room.
#[derive(Debug, Clone, PartialEq)]
pub enum DropReason {
    /// The room ended this week (its clock) before the actions reached it.
    WeekClosed { week: u32 },
    /// The room refused the first of them (its words).
    Refused { reason: String },
    /// Played again on the room's record, the first of them is not legal any more.
    Illegal(Illegal),
    /// The facilitator locked the room.
    Locked,
    /// The game is over in the room.
    GameOver,
}

/// Something the user should see, drained with [`RoomLink::notices`].
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// The facilitator started the workshop.
    RoomStarted,
    /// The room ended week `week` (its clock, or every team was done).
    WeekEndedByRoom {
        week: u32,
    },
    /// The facilitator fired inject `ix` of the scenario; it lands at the end of `week`.
    InjectFired {
        ix: usize,
        week: u32,
    },
    /// The room cannot be reached; play goes on here and actions are kept.
    Offline {
        since: Instant,
    },
    /// The room answers again; `sent` queued actions were accepted on the way.
    BackOnline {
        sent: usize,
    },
    /// Queued actions the room never got were dropped; the game follows the room's record.
    Dropped {
        acts: Vec<Act>,
        reason: DropReason,
    },
    /// Our copy was out of step with the room and was rebuilt from the room's log.
    Rebuilt,
    RoomPaused,
    RoomResumed,
    RoomLocked,
    /// The facilitator revealed the results (on the projector).
    Revealed,
    /// The room at this address does not know our team.
    KeyRefused,
    /// Even the room's whole log does not replay on this laptop (it must not happen with
    /// the same version and scenario; the facilitator's rejoin code on another laptop helps).
    OutOfStep,
}

impl Notice {
    /// The notice for the user; `scn` names the actions and the inject's news.
    pub fn text(&self, scn: &Scenario, lang: Lang) -> String {
        match self {
            Notice::RoomStarted => tr(lang, "room.n.started").to_string(),
            Notice::WeekEndedByRoom { week } => {
                trf(lang, "room.n.week_ended", &[("week", &week.to_string())])
            }
            Notice::InjectFired { ix, week } => {
                let news = scn
                    .injects
                    .get(*ix)
                    .map(|x| x.text.get(lang).to_string())
                    .unwrap_or_default();
                trf(
                    lang,
                    "room.n.inject",
                    &[("week", &week.to_string()), ("text", &news)],
                )
            }
            Notice::Offline { .. } => tr(lang, "room.n.offline").to_string(),
            Notice::BackOnline { sent: 0 } => tr(lang, "room.n.back_online").to_string(),
            Notice::BackOnline { sent } => trf(
                lang,
                "room.n.back_online_sent",
                &[("sent", &sent.to_string())],
            ),
            Notice::Dropped { acts, reason } => {
                let list = acts
                    .iter()
                    .map(|a| crate::sim::describe::act(scn, a, lang))
                    .collect::<Vec<_>>()
                    .join(crate::sim::describe::list_separator(lang));
                match reason {
                    DropReason::WeekClosed { week } => trf(
                        lang,
                        "room.n.dropped_week",
                        &[("week", &week.to_string()), ("acts", &list)],
                    ),
                    DropReason::Refused { reason } => trf(
                        lang,
                        "room.n.dropped_refused",
                        &[("acts", &list), ("reason", reason)],
                    ),
                    DropReason::Illegal(why) => {
                        let key = format!("illegal.{}", crate::sim::describe::snake(why));
                        trf(
                            lang,
                            "room.n.dropped_refused",
                            &[("acts", &list), ("reason", tr(lang, &key))],
                        )
                    }
                    DropReason::Locked => trf(lang, "room.n.dropped_locked", &[("acts", &list)]),
                    DropReason::GameOver => trf(lang, "room.n.dropped_over", &[("acts", &list)]),
                }
            }
            Notice::Rebuilt => tr(lang, "room.n.rebuilt").to_string(),
            Notice::RoomPaused => tr(lang, "room.n.paused").to_string(),
            Notice::RoomResumed => tr(lang, "room.n.resumed").to_string(),
            Notice::RoomLocked => tr(lang, "room.n.locked").to_string(),
            Notice::Revealed => tr(lang, "room.n.revealed").to_string(),
            Notice::KeyRefused => tr(lang, "room.n.key_refused").to_string(),
            Notice::OutOfStep => tr(lang, "room.n.out_of_step").to_string(),
        }
    }
}

/// The room's clock as last read, and when (so the window counts down between reads).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoomClock {
    pub status: Status,
    /// The room's week (1-based).
    pub week: u32,
    /// Seconds left in the room's week when it was read.
    pub seconds_left: f64,
    /// Our team has said it is done with the room's week.
    pub ready: bool,
    /// When it was read, on this machine's monotonic clock.
    pub read_at: Instant,
}

impl RoomClock {
    /// Seconds left now: counting down while the room runs, frozen otherwise.
    pub fn seconds_left_now(&self) -> f64 {
        if self.status == Status::Running {
            (self.seconds_left - self.read_at.elapsed().as_secs_f64()).max(0.0)
        } else {
            self.seconds_left
        }
    }
}

/// `m:ss`, rounded up (a countdown shows 0:00 only when the time is up).
pub fn clock_text(seconds: f64) -> String {
    let s = seconds.max(0.0).ceil() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// An action taken here that the room has not accepted yet.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Queued {
    seq: u64,
    act: Act,
    /// The local game's week when it was taken.
    week: u32,
    /// An `EndWeek` whose "ready" the room has acknowledged.
    sent: bool,
}

/// What one exchange sends, taken from the link ([`RoomLink::outbox`]); `Send`, so it can
/// run on another thread.
#[derive(Debug, Clone)]
pub struct Outbox {
    host: String,
    addr: SocketAddr,
    key: String,
    since: usize,
    sends: Vec<Out>,
    ask_reveal: bool,
}

#[derive(Debug, Clone)]
enum Out {
    Act { seq: u64, line: String },
    Ready { seq: u64 },
}

/// The room's answer to one exchange, for [`RoomLink::absorb`].
#[derive(Debug)]
pub struct Exchange {
    since: usize,
    outcome: Result<Answer, Trouble>,
}

#[derive(Debug)]
struct Answer {
    state: Value,
    /// (seq, was a ready, status, body) per request sent, in order.
    sent: Vec<(u64, bool, u16, Value)>,
    /// The network failed after the state was read.
    lost: Option<String>,
    revealed: Option<bool>,
}

#[derive(Debug)]
enum Trouble {
    Network(String),
    KeyRefused,
    Refused(u16, String),
}

impl Outbox {
    fn call(
        &self,
        started: Instant,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<(u16, Value), String> {
        let left = EXCHANGE_BUDGET
            .saturating_sub(started.elapsed())
            .max(Duration::from_millis(300));
        let t = Timeouts {
            connect: CONNECT_TIMEOUT.min(left),
            io: left,
        };
        let auth = format!("Team {}", self.key);
        request_within(&self.host, self.addr, method, path, Some(&auth), body, t)
            .map(|r| (r.status, r.body))
    }

    /// The HTTP part: read our log since our position, send what is queued (only when our
    /// copy is level with the room's log and the room runs), in about 2 s at most.
    pub fn exchange(self) -> Exchange {
        let started = Instant::now();
        let since = self.since;
        let state = self.call(
            started,
            "GET",
            &format!("/api/team/state?since={since}"),
            None,
        );
        let state = match state {
            Err(e) => {
                return Exchange {
                    since,
                    outcome: Err(Trouble::Network(e)),
                };
            }
            Ok((200, b)) => b,
            Ok((401, _)) => {
                return Exchange {
                    since,
                    outcome: Err(Trouble::KeyRefused),
                };
            }
            Ok((s, b)) => {
                return Exchange {
                    since,
                    outcome: Err(Trouble::Refused(
                        s,
                        b["error"].as_str().unwrap_or("").to_string(),
                    )),
                };
            }
        };
        let level = state["pos"].as_u64() == Some(since as u64);
        let running = state["status"].as_str() == Some("running");
        let mut sent = Vec::new();
        let mut lost = None;
        if level && running {
            let mut pos = since;
            for s in &self.sends {
                if started.elapsed() + Duration::from_millis(300) >= EXCHANGE_BUDGET {
                    break;
                }
                let (seq, ready, r) = match s {
                    Out::Act { seq, line } => (
                        *seq,
                        false,
                        self.call(
                            started,
                            "POST",
                            "/api/team/act",
                            Some(&json!({"pos": pos, "act": line})),
                        ),
                    ),
                    Out::Ready { seq } => (
                        *seq,
                        true,
                        self.call(
                            started,
                            "POST",
                            "/api/team/ready",
                            Some(&json!({"pos": pos})),
                        ),
                    ),
                };
                match r {
                    Err(e) => {
                        lost = Some(e);
                        break;
                    }
                    Ok((status, body)) => {
                        sent.push((seq, ready, status, body));
                        if status != 200 || ready {
                            break;
                        }
                        pos += 1;
                    }
                }
            }
        }
        let mut revealed = None;
        if self.ask_reveal
            && state["status"].as_str() == Some("locked")
            && let Ok((200, p)) = self.call(started, "GET", "/api/progress", None)
        {
            revealed = p["revealed"].as_bool();
        }
        Exchange {
            since,
            outcome: Ok(Answer {
                state,
                sent,
                lost,
                revealed,
            }),
        }
    }
}

/// A team's game in a workshop room (see the module's documentation).
pub struct RoomLink {
    url: String,
    host: String,
    addr: SocketAddr,
    team: usize,
    key: String,
    team_name: String,
    scn: Arc<Scenario>,
    seed: u64,
    /// The room's log of our team as confirmed, and the game it makes.
    log: Vec<Entry>,
    base: Game,
    /// What the window shows: `base` and the queue played on it.
    game: Game,
    queue: Vec<Queued>,
    next_seq: u64,
    /// Log positions below this were announced already (no notice again after a rebuild).
    seen: usize,
    clock: Option<RoomClock>,
    revealed: bool,
    offline_since: Option<Instant>,
    /// Why the last exchange failed (for a tooltip; the notices say it in words).
    last_error: Option<String>,
    key_refused: bool,
    /// Read the whole log again (our copy differed from the room's).
    full_rebuild: bool,
    /// A rebuild from position 0 failed too: the room's log does not replay here.
    out_of_step: bool,
    /// The room's digest and position as last read.
    room_digest: String,
    room_pos: usize,
    notices: Vec<Notice>,
}

/// What the room's `hello` says.
struct Hello {
    scenario: String,
    hash: String,
    version: Option<u64>,
    seed: u64,
    status: String,
}

fn resolve(url: &str) -> Result<(String, SocketAddr), JoinError> {
    parse_url(url).map_err(|_| JoinError::BadAddress {
        given: url.to_string(),
    })
}

fn join_timeouts() -> Timeouts {
    Timeouts {
        connect: CONNECT_TIMEOUT,
        io: EXCHANGE_BUDGET,
    }
}

fn unreachable(url: &str, error: String) -> JoinError {
    JoinError::Unreachable {
        url: url.to_string(),
        port: port_of(url),
        error,
    }
}

fn read_hello(url: &str, host: &str, addr: SocketAddr) -> Result<Hello, JoinError> {
    let r = request_within(host, addr, "GET", "/api/hello", None, None, join_timeouts())
        .map_err(|e| unreachable(url, e))?;
    let b = &r.body;
    let not_a_room = || JoinError::NotARoom {
        url: url.to_string(),
    };
    if r.status != 200 {
        return Err(not_a_room());
    }
    let engine = b["engine_version"].as_str().ok_or_else(not_a_room)?;
    let rules = b["rules_version"].as_u64().ok_or_else(not_a_room)?;
    let ours = env!("CARGO_PKG_VERSION");
    if engine != ours || rules != crate::sim::RULES_VERSION as u64 {
        return Err(JoinError::Versions {
            room: format!("{engine} (rules v{rules})"),
            ours: format!("{ours} (rules v{})", crate::sim::RULES_VERSION),
        });
    }
    Ok(Hello {
        scenario: b["scenario"].as_str().ok_or_else(not_a_room)?.to_string(),
        hash: b["scenario_hash"]
            .as_str()
            .ok_or_else(not_a_room)?
            .to_string(),
        version: b["version"].as_u64(),
        seed: b["seed"].as_u64().ok_or_else(not_a_room)?,
        status: b["status"].as_str().unwrap_or("").to_string(),
    })
}

/// A refusal of `join`/`rejoin` in the user's terms.
fn join_refusal(status: u16, body: &Value, name: &str, room_status: &str) -> JoinError {
    let reason = body["error"].as_str().unwrap_or("").to_string();
    match (status, body["code"].as_str().unwrap_or("")) {
        (409, "conflict") => JoinError::NameTaken {
            name: name.to_string(),
        },
        (409, "state") if room_status == "lobby" => JoinError::Full,
        (409, "state") => JoinError::Started,
        (400, _) => JoinError::BadName,
        (401, _) => JoinError::CodeRefused,
        (426, _) => JoinError::Versions {
            room: reason,
            ours: env!("CARGO_PKG_VERSION").to_string(),
        },
        _ => JoinError::Refused { reason },
    }
}

impl RoomLink {
    fn new(
        url: String,
        (host, addr): (String, SocketAddr),
        (team, key, team_name): (usize, String, String),
        scn: Arc<Scenario>,
        seed: u64,
    ) -> RoomLink {
        let base = Game::new(scn.clone(), seed);
        RoomLink {
            url,
            host,
            addr,
            team,
            key,
            team_name,
            scn,
            seed,
            log: Vec::new(),
            game: base.clone(),
            base,
            queue: Vec::new(),
            next_seq: 0,
            seen: 0,
            clock: None,
            revealed: false,
            offline_since: None,
            last_error: None,
            key_refused: false,
            full_rebuild: false,
            out_of_step: false,
            room_digest: String::new(),
            room_pos: 0,
            notices: Vec::new(),
        }
    }

    /// Join the room at `address` as a new team named `team_name` (before the facilitator
    /// starts). `lookup(id, hash)` finds the room's scenario among those installed here.
    pub fn join(
        address: &str,
        team_name: &str,
        lookup: impl Fn(&str, &str) -> Option<Arc<Scenario>>,
    ) -> Result<RoomLink, JoinError> {
        let req = JoinRequest::new(address, team_name)?;
        let (host, addr) = resolve(&req.url)?;
        let hi = read_hello(&req.url, &host, addr)?;
        let scn = lookup(&hi.scenario, &hi.hash).ok_or(JoinError::ScenarioMissing {
            id: hi.scenario.clone(),
            version: hi.version,
        })?;
        let r = request_within(
            &host,
            addr,
            "POST",
            "/api/join",
            None,
            Some(&hello(&req.team, None)),
            join_timeouts(),
        )
        .map_err(|e| unreachable(&req.url, e))?;
        if r.status != 200 {
            return Err(join_refusal(r.status, &r.body, &req.team, &hi.status));
        }
        let (team, key) = team_and_key(&r.body).ok_or(JoinError::NotARoom {
            url: req.url.clone(),
        })?;
        let mut link = RoomLink::new(req.url, (host, addr), (team, key, req.team), scn, hi.seed);
        link.poll();
        Ok(link)
    }

    /// Rejoin a started room with the rejoin code the facilitator reads from the console
    /// (a laptop that lost its save, or another laptop). The game is rebuilt from the
    /// room's log.
    pub fn rejoin(
        address: &str,
        code: &str,
        lookup: impl Fn(&str, &str) -> Option<Arc<Scenario>>,
    ) -> Result<RoomLink, JoinError> {
        let url = normalize_url(address)?;
        let (host, addr) = resolve(&url)?;
        let hi = read_hello(&url, &host, addr)?;
        let scn = lookup(&hi.scenario, &hi.hash).ok_or(JoinError::ScenarioMissing {
            id: hi.scenario.clone(),
            version: hi.version,
        })?;
        let r = request_within(
            &host,
            addr,
            "POST",
            "/api/rejoin",
            None,
            Some(&hello("", Some(code))),
            join_timeouts(),
        )
        .map_err(|e| unreachable(&url, e))?;
        if r.status != 200 {
            return Err(join_refusal(r.status, &r.body, "", &hi.status));
        }
        let (team, key) = team_and_key(&r.body).ok_or(JoinError::NotARoom { url: url.clone() })?;
        let mut link = RoomLink::new(url, (host, addr), (team, key, String::new()), scn, hi.seed);
        link.poll();
        if link.key_refused {
            return Err(JoinError::KeyRefused { url: link.url });
        }
        Ok(link)
    }

    /// Continue a room game from its save: rejoin with the saved key, catch up with the
    /// room's log, and send the actions the room had not got if their week is still open
    /// (else they are dropped with a notice). When the room cannot be reached the game goes
    /// on here from the save, offline, and catches up once it can.
    pub fn resume(
        save: &Save,
        lookup: impl Fn(&str, &str) -> Option<Arc<Scenario>>,
    ) -> Result<RoomLink, JoinError> {
        let part = save.room.as_ref().ok_or(JoinError::NotARoomSave)?;
        part.validate()
            .map_err(|reason| JoinError::BadSave { reason })?;
        let scn =
            lookup(&save.scenario_id, &save.scenario_hash).ok_or(JoinError::ScenarioMissing {
                id: save.scenario_id.clone(),
                version: None,
            })?;
        let url = normalize_url(&part.url)?;
        let (host, addr) = resolve(&url)?;
        let base = part
            .replay_log(&scn, save.seed)
            .map_err(|reason| JoinError::BadSave { reason })?;
        let mut log = Vec::with_capacity(part.log.len());
        for l in &part.log {
            log.push(match l {
                RoomLogLine::Act(line) => Entry::Act(
                    parse_act(&scn, line).map_err(|reason| JoinError::BadSave { reason })?,
                ),
                RoomLogLine::Inject(id) => {
                    Entry::Inject(scn.inject_ix(id).ok_or_else(|| JoinError::BadSave {
                        reason: format!("no inject `{id}`"),
                    })?)
                }
            });
        }
        let mut link = RoomLink::new(
            url,
            (host, addr),
            (part.team, part.key.clone(), part.team_name.clone()),
            scn.clone(),
            save.seed,
        );
        link.seen = log.len();
        link.room_pos = log.len();
        link.log = log;
        link.base = base;
        for q in &part.queued {
            let act = parse_act(&scn, &q.act).map_err(|reason| JoinError::BadSave { reason })?;
            link.queue.push(Queued {
                seq: link.next_seq,
                act,
                week: q.week,
                sent: false,
            });
            link.next_seq += 1;
        }
        link.replay_local();
        link.poll();
        if link.key_refused {
            return Err(JoinError::KeyRefused { url: link.url });
        }
        Ok(link)
    }

    // ---- playing -------------------------------------------------------------------

    /// Play `act` now on the local game and queue it for the room. `EndWeek` means "our
    /// team is done with this week": the room ends the week on its clock (see
    /// [`RoomLink::waiting_for_room`] and [`RoomLink::status_line`]).
    pub fn act(&mut self, act: Act) -> Result<(), Illegal> {
        let week = self.game.week();
        self.game.apply(act)?;
        self.queue.push(Queued {
            seq: self.next_seq,
            act,
            week,
            sent: false,
        });
        self.next_seq += 1;
        Ok(())
    }

    /// The game as this team sees it: the room's record and our queued actions on top.
    pub fn game(&self) -> &Game {
        &self.game
    }

    /// The game as the room has it (our team's log as confirmed).
    pub fn confirmed(&self) -> &Game {
        &self.base
    }

    /// Actions taken here that the room has not accepted yet.
    pub fn queued(&self) -> usize {
        self.queue
            .iter()
            .filter(|q| q.act != Act::EndWeek || !q.sent)
            .count()
    }

    /// Our team has ended its week here and waits for the room's clock to end it.
    pub fn waiting_for_room(&self) -> bool {
        self.queue.iter().any(|q| q.act == Act::EndWeek)
    }

    /// The injects the facilitator fired into our game: (week, inject index).
    pub fn fired(&self) -> &[(u32, usize)] {
        self.base.injects()
    }

    /// Drain what happened for the user since the last call.
    pub fn notices(&mut self) -> Vec<Notice> {
        std::mem::take(&mut self.notices)
    }

    /// The room's clock as last read.
    pub fn clock(&self) -> Option<RoomClock> {
        self.clock
    }

    /// Seconds left in the room's week now (counting down between reads).
    pub fn seconds_left(&self) -> Option<f64> {
        self.clock.map(|c| c.seconds_left_now())
    }

    /// Since when the room cannot be reached, if it cannot.
    pub fn offline_since(&self) -> Option<Instant> {
        self.offline_since
    }

    /// Why the room could not be reached at the last exchange (technical words).
    pub fn last_error(&self) -> Option<&str> {
        self.last_error.as_deref()
    }

    /// The room's digest of our game as last read, and its log position then.
    pub fn room_digest(&self) -> (&str, usize) {
        (&self.room_digest, self.room_pos)
    }

    pub fn url(&self) -> &str {
        &self.url
    }
    pub fn team(&self) -> usize {
        self.team
    }
    pub fn team_name(&self) -> &str {
        &self.team_name
    }
    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scn
    }

    /// One line for the window's header: the room's week and countdown, "waiting for the
    /// room: 2:31 left" after our team ended its week, paused, locked, or offline.
    pub fn status_line(&self, lang: Lang) -> String {
        if self.key_refused {
            return tr(lang, "room.s.key_refused").to_string();
        }
        if self.offline_since.is_some() {
            return trf(
                lang,
                "room.s.offline",
                &[("queued", &self.queued().to_string())],
            );
        }
        let Some(c) = self.clock else {
            return tr(lang, "room.s.connecting").to_string();
        };
        let week = c.week.to_string();
        let left = clock_text(c.seconds_left_now());
        match c.status {
            Status::Lobby => tr(lang, "room.s.lobby").to_string(),
            Status::Paused => trf(lang, "room.s.paused", &[("week", &week)]),
            Status::Locked => tr(lang, "room.s.locked").to_string(),
            Status::Running if self.waiting_for_room() => {
                trf(lang, "room.s.waiting", &[("left", &left)])
            }
            Status::Running => trf(lang, "room.s.running", &[("week", &week), ("left", &left)]),
        }
    }

    /// The autosave of this game, room part included (write it with `Save::write`, e.g.
    /// after every action and at every week's end).
    pub fn save(&self) -> Save {
        let log = self
            .log
            .iter()
            .map(|e| match e {
                Entry::Act(a) => RoomLogLine::Act(format_act(&self.scn, a)),
                Entry::Inject(i) => RoomLogLine::Inject(self.scn.injects[*i].id.clone()),
            })
            .collect();
        let queued = self
            .queue
            .iter()
            .map(|q| QueuedLine {
                week: q.week,
                act: format_act(&self.scn, &q.act),
            })
            .collect();
        Save::of(&self.game).in_room(RoomPart {
            url: self.url.clone(),
            team: self.team,
            key: self.key.clone(),
            team_name: self.team_name.clone(),
            log,
            queued,
        })
    }

    // ---- the exchange with the room --------------------------------------------------

    /// What the next exchange sends: the queued actions of the room's current week, in
    /// order, up to and including our "ready" (a later week's actions wait for the room).
    pub fn outbox(&self) -> Outbox {
        let mut sends = Vec::new();
        if !self.full_rebuild {
            let week = self.base.week();
            for q in &self.queue {
                if q.week != week {
                    break;
                }
                if q.act == Act::EndWeek {
                    if !q.sent {
                        sends.push(Out::Ready { seq: q.seq });
                    }
                    break;
                }
                sends.push(Out::Act {
                    seq: q.seq,
                    line: format_act(&self.scn, &q.act),
                });
            }
        }
        Outbox {
            host: self.host.clone(),
            addr: self.addr,
            key: self.key.clone(),
            since: self.since(),
            sends,
            ask_reveal: !self.revealed,
        }
    }

    fn since(&self) -> usize {
        if self.full_rebuild { 0 } else { self.log.len() }
    }

    /// Exchange with the room now, blocking for at most ~2 s; true when another exchange
    /// right away would bring more.
    pub fn poll(&mut self) -> bool {
        let ex = self.outbox().exchange();
        self.absorb(ex)
    }

    fn go_offline(&mut self, error: String) {
        self.last_error = Some(error);
        if self.offline_since.is_none() {
            let now = Instant::now();
            self.offline_since = Some(now);
            self.notices.push(Notice::Offline { since: now });
        }
    }

    /// Apply the room's answer (see [`Outbox::exchange`]). True when another exchange right
    /// away would bring more (more of the log, or queued actions that can go now).
    pub fn absorb(&mut self, ex: Exchange) -> bool {
        if ex.since != self.since() {
            // Taken before another exchange was absorbed: ask again.
            return true;
        }
        let ans = match ex.outcome {
            Err(Trouble::Network(e)) => {
                self.go_offline(e);
                return false;
            }
            Err(Trouble::KeyRefused) => {
                if !self.key_refused {
                    self.key_refused = true;
                    self.notices.push(Notice::KeyRefused);
                }
                return false;
            }
            Err(Trouble::Refused(status, e)) => {
                // The room answered but not with our state (overloaded, or an odd proxy):
                // as good as unreachable for now.
                self.go_offline(format!("{status}: {e}"));
                return false;
            }
            Ok(a) => a,
        };
        let was_offline = self.offline_since.take().is_some();
        self.last_error = None;
        self.key_refused = false;
        let st = &ans.state;
        self.read_clock(st, ans.revealed);
        let before = (self.log.len(), self.queue.len());
        let mut sent_ok = 0;
        // 1. The room's entries since our position.
        let applied = match self.apply_entries(st) {
            Ok(n) => n,
            Err(_) => {
                if self.full_rebuild {
                    // Even the whole log does not replay here: say so once, try later.
                    if !self.out_of_step {
                        self.out_of_step = true;
                        self.notices.push(Notice::OutOfStep);
                    }
                    return false;
                }
                self.full_rebuild = true;
                return true;
            }
        };
        if self.full_rebuild {
            self.full_rebuild = false;
            self.out_of_step = false;
            self.notices.push(Notice::Rebuilt);
        }
        // 2. What the room said to each action sent.
        for (seq, _ready, status, body) in &ans.sent {
            let Some(ix) = self.queue.iter().position(|q| q.seq == *seq) else {
                continue;
            };
            let act = self.queue[ix].act;
            match *status {
                200 if act == Act::EndWeek => {
                    self.queue[ix].sent = true;
                    if let Some(c) = &mut self.clock {
                        c.ready = true;
                    }
                }
                200 => {
                    self.queue.remove(ix);
                    if self.base.apply(act).is_err() {
                        self.full_rebuild = true;
                        break;
                    }
                    self.log.push(Entry::Act(act));
                    self.seen = self.seen.max(self.log.len());
                    sent_ok += 1;
                    if body["digest"].as_str() != Some(&state_digest(&self.base)) {
                        self.full_rebuild = true;
                        break;
                    }
                    self.room_pos = self.log.len();
                    self.room_digest = body["digest"].as_str().unwrap_or("").to_string();
                }
                400 | 422 => {
                    let reason = body["error"].as_str().unwrap_or("").to_string();
                    self.drop_from(ix, DropReason::Refused { reason });
                    break;
                }
                // Out of step (409: the room's log moved on, it paused or locked), too fast
                // (429), or the room could not store it (500): decided on the next read.
                _ => break,
            }
        }
        // 3. Queued actions of weeks the room has closed, or of a locked room / ended game.
        self.reconcile();
        // 4. The local game: the room's record and what is still queued.
        if applied > 0 || (self.log.len(), self.queue.len()) != before {
            self.replay_local();
        }
        if was_offline {
            self.notices.push(Notice::BackOnline { sent: sent_ok });
        }
        if let Some(e) = ans.lost {
            self.go_offline(e);
            return false;
        }
        let more_log = self.room_pos > self.log.len();
        let sendable = applied > 0 && !self.outbox().sends.is_empty();
        self.full_rebuild || more_log || sendable
    }

    fn read_clock(&mut self, st: &Value, revealed: Option<bool>) {
        let Some(status) = st["status"].as_str().and_then(Status::from_wire) else {
            return;
        };
        let prev = self.clock.map(|c| c.status);
        if let Some(p) = prev
            && p != status
        {
            match (p, status) {
                (Status::Lobby, Status::Running) => self.notices.push(Notice::RoomStarted),
                (_, Status::Paused) => self.notices.push(Notice::RoomPaused),
                (Status::Paused, Status::Running) => self.notices.push(Notice::RoomResumed),
                (_, Status::Locked) => self.notices.push(Notice::RoomLocked),
                _ => {}
            }
        }
        if revealed == Some(true) && !self.revealed {
            self.revealed = true;
            self.notices.push(Notice::Revealed);
        }
        self.clock = Some(RoomClock {
            status,
            week: st["room_week"].as_u64().unwrap_or(1) as u32,
            seconds_left: st["seconds_left"].as_f64().unwrap_or(0.0),
            ready: st["ready"].as_bool().unwrap_or(false),
            read_at: Instant::now(),
        });
        if let Some(name) = st["name"].as_str() {
            // A team that rejoined with its code learns its name here.
            self.team_name = name.to_string();
        }
        self.room_pos = st["pos"].as_u64().unwrap_or(0) as usize;
        self.room_digest = st["digest"].as_str().unwrap_or("").to_string();
    }

    /// Apply the room's entries to our confirmed copy; the number applied. An error means
    /// our copy and the room's log disagree (then the caller reads the whole log again).
    fn apply_entries(&mut self, st: &Value) -> Result<usize, String> {
        let since = st["since"].as_u64().ok_or("no position")? as usize;
        if self.full_rebuild {
            if since != 0 {
                return Err("expected the whole log".into());
            }
            self.base = Game::new(self.scn.clone(), self.seed);
            self.log.clear();
        } else if since != self.log.len() {
            return Err(format!(
                "the room answered from {since}, we are at {}",
                self.log.len()
            ));
        }
        let mut n = 0;
        for e in st["entries"].as_array().into_iter().flatten() {
            let pos = self.log.len();
            let week = self.base.week();
            if let Some(line) = e["act"].as_str() {
                let a = parse_act(&self.scn, line)?;
                self.base.apply(a).map_err(|e| e.to_string())?;
                self.log.push(Entry::Act(a));
                if a == Act::EndWeek {
                    if pos >= self.seen {
                        self.notices.push(Notice::WeekEndedByRoom { week });
                    }
                } else if self.queue.first().is_some_and(|q| q.act == a) {
                    // Ours, accepted although its answer never reached us.
                    self.queue.remove(0);
                }
            } else if let Some(id) = e["inject"].as_str() {
                let ix = self.scn.inject_ix(id).ok_or("unknown inject")?;
                self.base.fire_inject(ix).map_err(|e| e.to_string())?;
                self.log.push(Entry::Inject(ix));
                if pos >= self.seen {
                    self.notices.push(Notice::InjectFired { ix, week });
                }
            } else {
                return Err("an entry that is neither an action nor an inject".into());
            }
            self.seen = self.seen.max(self.log.len());
            n += 1;
        }
        if self.log.len() == self.room_pos {
            let digest = st["digest"].as_str().unwrap_or("");
            if digest != state_digest(&self.base) {
                return Err("the room's digest differs from ours".into());
            }
        }
        Ok(n)
    }

    /// Drop the queue from `ix` on, telling the user which actions did not count.
    fn drop_from(&mut self, ix: usize, reason: DropReason) {
        let dropped = self.queue.split_off(ix);
        let acts: Vec<Act> = dropped
            .iter()
            .map(|q| q.act)
            .filter(|a| *a != Act::EndWeek)
            .collect();
        if !acts.is_empty() {
            self.notices.push(Notice::Dropped { acts, reason });
        }
    }

    /// Settle the queue against the room's record: an `EndWeek` of a week the room has ended
    /// is done; any other action of such a week never reached the room in time, and it is
    /// dropped with everything queued after it.
    fn reconcile(&mut self) {
        if self.queue.is_empty() {
            return;
        }
        if self.base.is_over() {
            return self.drop_from(0, DropReason::GameOver);
        }
        if self.clock.is_some_and(|c| c.status == Status::Locked) {
            return self.drop_from(0, DropReason::Locked);
        }
        let week = self.base.week();
        while let Some(q) = self.queue.first().copied() {
            if q.week >= week {
                break;
            }
            if q.act == Act::EndWeek {
                self.queue.remove(0);
                continue;
            }
            return self.drop_from(0, DropReason::WeekClosed { week: q.week });
        }
    }

    /// The local game again: the room's record with the queued actions on top; a queued
    /// action no longer legal there is dropped with the rest of the queue.
    fn replay_local(&mut self) {
        let mut g = self.base.clone();
        for i in 0..self.queue.len() {
            if let Err(why) = g.apply(self.queue[i].act) {
                self.drop_from(i, DropReason::Illegal(why));
                break;
            }
        }
        self.game = g;
    }
}

fn team_and_key(b: &Value) -> Option<(usize, String)> {
    let team = b["team"].as_u64()? as usize;
    let key = b["key"].as_str()?.to_string();
    Some((team, key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_normalised_the_way_trainees_type_them() {
        let ok = |s: &str| normalize_url(s).expect(s);
        assert_eq!(ok("192.168.1.20"), "http://192.168.1.20:7750");
        assert_eq!(ok(" 192.168.1.20:8000 "), "http://192.168.1.20:8000");
        assert_eq!(ok("http://192.168.1.20:7750/"), "http://192.168.1.20:7750");
        assert_eq!(
            ok("http://127.0.0.1:7750/projector?lang=zh"),
            "http://127.0.0.1:7750"
        );
        assert_eq!(ok("localhost"), "http://localhost:7750");
        assert_eq!(ok("[::1]:7751"), "http://[::1]:7751");
        for bad in [
            "",
            "https://192.168.1.20",
            "facilitator.local:7750",
            "192.168.1.20:99999",
            "192.168.1.20:0",
            "192.168.1:7750",
            "ftp://1.2.3.4",
        ] {
            let e = normalize_url(bad).expect_err(bad);
            assert!(matches!(e, JoinError::BadAddress { .. }), "{bad}: {e:?}");
            // Said in both languages, with what was typed.
            assert!(
                e.text(Lang::En).contains(bad.trim()),
                "{}",
                e.text(Lang::En)
            );
            assert!(
                e.text(Lang::Zh).contains(bad.trim()),
                "{}",
                e.text(Lang::Zh)
            );
        }
    }

    #[test]
    fn a_join_request_checks_the_team_name() {
        assert_eq!(
            JoinRequest::new("10.0.0.2", "  蓝队  ").expect("ok"),
            JoinRequest {
                url: "http://10.0.0.2:7750".into(),
                team: "蓝队".into()
            }
        );
        for bad in ["", "   ", "a\u{7}b", &"x".repeat(41)] {
            assert_eq!(
                JoinRequest::new("10.0.0.2", bad).expect_err("bad"),
                JoinError::BadName
            );
        }
    }

    #[test]
    fn the_link_can_live_in_the_window_and_its_exchange_on_another_thread() {
        fn send_sync<T: Send + Sync>() {}
        fn send<T: Send>() {}
        send_sync::<RoomLink>();
        send::<Outbox>();
        send::<Exchange>();
    }

    #[test]
    fn the_countdown_rounds_up_and_never_goes_negative() {
        assert_eq!(clock_text(151.2), "2:32");
        assert_eq!(clock_text(60.0), "1:00");
        assert_eq!(clock_text(0.2), "0:01");
        assert_eq!(clock_text(-3.0), "0:00");
    }

    #[test]
    fn an_unreachable_room_names_the_address_and_the_port_in_both_languages() {
        let e = unreachable("http://10.1.2.3:7750", "connection refused".into());
        for lang in [Lang::Zh, Lang::En] {
            let t = e.text(lang);
            assert!(
                t.contains("http://10.1.2.3:7750") && t.contains("7750"),
                "{t}"
            );
            assert!(!t.contains('{'), "a placeholder left: {t}");
        }
    }
}
