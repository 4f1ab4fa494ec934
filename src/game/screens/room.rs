//! The workshop room in the window: the Join screen (the room's address and a team name,
//! typed, then joined on a background thread), and the exchange of a linked game with its
//! room, about once a second, off the main thread (`room::link` does the work).
//!
//! The game never waits on the network: the player's actions go through `Session::act`,
//! which plays them here at once and queues them for the room. `poll_room` runs the next
//! exchange on a thread of its own, absorbs the room's answer when it is in, and takes the
//! game the link shows (the room's record and the queued actions on top); the screens
//! follow the game as they do after the player's own actions.

use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::input_focus::{AutoFocus, InputFocus};
use bevy::prelude::*;
use bevy::window::{Ime, PrimaryWindow, RequestRedraw};
use std::thread::JoinHandle;
use std::time::Instant;

use super::Screen;
use super::view::{self, Slots, View};
use crate::game::paths::GamePaths;
use crate::game::session::{self, Catalog, Linked, Session};
use crate::game::settings::Settings;
use crate::game::theme::prelude::*;
use crate::i18n::{Lang, tr};
use crate::room::link::{JoinError, JoinRequest, POLL_EVERY, RoomLink};
use crate::room::state_digest;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<JoinState>();
    // A window registers these; the headless tests have none.
    app.add_message::<Ime>();
    app.add_message::<RequestRedraw>();
    app.add_systems(OnEnter(Screen::Join), (enable_ime::<true>, join_at_once));
    app.add_systems(OnExit(Screen::Join), enable_ime::<false>);
    app.add_systems(
        Update,
        (type_into_fields, finish_join)
            .chain()
            .run_if(in_state(Screen::Join))
            .before(view::ViewSystems),
    );
    app.add_systems(Update, poll_room.before(view::ViewSystems));
    view::add_view(app, join_view);
}

/// Longest address typed (a URL with a port fits many times over).
const MAX_ADDRESS_CHARS: usize = 80;

/// What the Join screen holds: the two fields, whether a join is under way, and why the
/// last one failed.
#[derive(Resource, Debug, Default)]
pub struct JoinState {
    pub address: String,
    pub team: String,
    pub error: Option<JoinError>,
    /// Join as soon as the screen opens (`sandtable --join URL --team NAME`).
    pub join_now: bool,
    connecting: Option<Connecting>,
}

impl JoinState {
    /// The state for `sandtable --join URL --team NAME`: the fields filled, joining at once.
    pub fn from_request(req: &JoinRequest) -> JoinState {
        JoinState {
            address: req.url.clone(),
            team: req.team.clone(),
            join_now: true,
            ..default()
        }
    }

    /// A join is under way.
    pub fn is_connecting(&self) -> bool {
        self.connecting.is_some()
    }
}

#[derive(Debug)]
struct Connecting {
    url: String,
    thread: JoinHandle<Result<RoomLink, JoinError>>,
}

/// Which field takes the keys typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Address,
    Team,
}

impl Field {
    fn key(self) -> &'static str {
        match self {
            Field::Address => "address",
            Field::Team => "team",
        }
    }
    fn of(key: &str) -> Option<Field> {
        match key {
            "address" => Some(Field::Address),
            "team" => Some(Field::Team),
            _ => None,
        }
    }
}

/// The text field that has the keyboard focus, if one has.
fn focused_field(focus: &InputFocus, keys: &Query<&FocusKey>) -> Option<Field> {
    focus::focused_key(focus, keys).and_then(|k| Field::of(&k))
}

/// Let the system's input method (Chinese pinyin) write into the window while the Join
/// screen is open.
fn enable_ime<const ON: bool>(mut windows: Query<&mut Window, With<PrimaryWindow>>) {
    for mut w in &mut windows {
        if w.ime_enabled != ON {
            w.ime_enabled = ON;
        }
    }
}

