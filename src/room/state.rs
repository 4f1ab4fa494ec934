//! The room's authority: every team's log, the room-wide clock and the facilitator's
//! controls, as a state machine over the durable store (no HTTP here).

use super::store::{Record, Store, StoreError};
use super::{ApiError, Entry, Refusal, norm_name, state_digest};
use crate::replay::Replay;
use crate::sim::script::{format_act, parse_act};
use crate::sim::{Act, Game, Phase, RULES_VERSION, Scenario};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Longest team name, in characters.
pub const MAX_NAME_CHARS: usize = 40;
/// Most teams a room accepts (`--max-teams` may lower it).
pub const MAX_TEAMS: usize = 64;
/// Sustained actions per second a team may send, and the burst above it.
pub const ACTIONS_PER_SEC: f64 = 20.0;
pub const ACTION_BURST: f64 = 40.0;
/// Wrong rejoin codes the room takes per minute, from everyone together, before it refuses
/// every rejoin for the rest of that minute (codes are ~40 bits: guessing stays hopeless).
pub const REJOIN_FAILURES_PER_MIN: usize = 30;
/// Most log entries one state answer carries (a client asks again for the rest).
pub const MAX_ENTRIES_PER_ANSWER: usize = 2000;

/// Where the room is in its session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Teams join; the clock has not started.
    Lobby,
    Running,
    Paused,
    /// No more actions; results may be revealed and replays exported.
    Locked,
}

impl Status {
    pub fn wire(self) -> &'static str {
        match self {
            Status::Lobby => "lobby",
            Status::Running => "running",
            Status::Paused => "paused",
            Status::Locked => "locked",
        }
    }
    /// The status a room's answer names, if it is one.
    pub fn from_wire(s: &str) -> Option<Status> {
        match s {
            "lobby" => Some(Status::Lobby),
            "running" => Some(Status::Running),
            "paused" => Some(Status::Paused),
            "locked" => Some(Status::Locked),
            _ => None,
        }
    }
}

/// One team.
pub struct Team {
    pub name: String,
    norm: String,
    key: String,
    code: String,
    pub game: Game,
    pub entries: Vec<Entry>,
    /// The team has ended its current week and waits for the room's.
    pub ready: bool,
    bucket: f64,
    bucket_at: Instant,
}

/// The room.
pub struct Room {
    pub scn: Arc<Scenario>,
    pub seed: u64,
    token: String,
    week_len: Duration,
    pub status: Status,
    pub revealed: bool,
    /// The room's current week (1-based).
    pub week: u32,
    deadline: Option<Instant>,
    remaining: Duration,
    pub teams: Vec<Team>,
    pub fired: Vec<(u32, usize)>,
    max_teams: usize,
    store: Store,
    data: PathBuf,
    /// When recent rejoin attempts failed (see [`REJOIN_FAILURES_PER_MIN`]).
    rejoin_failures: std::collections::VecDeque<Instant>,
    /// The language of the room's pages when a page does not ask for one.
    pub lang: crate::i18n::Lang,
}

fn random_hex(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    // The OS generator fails only on a broken system; a room without secrets must not start.
    getrandom::fill(&mut b).expect("the operating system's random generator works");
    crate::replay::hex(&b)
}

/// A rejoin code: 8 characters a facilitator can read out (no 0/O, 1/I/L).
fn rejoin_code() -> String {
    const ABC: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).expect("the operating system's random generator works");
    b.iter()
        .map(|x| ABC[*x as usize % ABC.len()] as char)
        .collect()
}

/// Compare secrets without an early exit on the first differing byte.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

