//! Choose a scenario and a seed: the installed scenarios (broken files listed with their
//! error), the chosen one's goals, the seed (random by default, typed by a facilitator).

use bevy::input::ButtonState;
use bevy::input::keyboard::KeyboardInput;
use bevy::input_focus::{AutoFocus, InputFocus};
use bevy::prelude::*;

use super::Screen;
use super::view::{self, Slots, View};
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
        (type_seed, choose_focused)
            .chain()
            .run_if(in_state(Screen::Select))
            .before(view::ViewSystems),
    );
    view::add_view(app, select_view);
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

/// The select screen as the player sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectView {
    error: Option<String>,
    list: List,
    detail: Detail,
    seed: Seed,
}

#[derive(Debug, Clone, PartialEq)]
struct List {
    entries: Vec<String>,
    chosen: usize,
}

/// The chosen entry: a scenario, a file that failed validation, or none installed.
#[derive(Debug, Clone, PartialEq)]
enum Detail {
    None,
    Broken {
        name: String,
        error: String,
    },
    Scenario {
        title: String,
        facts: String,
        summary: String,
        goals: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
struct Seed {
    /// `None`: nothing to start (no scenario, or a broken one).
    shown: Option<String>,
    can_start: bool,
}

impl View for SelectView {
    const SCREEN: Screen = Screen::Select;
    crate::view_sections!(
        error => build_error,
        list => build_list,
        detail => build_detail,
        seed => build_seed,
    );

    fn frame(&self, commands: &mut Commands, slots: &mut Slots) -> Entity {
        commands
            .spawn(widgets::screen_root_padded("Select Screen", 20.0, 10.0))
            .with_children(|root| {
                root.spawn(widgets::header("sel.title"));
                slots.spawn(root, "error", widgets::vstack(0.0));
                root.spawn(widgets::columns(16.0)).with_children(|body| {
                    // The list of scenarios.
                    body.spawn(widgets::boxed(px(420), percent(100)))
                        .with_children(|list| {
                            list.spawn(widgets::heading("sel.scenarios"));
                            slots.spawn(list, "list", widgets::scroll_column(6.0));
                        });
                    // The chosen scenario.
                    body.spawn(widgets::grow_box()).with_children(|d| {
                        slots.spawn(
                            d,
                            "detail",
                            Node {
                                flex_direction: FlexDirection::Column,
                                row_gap: px(size::GAP_SMALL),
                                flex_grow: 1.0,
                                ..default()
                            },
                        );
                        slots.spawn(d, "seed", widgets::vstack(size::GAP_SMALL));
                    });
                });
                root.spawn(widgets::small("sel.keys", Role::Muted));
            })
            .id()
    }
}

fn select_view(
    catalog: Res<Catalog>,
    state: Res<SelectState>,
    settings: Res<Settings>,
) -> Option<SelectView> {
    Some(view_of(&catalog, &state, settings.lang))
}

fn view_of(catalog: &Catalog, state: &SelectState, lang: Lang) -> SelectView {
    let entries = catalog
        .0
        .iter()
        .map(|entry| match &entry.scenario {
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
        })
        .collect();
    let entry = catalog.0.get(state.chosen);
    let detail = match entry {
        None => Detail::None,
        Some(entry) => match &entry.scenario {
            Err(error) => Detail::Broken {
                name: entry.name(),
                error: error.clone(),
            },
            Ok(s) => {
                let f = &s.file;
                Detail::Scenario {
                    title: f.title.get(lang).to_string(),
                    facts: format!(
                        "{} · {}",
                        word(lang, "sel.difficulty", f.difficulty),
                        crate::i18n::trf(
                            lang,
                            "sel.minutes",
                            &[("n", &f.expected_minutes.to_string())]
                        )
                    ),
                    summary: f.summary.get(lang).to_string(),
                    goals: f
                        .learning_goals
                        .iter()
                        .map(|g| format!("• {}", g.get(lang)))
                        .collect(),
                }
            }
        },
    };
    let playable = entry.is_some_and(|e| e.scenario.is_ok());
    SelectView {
        error: state
            .resume_error
            .as_ref()
            .map(|e| crate::i18n::trf(lang, "sel.resume_failed", &[("error", e)])),
        list: List {
            entries,
            chosen: state.chosen,
        },
        detail,
        seed: Seed {
            shown: playable.then(|| {
                if state.seed.is_empty() {
                    "—".to_string()
                } else {
                    state.seed.clone()
                }
            }),
            can_start: playable && state.seed.parse::<u64>().is_ok(),
        },
    }
}

fn build_error(error: &Option<String>, c: &mut ChildSpawnerCommands, _first: bool) {
    if let Some(err) = error {
        c.spawn(widgets::small(Caption::Text(err.clone()), Role::Bad));
    }
}

fn build_list(list: &List, col: &mut ChildSpawnerCommands, first: bool) {
    for (i, caption) in list.entries.iter().enumerate() {
        let mut b = col.spawn((
            widgets::compact_button(
                Caption::Text(caption.clone()),
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
        if i == list.chosen {
            b.insert(Selected);
            if first {
                b.insert(AutoFocus);
            }
        }
    }
    if list.entries.is_empty() {
        col.spawn(widgets::small("sel.none", Role::Warn));
    }
}

fn build_detail(detail: &Detail, d: &mut ChildSpawnerCommands, _first: bool) {
    match detail {
        Detail::None => {
            d.spawn(widgets::body("sel.none", Role::Warn));
        }
        Detail::Broken { name, error } => {
            d.spawn(widgets::heading(Caption::Text(name.clone())));
            d.spawn(widgets::body("sel.broken_detail", Role::Bad));
            d.spawn(widgets::small(Caption::Text(error.clone()), Role::Text));
        }
        Detail::Scenario {
            title,
            facts,
            summary,
            goals,
        } => {
            d.spawn(widgets::heading(Caption::Text(title.clone())));
            d.spawn(widgets::small(Caption::Text(facts.clone()), Role::Muted));
            d.spawn(widgets::small(Caption::Text(summary.clone()), Role::Text));
            d.spawn(widgets::heading("sel.goals"));
            for g in goals {
                d.spawn(widgets::small(Caption::Text(g.clone()), Role::Text));
            }
        }
    }
}

fn build_seed(seed: &Seed, d: &mut ChildSpawnerCommands, _first: bool) {
    if let Some(shown) = &seed.shown {
        d.spawn(widgets::heading("sel.seed"));
        d.spawn(widgets::hrow(12.0)).with_children(|r| {
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
    d.spawn(widgets::hrow(12.0)).with_children(|r| {
        let mut start = r.spawn((
            widgets::primary_menu_button("sel.start", start_game),
            FocusKey("start".into()),
        ));
        if !seed.can_start {
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