/// `--join`: the fields are filled; join as the screen opens.
fn join_at_once(
    mut state: ResMut<JoinState>,
    catalog: Res<Catalog>,
    session: Option<Res<Session>>,
) {
    if state.join_now {
        state.join_now = false;
        // A game already in a room is not joined twice.
        if session.is_some_and(|s| s.link.is_some()) {
            return;
        }
        start_join(&mut state, &catalog);
    }
}

/// Check the fields and join on a background thread (the window keeps drawing).
fn start_join(state: &mut JoinState, catalog: &Catalog) {
    if state.connecting.is_some() {
        return;
    }
    let req = match JoinRequest::new(&state.address, &state.team) {
        Ok(r) => r,
        Err(e) => {
            state.error = Some(e);
            return;
        }
    };
    state.error = None;
    let lookup = session::room_lookup(catalog);
    let (url, team) = (req.url.clone(), req.team.clone());
    let spawned = std::thread::Builder::new()
        .name("sandtable-join".into())
        .spawn(move || RoomLink::join(&url, &team, lookup));
    match spawned {
        Ok(thread) => {
            state.connecting = Some(Connecting {
                url: req.url,
                thread,
            })
        }
        Err(e) => {
            state.error = Some(JoinError::Unreachable {
                url: req.url.clone(),
                port: port_of(&req.url),
                error: e.to_string(),
            })
        }
    }
}

fn port_of(url: &str) -> u16 {
    url.rsplit_once(':')
        .and_then(|(_, p)| p.parse().ok())
        .unwrap_or(crate::room::DEFAULT_PORT)
}

/// Typing into the focused field: the text of each key (letters, digits, punctuation,
/// space), the input method's committed text (Chinese), Backspace; Enter goes from the
/// address to the team name, and joins from the team name.
fn type_into_fields(
    mut keys: MessageReader<KeyboardInput>,
    mut ime: MessageReader<Ime>,
    focus: Res<InputFocus>,
    controls: Query<&FocusKey>,
    mut pending: ResMut<PendingFocus>,
    mut state: ResMut<JoinState>,
    catalog: Res<Catalog>,
) {
    let field = focused_field(&focus, &controls);
    let mut typed = String::new();
    let mut enter = false;
    let mut erase = 0;
    for k in keys.read() {
        if k.state != ButtonState::Pressed {
            continue;
        }
        match (&k.logical_key, k.key_code) {
            (_, KeyCode::Enter | KeyCode::NumpadEnter) | (Key::Enter, _) => enter = true,
            (_, KeyCode::Backspace) | (Key::Backspace, _) => {
                if typed.pop().is_none() {
                    erase += 1;
                }
            }
            (_, KeyCode::Tab | KeyCode::Escape) => {}
            (logical, _) => {
                let text = k.text.as_deref().map(str::to_string).or(match logical {
                    Key::Character(c) => Some(c.to_string()),
                    Key::Space => Some(" ".into()),
                    _ => None,
                });
                if let Some(t) = text {
                    typed.extend(t.chars().filter(|c| !c.is_control()));
                }
            }
        }
    }
    for e in ime.read() {
        if let Ime::Commit { value, .. } = e {
            typed.extend(value.chars().filter(|c| !c.is_control()));
        }
    }
    let Some(field) = field else {
        return;
    };
    if (!typed.is_empty() || erase > 0) && state.connecting.is_none() {
        let (text, max) = match field {
            Field::Address => (&mut state.address, MAX_ADDRESS_CHARS),
            Field::Team => (&mut state.team, crate::room::link::MAX_TEAM_NAME),
        };
        for _ in 0..erase {
            text.pop();
        }
        for c in typed.chars() {
            if text.chars().count() < max {
                text.push(c);
            }
        }
    }
    if enter {
        match field {
            Field::Address => {
                if controls.iter().any(|k| k.0 == "team") {
                    pending.0 = Some("team".into());
                }
            }
            Field::Team => start_join(&mut state, &catalog),
        }
    }
}

