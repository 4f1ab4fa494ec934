//! Choose a scenario and a seed: the installed scenarios (broken files listed with their
//! error), the chosen one's goals, the seed (random by default, typed by a facilitator).

use bevy::input::ButtonState;
use bevy::input::keyboard::KeyboardInput;
use bevy::input_focus::{AutoFocus, InputFocus};
use bevy::prelude::*;

use super::Screen;
use crate::game::session::{Catalog, Session};
use crate::game::settings::Settings;
use crate::game::theme::prelude::*;
use crate::i18n::Lang;
use crate::sim::describe::word;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<SelectState>();
    app.add_systems(OnEnter(Screen::Select), reset_choice);
    app.add_systems(
        Update,
        (type_seed, choose_focused, refresh_select_screen)
            .chain()
            .run_if(in_state(Screen::Select))
            .before(crate::game::theme::ThemeSystems),
    );
}

/// What the select screen shows: the chosen entry, the seed being typed, and the error of
/// a save that could not be continued.
#[derive(Resource, Debug, Clone)]
pub struct SelectState {
    pub chosen: usize,
    pub seed: String,
    /// The seed was typed by the player (not suggested): further digits extend it, where
    /// the first digit typed replaces a suggested seed.
    pub typed: bool,
    pub resume_error: Option<String>,
}

impl Default for SelectState {
    fn default() -> Self {
        SelectState {
            chosen: 0,
            seed: fresh_seed().to_string(),
            typed: false,
            resume_error: None,
        }
    }
}

/// A seed from the clock (the game's only use of the clock: the engine never reads it).
pub fn fresh_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() % 100_000)
        .unwrap_or(2024)
}

#[derive(Component)]
struct SelectRoot;

fn reset_choice(catalog: Res<Catalog>, mut state: ResMut<SelectState>) {
    if state.chosen >= catalog.0.len() {
        state.chosen = 0;
    }
}

/// Digits typed anywhere on this screen edit the seed; Backspace deletes. The suggested
/// seed is replaced by the first digit typed (or cleared by Backspace), so a facilitator's
/// "type 42" gives seed 42.
fn type_seed(mut keys: MessageReader<KeyboardInput>, mut state: ResMut<SelectState>) {
    for k in keys.read() {
        if k.state != ButtonState::Pressed {
            continue;
        }
        let digit = match k.key_code {
            KeyCode::Digit0 | KeyCode::Numpad0 => Some('0'),
            KeyCode::Digit1 | KeyCode::Numpad1 => Some('1'),
            KeyCode::Digit2 | KeyCode::Numpad2 => Some('2'),
            KeyCode::Digit3 | KeyCode::Numpad3 => Some('3'),
            KeyCode::Digit4 | KeyCode::Numpad4 => Some('4'),
            KeyCode::Digit5 | KeyCode::Numpad5 => Some('5'),
            KeyCode::Digit6 | KeyCode::Numpad6 => Some('6'),
            KeyCode::Digit7 | KeyCode::Numpad7 => Some('7'),
            KeyCode::Digit8 | KeyCode::Numpad8 => Some('8'),
            KeyCode::Digit9 | KeyCode::Numpad9 => Some('9'),
            _ => None,
        };
        let backspace = k.key_code == KeyCode::Backspace;
        if (digit.is_some() || backspace) && !state.typed {
            state.seed.clear();
            state.typed = true;
        }
        if let Some(d) = digit
            && state.seed.len() < 18
        {
            state.seed.push(d);
        } else if backspace {
            state.seed.pop();
        }
    }
}

/// The details follow the keyboard focus through the list (↑↓ preview each scenario);
/// Enter or a click on one confirms it and moves the focus to Start.
fn choose_focused(focus: Res<InputFocus>, keys: Query<&FocusKey>, mut st: ResMut<SelectState>) {
    if !focus.is_changed() {
        return;
    }
    let focused = focus::focused_key(&focus, &keys)
        .and_then(|k| k.strip_prefix("scn").and_then(|i| i.parse::<usize>().ok()));
    if let Some(i) = focused
        && st.chosen != i
    {
        st.chosen = i;
    }
}

#[allow(clippy::too_many_arguments)]
fn refresh_select_screen(
    mut commands: Commands,
    catalog: Res<Catalog>,
    state: Res<SelectState>,
    settings: Res<Settings>,
    roots: Query<Entity, With<SelectRoot>>,
    focus: Res<InputFocus>,
    keys: Query<&FocusKey>,
    mut pending: ResMut<PendingFocus>,
) {
    let had = !roots.is_empty();
    if had && !state.is_changed() && !settings.is_changed() {
        return;
    }
    pending.0 = focus::focused_key(&focus, &keys);
    for e in &roots {
        commands.entity(e).despawn();
    }
    spawn_select(&mut commands, &catalog, &state, settings.lang, !had);
}