impl Room {
    /// Open the room in `data`: a new one, or the one stored there (which must be of the same
    /// scenario, hash and seed), replayed from its log and come back paused.
    pub fn open(
        data: &Path,
        scn: Arc<Scenario>,
        seed: u64,
        week_len: Duration,
        max_teams: usize,
    ) -> Result<Room, String> {
        let (store, records) = Store::open(data).map_err(|e| e.to_string())?;
        let mut room = Room {
            scn: scn.clone(),
            seed,
            token: String::new(),
            week_len,
            status: Status::Lobby,
            revealed: false,
            week: 1,
            deadline: None,
            remaining: week_len,
            teams: Vec::new(),
            fired: Vec::new(),
            max_teams: max_teams.clamp(1, MAX_TEAMS),
            store,
            data: data.to_path_buf(),
            rejoin_failures: Default::default(),
            lang: crate::i18n::Lang::Zh,
        };
        let mut it = records.into_iter();
        match it.next() {
            None => {
                room.token = random_hex(16);
                let head = Record::Room {
                    scenario: scn.id().to_string(),
                    hash: scn.hash.clone(),
                    seed,
                    rules: RULES_VERSION,
                    token: room.token.clone(),
                };
                room.store.append(&[head]).map_err(|e| e.to_string())?;
            }
            Some(Record::Room {
                scenario,
                hash,
                seed: s,
                rules,
                token,
            }) => {
                if scenario != scn.id() || hash != scn.hash || s != seed || rules != RULES_VERSION {
                    return Err(format!(
                        "{} holds a room of scenario `{scenario}` seed {s} (rules v{rules}); start it with the same scenario file and seed, or use another --data folder",
                        data.display()
                    ));
                }
                room.token = token;
                for (n, r) in it.enumerate() {
                    room.replay(r).map_err(|e| {
                        format!(
                            "{}: record {} cannot be replayed: {e}",
                            data.display(),
                            n + 2
                        )
                    })?;
                }
                if room.status == Status::Running {
                    room.status = Status::Paused;
                }
            }
            Some(_) => {
                return Err(format!(
                    "{}: the log does not start with the room",
                    data.display()
                ));
            }
        }
        Ok(room)
    }

    fn replay(&mut self, r: Record) -> Result<(), String> {
        match r {
            Record::Room { .. } => return Err("a second room header".into()),
            Record::Join { name, key, code } => self.teams.push(self.new_team(name, key, code)),
            Record::Act { team, pos, act } => {
                let t = self.teams.get_mut(team).ok_or("unknown team")?;
                if pos != t.entries.len() {
                    return Err(format!("position {pos}, expected {}", t.entries.len()));
                }
                let a = parse_act(&self.scn, &act)?;
                t.game.apply(a).map_err(|e| e.to_string())?;
                t.entries.push(Entry::Act(a));
            }
            Record::Ready { team, week } => {
                let t = self.teams.get_mut(team).ok_or("unknown team")?;
                if week == self.week {
                    t.ready = true;
                }
            }
            Record::Inject { inject, week } => {
                let i = self.scn.inject_ix(&inject).ok_or("unknown inject")?;
                self.apply_inject(i, week);
            }
            Record::Week { week } => {
                if week != self.week {
                    return Err(format!("week {week} ended in room week {}", self.week));
                }
                self.next_week();
            }
            Record::Start => self.status = Status::Running,
            Record::Lock => self.status = Status::Locked,
            Record::Reveal => self.revealed = true,
        }
        Ok(())
    }

    fn new_team(&self, name: String, key: String, code: String) -> Team {
        Team {
            norm: norm_name(&name),
            name,
            key,
            code,
            game: Game::new(self.scn.clone(), self.seed),
            entries: Vec::new(),
            ready: false,
            bucket: ACTION_BURST,
            bucket_at: Instant::now(),
        }
    }

    fn save(&mut self, records: &[Record]) -> Result<(), ApiError> {
        self.store
            .append(records)
            .map_err(|e: StoreError| ApiError::Storage(e.to_string()))
    }

    pub fn token_ok(&self, given: &str) -> bool {
        same_secret(&self.token, given)
    }
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The team holding this key.
    pub fn team_of(&self, key: &str) -> Option<usize> {
        self.teams.iter().position(|t| same_secret(&t.key, key))
    }

    fn check_client(engine: &str, rules: u32) -> Result<(), ApiError> {
        let ours = env!("CARGO_PKG_VERSION");
        if engine != ours || rules != RULES_VERSION {
            return Err(ApiError::Version(format!(
                "this room runs sandtable {ours} (rules v{RULES_VERSION}); the client runs {engine} (rules v{rules}): install the room's version"
            )));
        }
        Ok(())
    }