/// A join that has finished: into the room's game, or the error on the screen.
fn finish_join(
    mut commands: Commands,
    mut state: ResMut<JoinState>,
    paths: Res<GamePaths>,
    mut next: ResMut<NextState<Screen>>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    if state.connecting.is_some() {
        // The window rests between inputs: keep it going until the answer is in.
        redraw.write(RequestRedraw);
    }
    if !state
        .connecting
        .as_ref()
        .is_some_and(|c| c.thread.is_finished())
    {
        return;
    }
    let Some(c) = state.connecting.take() else {
        return;
    };
    let result = c.thread.join().unwrap_or_else(|_| {
        Err(JoinError::Refused {
            reason: format!("joining {} stopped unexpectedly", c.url),
        })
    });
    match result {
        Err(e) => state.error = Some(e),
        Ok(link) => {
            state.error = None;
            let session = Session {
                game: link.game().clone(),
                selected: None,
                refusal: None,
                started_at: Some(crate::stamp::now()),
                link: Some(Linked::new(link)),
            };
            if let Err(e) = session::autosave(&paths, &session) {
                warn!("autosave failed: {e}");
            }
            next.set(super::board::redirect(&session.game).unwrap_or(Screen::Board));
            commands.insert_resource(session);
        }
    }
}

/// The exchange with the room of a linked game, on every screen: start one about every
/// [`POLL_EVERY`] (at once when the room has more), on a thread of its own; take its
/// answer when it is in; then show the room's game, keep what it said, autosave, and move
/// on when the room's clock ended the game's week into another screen.
fn poll_room(
    session: Option<ResMut<Session>>,
    paths: Res<GamePaths>,
    screen: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(mut session) = session else {
        return;
    };
    // Only a change the player can see marks the session changed.
    let s = session.bypass_change_detection();
    let Some(l) = s.link.as_mut() else {
        return;
    };
    let mut changed = false;
    if l.exchange.as_ref().is_some_and(|t| t.is_finished())
        && let Some(thread) = l.exchange.take()
    {
        match thread.join() {
            Ok(ex) => l.again = l.link.absorb(ex),
            Err(_) => warn!("the exchange with the room stopped unexpectedly"),
        }
        let notices = l.link.notices();
        changed = !notices.is_empty()
            || l.link.game().log().len() != s.game.log().len()
            || state_digest(l.link.game()) != state_digest(&s.game);
        l.hear(notices);
        if changed {
            s.game = l.link.game().clone();
        }
    }
    if l.exchange.is_none() && (l.again || l.last_poll.is_none_or(|t| t.elapsed() >= POLL_EVERY)) {
        let out = l.link.outbox();
        match std::thread::Builder::new()
            .name("sandtable-room".into())
            .spawn(move || out.exchange())
        {
            Ok(t) => l.exchange = Some(t),
            Err(e) => warn!("cannot start the exchange with the room: {e}"),
        }
        l.last_poll = Some(Instant::now());
        l.again = false;
    }
    if !changed {
        return;
    }
    session.set_changed();
    if let Err(e) = session::autosave(&paths, &session) {
        warn!("autosave failed: {e}");
    }
    // The room's clock moved the game on: where it belongs now (the tender screen follows
    // the game by itself).
    if matches!(
        screen.get(),
        Screen::Board | Screen::Stakeholder | Screen::Meeting
    ) {
        let g = &session.game;
        if let Some(to) = super::board::redirect(g).or_else(|| super::tender::after_tender(g)) {
            next.set(to);
        }
    }
}

// ---- the Join screen ------------------------------------------------------------------

/// The Join screen as the player sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct JoinView {
    fields: Fields,
    status: Status,
    actions: Actions,
}

#[derive(Debug, Clone, PartialEq)]
struct Fields {
    /// (shown text, whether it is the placeholder) of the address and the team name.
    address: (String, bool),
    team: (String, bool),
}

#[derive(Debug, Clone, PartialEq)]
struct Status {
    /// "Connecting to …", or why the join failed.
    line: Option<(String, Role)>,
}