fn spawn_select(
    commands: &mut Commands,
    catalog: &Catalog,
    state: &SelectState,
    lang: Lang,
    first: bool,
) {
    let mut root = commands.spawn((
        widgets::screen_root_padded("Select Screen", 20.0, 10.0),
        SelectRoot,
        DespawnOnExit(Screen::Select),
    ));
    root.with_children(|root| {
        root.spawn(widgets::header("sel.title"));
        if let Some(err) = &state.resume_error {
            root.spawn(widgets::small(
                Caption::Fmt("sel.resume_failed", vec![("error", err.clone())]),
                Role::Bad,
            ));
        }
        root.spawn(Node {
            flex_direction: FlexDirection::Row,
            column_gap: px(16),
            flex_grow: 1.0,
            min_height: px(0),
            ..default()
        })
        .with_children(|body| {
            // The list of scenarios.
            body.spawn(widgets::boxed(px(420), percent(100)))
                .with_children(|list| {
                    list.spawn(widgets::heading("sel.scenarios"));
                    list.spawn(widgets::scroll_column(6.0))
                        .with_children(|col| {
                            for (i, entry) in catalog.0.iter().enumerate() {
                                let caption = match &entry.scenario {
                                    Ok(s) => format!(
                                        "{}\n{} · {}",
                                        s.file.title.get(lang),
                                        word(lang, "sel.difficulty", s.file.difficulty),
                                        crate::i18n::trf(
                                            lang,
                                            "sel.minutes",
                                            &[("n", &s.file.expected_minutes.to_string())]
                                        )
                                    ),
                                    Err(_) => format!(
                                        "× {}\n{}",
                                        entry.name(),
                                        crate::i18n::tr(lang, "sel.broken")
                                    ),
                                };
                                let mut b = col.spawn((
                                widgets::compact_button(
                                    Caption::Text(caption),
                                    percent(100),
                                    move |_: On<Activate>,
                                          mut st: ResMut<SelectState>,
                                          mut focus: ResMut<InputFocus>,
                                          controls: Query<(Entity, &FocusKey)>| {
                                        st.chosen = i;
                                        focus::focus_control(&mut focus, &controls, "start");
                                    },
                                ),
                                FocusKey(format!("scn{i}")),
                            ));
                                if i == state.chosen {
                                    b.insert(Selected);
                                    if first {
                                        b.insert(AutoFocus);
                                    }
                                }
                            }
                            if catalog.0.is_empty() {
                                col.spawn(widgets::small("sel.none", Role::Warn));
                            }
                        });
                });
            // The chosen scenario.
            body.spawn(widgets::grow_box())
                .with_children(|d| spawn_detail(d, catalog, state, lang));
        });
        root.spawn(widgets::small("sel.keys", Role::Muted));
    });
}

fn spawn_detail(d: &mut ChildSpawnerCommands, catalog: &Catalog, state: &SelectState, lang: Lang) {
    let Some(entry) = catalog.0.get(state.chosen) else {
        d.spawn(widgets::body("sel.none", Role::Warn));
        d.spawn(widgets::menu_button("sel.back", back));
        return;
    };
    match &entry.scenario {
        Err(error) => {
            d.spawn(widgets::heading(Caption::Text(entry.name())));
            d.spawn(widgets::body("sel.broken_detail", Role::Bad));
            d.spawn(widgets::small(Caption::Text(error.clone()), Role::Text));
        }
        Ok(s) => {
            let f = &s.file;
            d.spawn(widgets::heading(Caption::Text(
                f.title.get(lang).to_string(),
            )));
            d.spawn(widgets::small(
                Caption::Text(format!(
                    "{} · {}",
                    word(lang, "sel.difficulty", f.difficulty),
                    crate::i18n::trf(
                        lang,
                        "sel.minutes",
                        &[("n", &f.expected_minutes.to_string())]
                    )
                )),
                Role::Muted,
            ));
            d.spawn(widgets::small(
                Caption::Text(f.summary.get(lang).to_string()),
                Role::Text,
            ));
            d.spawn(widgets::heading("sel.goals"));
            for g in &f.learning_goals {
                d.spawn(widgets::small(
                    Caption::Text(format!("• {}", g.get(lang))),
                    Role::Text,
                ));
            }
            d.spawn(Node {
                flex_grow: 1.0,
                ..default()
            });
            d.spawn(widgets::heading("sel.seed"));
            d.spawn(widgets::hrow(12.0)).with_children(|r| {
                let shown = if state.seed.is_empty() {
                    "—".to_string()
                } else {
                    state.seed.clone()
                };
                r.spawn((
                    Name::new("Seed"),
                    widgets::body(Caption::Text(format!("{shown}▏")), Role::Accent),
                    Node {
                        min_width: px(140),
                        ..default()
                    },
                ));
                r.spawn((
                    widgets::compact_button("sel.new_seed", Val::Auto, new_seed),
                    FocusKey("new_seed".into()),
                ));
                r.spawn(widgets::small("sel.seed_hint", Role::Muted));
            });
        }
    }
    d.spawn(widgets::hrow(12.0)).with_children(|r| {
        let mut start = r.spawn((
            widgets::primary_menu_button("sel.start", start_game),
            FocusKey("start".into()),
        ));
        if entry.scenario.is_err() || state.seed.parse::<u64>().is_err() {
            start.insert(disabled());
        }
        r.spawn((
            widgets::menu_button("sel.back", back),
            FocusKey("back".into()),
        ));
    });
}

fn new_seed(_: On<Activate>, mut st: ResMut<SelectState>) {
    let s = fresh_seed();
    // Never the same seed twice in a row, even within one second.
    let cur = st.seed.parse::<u64>().unwrap_or(0);
    st.seed = if s == cur { s + 1 } else { s }.to_string();
    st.typed = false;
}

fn back(_: On<Activate>, mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Title);
}

fn start_game(
    _: On<Activate>,
    mut commands: Commands,
    catalog: Res<Catalog>,
    mut st: ResMut<SelectState>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(Ok(scn)) = catalog.0.get(st.chosen).map(|e| e.scenario.clone()) else {
        return;
    };
    let Ok(seed) = st.seed.parse::<u64>() else {
        return;
    };
    st.resume_error = None;
    commands.insert_resource(Session::new(scn, seed));
    next.set(Screen::Briefing);
}