    /// A new team joins (only before the start): its key, known from now on only to it.
    pub fn join(
        &mut self,
        name: &str,
        engine: &str,
        rules: u32,
    ) -> Result<(usize, String), ApiError> {
        Self::check_client(engine, rules)?;
        if self.status != Status::Lobby {
            return Err(ApiError::State(
                "the workshop has started: ask the facilitator for your team's rejoin code".into(),
            ));
        }
        let name = name.trim();
        let chars = name.chars().count();
        if chars == 0 || chars > MAX_NAME_CHARS || name.chars().any(char::is_control) {
            return Err(ApiError::Bad(format!(
                "a team name has 1 to {MAX_NAME_CHARS} characters and no control characters"
            )));
        }
        let norm = norm_name(name);
        if self.teams.iter().any(|t| t.norm == norm) {
            return Err(ApiError::Conflict(format!(
                "a team named like `{name}` is already in the room: choose another name"
            )));
        }
        if self.teams.len() >= self.max_teams {
            return Err(ApiError::State(format!(
                "the room is full ({} teams)",
                self.max_teams
            )));
        }
        let key = random_hex(16);
        let code = rejoin_code();
        self.save(&[Record::Join {
            name: name.to_string(),
            key: key.clone(),
            code: code.clone(),
        }])?;
        let t = self.new_team(name.to_string(), key.clone(), code);
        self.teams.push(t);
        Ok((self.teams.len() - 1, key))
    }

    /// A team that lost its key gets it back with the code from the facilitator's console.
    pub fn rejoin(
        &mut self,
        code: &str,
        engine: &str,
        rules: u32,
    ) -> Result<(usize, String), ApiError> {
        Self::check_client(engine, rules)?;
        let now = Instant::now();
        while self
            .rejoin_failures
            .front()
            .is_some_and(|t| now.duration_since(*t) > Duration::from_secs(60))
        {
            self.rejoin_failures.pop_front();
        }
        if self.rejoin_failures.len() >= REJOIN_FAILURES_PER_MIN {
            return Err(ApiError::Rate);
        }
        let code = code.trim().to_ascii_uppercase();
        match self.teams.iter().position(|t| same_secret(&t.code, &code)) {
            Some(i) => Ok((i, self.teams[i].key.clone())),
            None => {
                self.rejoin_failures.push_back(now);
                Err(ApiError::Unauthorized)
            }
        }
    }

    fn weeks_running(&self, t: &Team) -> bool {
        t.game.phase() == Phase::Playing && t.game.week() == self.week
    }

    /// A team's action at the log position it expects. Answers the new position and the
    /// digest of the resulting state, once the action is durably stored.
    pub fn act(
        &mut self,
        team: usize,
        pos: usize,
        line: &str,
    ) -> Result<(usize, String), ApiError> {
        let now = Instant::now();
        let status = self.status;
        let week = self.week;
        let t = &mut self.teams[team];
        match status {
            Status::Running => {}
            Status::Lobby => return Err(ApiError::State("the workshop has not started".into())),
            Status::Paused => return Err(ApiError::State("the room is paused".into())),
            Status::Locked => return Err(ApiError::State("the room is locked".into())),
        }
        let dt = now.duration_since(t.bucket_at).as_secs_f64();
        t.bucket = (t.bucket + dt * ACTIONS_PER_SEC).min(ACTION_BURST);
        t.bucket_at = now;
        if t.bucket < 1.0 {
            return Err(ApiError::Rate);
        }
        t.bucket -= 1.0;
        if pos != t.entries.len() {
            return Err(ApiError::Position {
                expected: t.entries.len(),
            });
        }
        if t.game.is_over() {
            return Err(ApiError::State("your game is over".into()));
        }
        let act = parse_act(&self.scn, line).map_err(ApiError::Bad)?;
        if act == Act::EndWeek {
            return Err(ApiError::Bad(
                "in a room the week ends on the room's clock: send `ready` when your team is done"
                    .into(),
            ));
        }
        if t.game.phase() == Phase::Playing && (t.ready || t.game.week() != week) {
            return Err(ApiError::State(
                "your team has ended this week: wait for the next".into(),
            ));
        }
        t.game
            .check(&act)
            .map_err(|e| ApiError::Illegal(e.to_string()))?;
        let rec = Record::Act {
            team,
            pos,
            act: format_act(&self.scn, &act),
        };
        self.save(&[rec])?;
        let t = &mut self.teams[team];
        t.game
            .apply(act)
            .map_err(|e| ApiError::Illegal(e.to_string()))?;
        t.entries.push(Entry::Act(act));
        Ok((t.entries.len(), state_digest(&t.game)))
    }