#[derive(Debug, Clone, PartialEq)]
struct Actions {
    connecting: bool,
}

impl View for JoinView {
    const SCREEN: Screen = Screen::Join;
    crate::view_sections!(
        fields => build_fields,
        status => build_status,
        actions => build_actions,
    );

    fn frame(&self, commands: &mut Commands, slots: &mut Slots) -> Entity {
        commands
            .spawn(widgets::ui_root("Join Screen"))
            .with_children(|root| {
                root.spawn(widgets::panel(760.0)).with_children(|panel| {
                    panel.spawn(widgets::header("join.title"));
                    panel.spawn(widgets::rule(64.0));
                    panel.spawn(widgets::small("join.intro", Role::Muted));
                    slots.spawn(panel, "fields", widgets::vstack(size::GAP));
                    slots.spawn(panel, "status", widgets::vstack(0.0));
                    slots.spawn(panel, "actions", widgets::hrow(size::GAP));
                });
                root.spawn(widgets::hint("join.keys"));
            })
            .id()
    }
}

fn join_view(
    state: Res<JoinState>,
    settings: Res<Settings>,
    focus: Res<InputFocus>,
    keys: Query<&FocusKey>,
) -> Option<JoinView> {
    Some(view_of(&state, focused_field(&focus, &keys), settings.lang))
}

fn view_of(state: &JoinState, focused: Option<Field>, lang: Lang) -> JoinView {
    let shown = |text: &str, field: Field, placeholder: &str| {
        let caret = if focused == Some(field) { "▏" } else { "" };
        if text.is_empty() && focused != Some(field) {
            (tr(lang, placeholder).to_string(), true)
        } else {
            (format!("{text}{caret}"), false)
        }
    };
    let line = match (&state.connecting, &state.error) {
        (Some(c), _) => Some((
            crate::i18n::trf(lang, "join.connecting", &[("url", &c.url)]),
            Role::Accent,
        )),
        (None, Some(e)) => Some((format!("× {}", e.text(lang)), Role::Bad)),
        (None, None) => None,
    };
    JoinView {
        fields: Fields {
            address: shown(&state.address, Field::Address, "join.address_example"),
            team: shown(&state.team, Field::Team, "join.team_example"),
        },
        status: Status { line },
        actions: Actions {
            connecting: state.connecting.is_some(),
        },
    }
}

fn build_fields(f: &Fields, c: &mut ChildSpawnerCommands, first: bool) {
    for (field, label, hint, (text, placeholder)) in [
        (
            Field::Address,
            "join.address",
            "join.address_hint",
            &f.address,
        ),
        (Field::Team, "join.team", "join.team_hint", &f.team),
    ] {
        c.spawn(widgets::vstack(4.0)).with_children(|col| {
            col.spawn(widgets::label(label));
            let mut e = col.spawn(widgets::text_field(
                Caption::Text(text.clone()),
                *placeholder,
                field.key(),
                620.0,
            ));
            if first && field == Field::Address {
                e.insert(AutoFocus);
            }
            col.spawn(widgets::small(hint, Role::Muted));
        });
    }
}

fn build_status(s: &Status, c: &mut ChildSpawnerCommands, _first: bool) {
    if let Some((line, role)) = &s.line {
        c.spawn(widgets::small(Caption::Text(line.clone()), *role));
    }
}

fn build_actions(a: &Actions, c: &mut ChildSpawnerCommands, _first: bool) {
    let mut join = c.spawn((
        widgets::primary_menu_button("join.join", join_pressed),
        FocusKey("join".into()),
    ));
    if a.connecting {
        join.insert(disabled());
    }
    c.spawn((
        widgets::menu_button(
            "join.back",
            |_: On<Activate>, mut next: ResMut<NextState<Screen>>| next.set(Screen::Title),
        ),
        FocusKey("back".into()),
    ));
}

fn join_pressed(_: On<Activate>, mut state: ResMut<JoinState>, catalog: Res<Catalog>) {
    start_join(&mut state, &catalog);
}