    /// The team has ended its week: it waits for the room's week to end.
    pub fn ready(&mut self, team: usize, pos: usize) -> Result<(), ApiError> {
        if self.status == Status::Locked {
            return Err(ApiError::State("the room is locked".into()));
        }
        let t = &self.teams[team];
        if pos != t.entries.len() {
            return Err(ApiError::Position {
                expected: t.entries.len(),
            });
        }
        if t.ready || !self.weeks_running(t) {
            return Ok(());
        }
        let week = self.week;
        self.save(&[Record::Ready { team, week }])?;
        self.teams[team].ready = true;
        Ok(())
    }

    /// A team's view: where its log stands, the entries from `since`, and the room.
    pub fn team_state(&self, team: usize, since: usize) -> Value {
        let t = &self.teams[team];
        let since = since.min(t.entries.len());
        let end = (since + MAX_ENTRIES_PER_ANSWER).min(t.entries.len());
        let entries: Vec<Value> = t.entries[since..end]
            .iter()
            .map(|e| e.to_json(&self.scn))
            .collect();
        json!({
            "team": team,
            "name": t.name,
            "status": self.status.wire(),
            "room_week": self.week,
            "seconds_left": self.seconds_left(),
            "ready": t.ready,
            "pos": t.entries.len(),
            "digest": state_digest(&t.game),
            "since": since,
            "entries": entries,
            "over": t.game.is_over(),
            "scenario": self.scn.id(),
            "scenario_hash": self.scn.hash,
            "seed": self.seed,
        })
    }

    pub fn seconds_left(&self) -> f64 {
        match (self.status, self.deadline) {
            (Status::Running, Some(d)) => d.saturating_duration_since(Instant::now()).as_secs_f64(),
            _ => self.remaining.as_secs_f64(),
        }
    }

    fn next_week(&mut self) {
        self.week += 1;
        for t in &mut self.teams {
            t.ready = false;
        }
    }

    /// End the room's week now: every team still in it ends it.
    fn end_week(&mut self) -> Result<(), ApiError> {
        let mut recs = Vec::new();
        for (i, t) in self.teams.iter().enumerate() {
            if self.weeks_running(t) {
                recs.push(Record::Act {
                    team: i,
                    pos: t.entries.len(),
                    act: format_act(&self.scn, &Act::EndWeek),
                });
            }
        }
        recs.push(Record::Week { week: self.week });
        self.save(&recs)?;
        let week = self.week;
        for t in &mut self.teams {
            if t.game.phase() == Phase::Playing && t.game.week() == week {
                // Legal whenever the weeks run (checked by `weeks_running`).
                if t.game.apply(Act::EndWeek).is_ok() {
                    t.entries.push(Entry::Act(Act::EndWeek));
                }
            }
        }
        self.next_week();
        self.deadline = Some(Instant::now() + self.week_len);
        self.remaining = self.week_len;
        Ok(())
    }

    /// Whether any team's weeks still run.
    pub fn weeks_left(&self) -> bool {
        self.teams.iter().any(|t| self.weeks_running(t))
    }

    /// The clock: end the week when its time is up, or when every team still in it is ready.
    pub fn tick(&mut self) -> Result<(), ApiError> {
        if self.status != Status::Running || !self.weeks_left() {
            return Ok(());
        }
        let due = self.deadline.is_some_and(|d| Instant::now() >= d);
        let all_ready = self
            .teams
            .iter()
            .filter(|t| self.weeks_running(t))
            .all(|t| t.ready);
        if due || all_ready {
            self.end_week()?;
        }
        Ok(())
    }

    fn apply_inject(&mut self, i: usize, week: u32) {
        self.fired.push((week, i));
        for t in &mut self.teams {
            if t.game.week() == week && t.game.fire_inject(i).is_ok() {
                t.entries.push(Entry::Inject(i));
            }
        }
    }

    // ---- the facilitator's controls ------------------------------------------------

    pub fn start(&mut self) -> Result<(), ApiError> {
        if self.status != Status::Lobby {
            return Err(ApiError::Refused(Refusal::AlreadyStarted));
        }
        if self.teams.is_empty() {
            return Err(ApiError::Refused(Refusal::NoTeams));
        }
        self.save(&[Record::Start])?;
        self.status = Status::Running;
        self.deadline = Some(Instant::now() + self.week_len);
        Ok(())
    }

    pub fn pause(&mut self) -> Result<(), ApiError> {
        if self.status != Status::Running {
            return Err(ApiError::Refused(Refusal::NotRunning));
        }
        self.remaining = self
            .deadline
            .map(|d| d.saturating_duration_since(Instant::now()))
            .unwrap_or(self.week_len);
        self.deadline = None;
        self.status = Status::Paused;
        Ok(())
    }

    pub fn resume(&mut self) -> Result<(), ApiError> {
        if self.status != Status::Paused {
            return Err(ApiError::Refused(Refusal::NotPaused));
        }
        self.status = Status::Running;
        self.deadline = Some(Instant::now() + self.remaining);
        Ok(())
    }

    pub fn extend(&mut self, seconds: u64) -> Result<(), ApiError> {
        let add = Duration::from_secs(seconds.min(3600));
        match self.status {
            Status::Running => self.deadline = self.deadline.map(|d| d + add),
            Status::Paused | Status::Lobby => self.remaining += add,
            Status::Locked => return Err(ApiError::Refused(Refusal::Locked)),
        }
        Ok(())
    }

    /// Fire an inject: it lands at the end of this room week for every team still in it.
    pub fn inject(&mut self, id: &str) -> Result<usize, ApiError> {
        if matches!(self.status, Status::Locked | Status::Lobby) {
            return Err(ApiError::Refused(Refusal::NotPlaying));
        }
        let i = self
            .scn
            .inject_ix(id)
            .ok_or_else(|| ApiError::Bad(format!("the scenario has no inject `{id}`")))?;
        if self.fired.iter().any(|&(_, j)| j == i) {
            return Err(ApiError::Refused(Refusal::AlreadyFired(id.to_string())));
        }
        let week = self.week;
        self.save(&[Record::Inject {
            inject: id.to_string(),
            week,
        }])?;
        self.apply_inject(i, week);
        Ok(self
            .teams
            .iter()
            .filter(|t| t.entries.last() == Some(&Entry::Inject(i)))
            .count())
    }

    /// End the room's week now, as if its time were up: every team still in it ends it and
    /// the next week starts with its full time (paused, when the room is paused).
    pub fn end_week_now(&mut self) -> Result<(), ApiError> {
        if !matches!(self.status, Status::Running | Status::Paused) {
            return Err(ApiError::Refused(Refusal::NotPlaying));
        }
        if !self.weeks_left() {
            return Err(ApiError::Refused(Refusal::NoWeeksLeft));
        }
        self.end_week()?;
        if self.status == Status::Paused {
            self.deadline = None;
        }
        Ok(())
    }

    /// The scenario's injects not fired yet, in the scenario's order, with their texts.
    pub fn unfired_injects(&self) -> Vec<Value> {
        self.scn
            .injects
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.fired.iter().any(|&(_, j)| j == *i))
            .map(|(_, x)| json!({"inject": x.id, "text": {"zh": x.text.zh, "en": x.text.en}}))
            .collect()
    }

    /// The length of a room week, in seconds.
    pub fn week_seconds(&self) -> u64 {
        self.week_len.as_secs()
    }

    pub fn lock(&mut self) -> Result<(), ApiError> {
        if self.status == Status::Locked {
            return Ok(());
        }
        self.save(&[Record::Lock])?;
        self.status = Status::Locked;
        self.deadline = None;
        Ok(())
    }

    pub fn reveal(&mut self) -> Result<(), ApiError> {
        if self.status != Status::Locked {
            return Err(ApiError::Refused(Refusal::LockBeforeReveal));
        }
        if !self.revealed {
            self.save(&[Record::Reveal])?;
            self.revealed = true;
        }
        Ok(())
    }

    /// The facilitator's view: teams with their rejoin codes, the injects not fired yet
    /// (with their texts: the teams must not read them before they land), the week's length
    /// and whether any team's weeks still run (else no week can be ended).
    pub fn console(&self) -> Value {
        let mut v = self.progress();
        v["unfired_injects"] = self.unfired_injects().into();
        v["week_seconds"] = self.week_seconds().into();
        v["weeks_left"] = self.weeks_left().into();
        v["teams"] = self
            .teams
            .iter()
            .enumerate()
            .map(|(i, t)| {
                json!({"team": i, "name": t.name, "rejoin_code": t.code,
                       "week": t.game.week(), "pos": t.entries.len(), "ready": t.ready,
                       "over": t.game.is_over(),
                       "stage": t.game.stage().key().trim_start_matches("stage."),
                       "actions": t.game.actions().len()})
            })
            .collect();
        v
    }

    /// Live progress, for everyone (no scores, no hidden truth).
    pub fn progress(&self) -> Value {
        let teams: Vec<Value> = self
            .teams
            .iter()
            .enumerate()
            .map(|(i, t)| {
                json!({"team": i, "name": t.name, "week": t.game.week(),
                       "stage": t.game.stage().key().trim_start_matches("stage."), "actions": t.game.actions().len(),
                       "ready": t.ready, "over": t.game.is_over()})
            })
            .collect();
        let injects: Vec<Value> = self
            .fired
            .iter()
            .map(|&(w, i)| {
                let x = &self.scn.injects[i];
                json!({"week": w, "inject": x.id, "text": {"zh": x.text.zh, "en": x.text.en}})
            })
            .collect();
        json!({
            "scenario": self.scn.id(),
            "version": self.scn.file.version,
            "seed": self.seed,
            "status": self.status.wire(),
            "room_week": self.week,
            "seconds_left": self.seconds_left(),
            "revealed": self.revealed,
            "teams": teams,
            "injects": injects,
            "available_injects": self.scn.injects.iter().map(|x| x.id.clone()).collect::<Vec<_>>(),
        })
    }

    /// Results, after the reveal. A game still running at the lock is "unfinished".
    pub fn results(&self) -> Result<Value, ApiError> {
        if !self.revealed {
            return Err(ApiError::Forbidden(
                "results are shown after the facilitator reveals them".into(),
            ));
        }
        let teams: Vec<Value> = self
            .teams
            .iter()
            .enumerate()
            .map(|(i, t)| match t.game.outcome() {
                Some(o) => {
                    let s = t.game.scorecard();
                    json!({"team": i, "name": t.name,
                           "result": o.key().trim_start_matches("outcome."),
                           "score": s.total, "grade": s.grade.to_string()})
                }
                None => json!({"team": i, "name": t.name, "result": "unfinished"}),
            })
            .collect();
        Ok(json!({"scenario": self.scn.id(), "version": self.scn.file.version, "teams": teams}))
    }

    /// After the lock: each finished game's replay, verified, written to `export/`;
    /// unfinished games to `export/unfinished/` (they cannot verify: the game has no end).
    pub fn export(&self) -> Result<Value, ApiError> {
        if self.status != Status::Locked {
            return Err(ApiError::Refused(Refusal::LockBeforeExport));
        }
        let dir = self.data.join("export");
        let mut files = Vec::new();
        for (i, t) in self.teams.iter().enumerate() {
            let r = Replay::record(&t.game, &t.name, None);
            let json = r.to_json();
            let safe: String = t
                .name
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || c == '-' || c == '_' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let (path, verified) = if t.game.is_over() {
                let ok = Replay::from_json(json.as_bytes())
                    .and_then(|r| r.verify(self.scn.clone()).map(|_| ()));
                if let Err(e) = ok {
                    return Err(ApiError::Storage(format!(
                        "team {}'s replay does not verify: {e}",
                        t.name
                    )));
                }
                (dir.join(format!("{:02}-{safe}.json", i + 1)), true)
            } else {
                (
                    dir.join("unfinished")
                        .join(format!("{:02}-{safe}.json", i + 1)),
                    false,
                )
            };
            crate::paths::write_atomic(&path, json.as_bytes())
                .map_err(|e| ApiError::Storage(format!("{}: {e}", path.display())))?;
            files
                .push(json!({"team": i, "file": path.display().to_string(), "verified": verified}));
        }
        let pages = self.export_pages(&dir)?;
        let statements = self.export_statements(&dir)?;
        Ok(json!({
            "dir": dir.display().to_string(),
            "files": files,
            "pages": pages,
            "statements": statements,
        }))
    }

    /// The finished games, each with its (verified) replay.
    fn finished(&self) -> Vec<(Replay, &crate::sim::Game)> {
        self.teams
            .iter()
            .filter(|t| t.game.is_over())
            .map(|t| (Replay::record(&t.game, &t.name, None), &t.game))
            .collect()
    }

    /// The printable pages of the finished games (`sandtable report`'s), in both languages:
    /// one per team and the comparison page, in `export/pages/{zh,en}/`.
    fn export_pages(&self, dir: &Path) -> Result<Vec<String>, ApiError> {
        use crate::report::{self, Team, Templates};
        let games = self.finished();
        let teams: Vec<Team> = games
            .iter()
            .map(|(r, g)| Team {
                replay: r,
                game: g,
                file: String::new(),
            })
            .collect();
        let templates = Templates::default();
        let mut written = Vec::new();
        for lang in [crate::i18n::Lang::Zh, crate::i18n::Lang::En] {
            let out = dir.join("pages").join(lang.code());
            let storage = |e: String| ApiError::Storage(e);
            let mut write = |name: String, html: String| -> Result<(), ApiError> {
                let path = out.join(name);
                crate::paths::write_atomic(&path, html.as_bytes())
                    .map_err(|e| storage(format!("{}: {e}", path.display())))?;
                written.push(path.display().to_string());
                Ok(())
            };
            for t in &teams {
                let html =
                    report::team_page(&templates, t, lang).map_err(|e| storage(e.to_string()))?;
                write(report::page_name(t.replay), html)?;
            }
            let html = report::compare_page(&templates, &teams, lang)
                .map_err(|e| storage(e.to_string()))?;
            write("workshop.html".into(), html)?;
        }
        Ok(written)
    }

    /// xAPI statements for the learners the room's roster names (`DATA/roster.json`, when
    /// the facilitator put one there), written to `export/xapi/statements.json`; `sandtable xapi
    /// push` sends them to the company's learning record store.
    fn export_statements(&self, dir: &Path) -> Result<Option<String>, ApiError> {
        let roster = self.data.join("roster.json");
        if !roster.exists() {
            return Ok(None);
        }
        let roster = crate::xapi::Roster::read(&roster)
            .map_err(|e| ApiError::State(format!("roster.json: {e}")))?;
        let games = self.finished();
        let pairs: Vec<(&Replay, &crate::sim::Game)> = games.iter().map(|(r, g)| (r, *g)).collect();
        let statements = crate::xapi::statements(&pairs, &roster, crate::i18n::Lang::Zh)
            .map_err(|e| ApiError::State(format!("roster.json: {e}")))?;
        let path = dir.join("xapi").join("statements.json");
        let json = serde_json::to_string_pretty(&statements).unwrap_or_default();
        crate::paths::write_atomic(&path, json.as_bytes())
            .map_err(|e| ApiError::Storage(format!("{}: {e}", path.display())))?;
        Ok(Some(path.display().to_string()))
    }
}
