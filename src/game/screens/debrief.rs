//! The debrief, the screen trainers talk over: the outcome and scorecard (each component
//! with its weight, formula and evidence), the gates, a chart of the rank we truly held
//! against the rank the player believed, week by week, the truth beside the player's map
//! for every person, the sources that lied, the turning points, the expert's path on the
//! same seed and the whole timeline with hidden effects marked. Everything comes from
//! [`Debrief::build`]; the screen only lays it out. Export writes [`Debrief::to_text`].

use bevy::input_focus::{AutoFocus, InputFocus};
use bevy::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

use super::Screen;
use super::view::{self, Slots, View};
use crate::debrief::Debrief;
use crate::game::paths::GamePaths;
use crate::game::session::Session;
use crate::game::settings::Settings;
use crate::game::theme::prelude::*;
use crate::i18n::{Lang, tr, trf};
use crate::sim::{Support, describe};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<DebriefUi>();
    app.add_systems(OnEnter(Screen::Debrief), reset_view);
    app.add_systems(
        Update,
        (switch_tab_with_digits, prepare_debrief)
            .chain()
            .run_if(in_state(Screen::Debrief))
            .before(view::ViewSystems),
    );
    view::add_view(app, debrief_view);
}

/// The sections of the debrief, one tab each (keys 1–7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Overview,
    Truth,
    Ranks,
    People,
    Sources,
    Expert,
    Timeline,
}

impl Tab {
    pub const ALL: [Tab; 7] = [
        Tab::Overview,
        Tab::Truth,
        Tab::Ranks,
        Tab::People,
        Tab::Sources,
        Tab::Expert,
        Tab::Timeline,
    ];
    fn key(self) -> &'static str {
        match self {
            Tab::Overview => "dbf.tab.overview",
            Tab::Truth => "dbf.tab.truth",
            Tab::Ranks => "dbf.tab.ranks",
            Tab::People => "dbf.tab.people",
            Tab::Sources => "dbf.tab.sources",
            Tab::Expert => "dbf.tab.expert",
            Tab::Timeline => "dbf.tab.timeline",
        }
    }
    /// The tab with this name (`overview`, `ranks`, `people`, `sources`, `expert`, `timeline`).
    pub fn from_name(name: &str) -> Option<Tab> {
        Tab::ALL
            .into_iter()
            .find(|t| t.slug().trim_start_matches("tab_") == name)
    }
    fn slug(self) -> &'static str {
        match self {
            Tab::Overview => "tab_overview",
            Tab::Truth => "tab_truth",
            Tab::Ranks => "tab_ranks",
            Tab::People => "tab_people",
            Tab::Sources => "tab_sources",
            Tab::Expert => "tab_expert",
            Tab::Timeline => "tab_timeline",
        }
    }
}

/// The debrief being shown: built once per game and language (the expert replays the seed).
#[derive(Resource, Debug, Default)]
pub struct DebriefUi {
    pub debrief: Option<Arc<Debrief>>,
    pub tab: Tab,
    /// Where the export was written, or why it failed.
    pub exported: Option<Result<PathBuf, String>>,
}

/// Marks the text that shows the scorecard's total (tests read it).
#[derive(Component, Debug)]
pub struct TotalShown;

/// The tab the debrief opens on (screenshots of each section); taken on entry.
#[derive(Resource, Debug, Clone, Copy)]
pub struct OpenTab(pub Tab);

fn reset_view(mut commands: Commands, mut view: ResMut<DebriefUi>, open: Option<Res<OpenTab>>) {
    *view = DebriefUi {
        tab: open.map(|o| o.0).unwrap_or_default(),
        ..default()
    };
    commands.remove_resource::<OpenTab>();
}

/// Digits 1–7 open a section; the focus goes to its tab (as if reached with the arrows).
fn switch_tab_with_digits(
    keys: Option<Res<ButtonInput<KeyCode>>>,
    mut view: ResMut<DebriefUi>,
    mut focus: ResMut<InputFocus>,
    controls: Query<(Entity, &FocusKey)>,
) {
    let Some(keys) = keys else { return };
    let digits = [
        KeyCode::Digit1,
        KeyCode::Digit2,
        KeyCode::Digit3,
        KeyCode::Digit4,
        KeyCode::Digit5,
        KeyCode::Digit6,
        KeyCode::Digit7,
    ];
    for (i, k) in digits.iter().enumerate() {
        if keys.just_pressed(*k) && view.tab != Tab::ALL[i] {
            view.tab = Tab::ALL[i];
            focus::focus_control(&mut focus, &controls, view.tab.slug());
        }
    }
}

/// Where exported debriefs go: `debriefs/` in the user's data folder.
pub fn export_dir(paths: &GamePaths) -> PathBuf {
    paths
        .save_dir
        .as_ref()
        .and_then(|d| d.parent())
        .map(|d| d.to_path_buf())
        .unwrap_or_else(crate::paths::user_data_dir)
        .join("debriefs")
}

/// The debrief as the player sees it. The debrief itself is built once per game and
/// language ([`DebriefUi::debrief`]) and compared by identity.
#[derive(Debug, Clone, PartialEq)]
pub struct DebriefView {
    no_game: bool,
    head: Option<(Shared<Debrief>, String)>,
    /// The open tab and every tab's caption.
    tabs: (Tab, Vec<String>),
    body: Option<(Tab, Shared<Debrief>, String)>,
    footer: (String, Role),
}

/// A value shared with a resource, equal only to itself (its identity stands for its
/// content: it is built anew whenever that changes).
#[derive(Debug, Clone)]
pub struct Shared<T>(pub Arc<T>);

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl View for DebriefView {
    const SCREEN: Screen = Screen::Debrief;
    crate::view_sections!(
        head => build_head,
        tabs => build_tabs,
        body => build_body,
        footer => build_footer,
    );

    fn same_frame(&self, old: &Self) -> bool {
        self.no_game == old.no_game
    }

    fn frame(&self, commands: &mut Commands, slots: &mut Slots) -> Entity {
        let mut root = commands.spawn(widgets::screen_root("Debrief Screen"));
        root.with_children(|r| {
            if self.no_game {
                super::tender::no_game(r);
                return;
            }
            slots.spawn(r, "head", widgets::vstack(size::GAP_SMALL));
            slots.spawn(r, "tabs", widgets::hrow(6.0));
            slots.spawn(r, "body", widgets::tab_body());
            r.spawn(widgets::hrow(12.0)).with_children(|bar| {
                bar.spawn(widgets::button(
                    "dbf.to_title",
                    "title",
                    ButtonKind::Secondary,
                    super::tender::to_title,
                ));
                bar.spawn(widgets::button(
                    "dbf.export",
                    "export",
                    ButtonKind::Primary,
                    export,
                ));
                slots.spawn(bar, "footer", widgets::fill_row());
            });
        });
        root.id()
    }
}

/// The finished game's debrief, built when the game or the language changes; the replay
/// goes beside the autosave, for the workshop leaderboard.
fn prepare_debrief(
    session: Option<Res<Session>>,
    mut ui: ResMut<DebriefUi>,
    settings: Res<Settings>,
    paths: Res<GamePaths>,
) {
    let Some(s) = session else { return };
    let lang = settings.lang;
    let stale = match &ui.debrief {
        Some(d) => d.lang != lang || d.seed != s.game.seed(),
        None => true,
    };
    if !stale {
        return;
    }
    if s.game.is_over()
        && let Err(e) = crate::game::session::export_replay(&paths, &s, "")
    {
        warn!("replay not written: {e}");
    }
    ui.debrief = Some(Arc::new(Debrief::build(&s.game, lang, true)));
}

fn debrief_view(
    session: Option<Res<Session>>,
    ui: Res<DebriefUi>,
    settings: Res<Settings>,
) -> Option<DebriefView> {
    let lang = settings.lang;
    let footer = match &ui.exported {
        Some(Ok(p)) => (
            trf(lang, "dbf.exported", &[("path", &p.display().to_string())]),
            Role::Good,
        ),
        Some(Err(e)) => (trf(lang, "dbf.export_failed", &[("why", e)]), Role::Bad),
        None => (tr(lang, "dbf.keys").to_string(), Role::Muted),
    };
    let shown = match (&ui.debrief, session) {
        (Some(d), Some(s)) => Some((
            Shared(d.clone()),
            format!("{:.2}", s.game.scorecard().total),
        )),
        _ => None,
    };
    Some(DebriefView {
        no_game: shown.is_none(),
        head: shown.clone(),
        tabs: (
            ui.tab,
            Tab::ALL
                .iter()
                .enumerate()
                .map(|(i, tab)| format!("{} {}", i + 1, tr(lang, tab.key())))
                .collect(),
        ),
        body: shown.map(|(d, total)| (ui.tab, d, total)),
        footer,
    })
}

fn build_head(
    head: &Option<(Shared<Debrief>, String)>,
    r: &mut ChildSpawnerCommands,
    _first: bool,
) {
    let Some((d, total)) = head else { return };
    let (d, lang) = (&d.0, d.0.lang);
    // Headline: outcome and total.
    r.spawn(widgets::hrow(20.0)).with_children(|top| {
        top.spawn(widgets::header(lit(format!(
            "{} · {}",
            tr(lang, "debrief.title"),
            d.title
        ))));
        top.spawn(widgets::small(
            lit(format!(
                "{} {} · {} {}",
                tr(lang, "debrief.scenario"),
                d.scenario,
                tr(lang, "debrief.seed"),
                d.seed
            )),
            Role::Muted,
        ));
    });
    r.spawn(widgets::hrow(24.0)).with_children(|line| {
        let won = d.outcome.is_win();
        line.spawn(widgets::body(
            lit(format!(
                "{} {}",
                if won { "✓" } else { "×" },
                d.outcome_text
            )),
            if won { Role::Good } else { Role::Bad },
        ));
        line.spawn((
            TotalShown,
            widgets::text(
                lit(format!(
                    "{} {total} · {} {}",
                    tr(lang, "debrief.total"),
                    tr(lang, "debrief.grade"),
                    d.score.grade
                )),
                size::TEXT + 2.0,
                Role::Heading,
            ),
        ));
    });
}

fn build_tabs(tabs: &(Tab, Vec<String>), row: &mut ChildSpawnerCommands, first: bool) {
    let (chosen, captions) = tabs;
    for (tab, caption) in Tab::ALL.iter().zip(captions) {
        let mut c = row.spawn(widgets::choice(
            lit(caption.clone()),
            tab.slug(),
            set_tab(*tab),
        ));
        if chosen == tab {
            c.insert(Selected);
            if first {
                c.insert(AutoFocus);
            }
        }
    }
}

fn build_body(
    body: &Option<(Tab, Shared<Debrief>, String)>,
    b: &mut ChildSpawnerCommands,
    _first: bool,
) {
    let Some((tab, d, total)) = body else { return };
    let (d, lang) = (&*d.0, d.0.lang);
    let total: f64 = total.parse().unwrap_or(0.0);
    match tab {
        Tab::Overview => overview(b, d, lang),
        Tab::Truth => truth(b, d, lang),
        Tab::Ranks => ranks(b, d, lang),
        Tab::People => people(b, d, lang),
        Tab::Sources => sources(b, d, lang),
        Tab::Expert => expert(b, d, total, lang),
        Tab::Timeline => timeline(b, d, lang),
    }
}

fn build_footer(footer: &(String, Role), c: &mut ChildSpawnerCommands, _first: bool) {
    c.spawn(widgets::small(lit(footer.0.clone()), footer.1));
}

/// A text that wraps within the width left in its row.
fn grow_text(caption: Caption, font: f32, role: Role) -> impl Bundle {
    (
        Node {
            flex_grow: 1.0,
            flex_basis: px(0),
            min_width: px(0),
            ..default()
        },
        children![widgets::text(caption, font, role)],
    )
}

fn fixed(width: f32, caption: Caption, font: f32, role: Role) -> impl Bundle {
    (
        Node {
            width: px(width),
            flex_shrink: 0.0,
            ..default()
        },
        children![widgets::text(caption, font, role)],
    )
}

fn overview(b: &mut ChildSpawnerCommands, d: &Debrief, lang: Lang) {
    b.spawn(Node {
        flex_direction: FlexDirection::Row,
        flex_grow: 1.0,
        min_height: px(0),
        column_gap: px(16),
        ..default()
    })
    .with_children(|cols| {
        // The scorecard gets what its three columns need; the gates the rest, wide enough
        // that their lines rarely wrap, so at 1280×720 all four gates fit without scrolling.
        cols.spawn(Node {
            width: percent(58),
            flex_shrink: 0.0,
            flex_direction: FlexDirection::Column,
            min_height: px(0),
            ..default()
        })
        .with_children(|left| {
            left.spawn(widgets::heading("debrief.scorecard"));
            left.spawn(widgets::scroll_column(6.0)).with_children(|s| {
                for c in &d.score.components {
                    s.spawn(widgets::hrow(10.0)).with_children(|row| {
                        row.spawn(fixed(
                            130.0,
                            lit(tr(lang, &format!("score.{}", c.id))),
                            size::TEXT,
                            Role::Heading,
                        ));
                        row.spawn(fixed(
                            200.0,
                            lit(trf(
                                lang,
                                "dbf.points",
                                &[
                                    ("points", &format!("{:.1}", c.points)),
                                    ("weight", &format!("{:.0}", c.weight)),
                                    ("part", &format!("{:.2}", c.points * c.weight / 100.0)),
                                ],
                            )),
                            size::TEXT,
                            Role::Text,
                        ));
                        let ev: Vec<String> = c
                            .evidence
                            .iter()
                            .map(|(k, v)| format!("{} {}", tr(lang, k), ev_value(lang, v)))
                            .collect();
                        row.spawn(grow_text(
                            lit(ev.join(describe::list_separator(lang))),
                            size::SMALL,
                            Role::Text,
                        ));
                    });
                    s.spawn(widgets::small(
                        lit(tr(lang, &format!("score.{}.formula", c.id)).to_string()),
                        Role::Muted,
                    ));
                }
                if d.score.penalty > 0.0 {
                    s.spawn(widgets::body(
                        lit(format!(
                            "× {}: −{:.0}",
                            tr(lang, "debrief.penalty"),
                            d.score.penalty
                        )),
                        Role::Bad,
                    ));
                }
                s.spawn(widgets::small("dbf.grades", Role::Muted));
            });
        });
        cols.spawn(Node {
            flex_grow: 1.0,
            flex_basis: px(0),
            min_width: px(0),
            flex_direction: FlexDirection::Column,
            min_height: px(0),
            ..default()
        })
        .with_children(|right| {
            right.spawn(widgets::heading("debrief.why"));
            right.spawn(widgets::scroll_column(1.0)).with_children(|s| {
                for w in &d.why {
                    s.spawn(widgets::small(lit(format!("• {w}")), Role::Text));
                }
                if !d.next_time.is_empty() {
                    s.spawn(widgets::heading("debrief.next_time"));
                    for (i, n) in d.next_time.iter().enumerate() {
                        s.spawn(widgets::small(lit(format!("{}. {n}", i + 1)), Role::Accent));
                    }
                }
                s.spawn(widgets::body(
                    lit(format!(
                        "{}: {}",
                        tr(lang, "debrief.rep_type"),
                        tr(lang, &d.rep_type.key())
                    )),
                    Role::Heading,
                ));
                for e in &d.rep_evidence {
                    s.spawn(widgets::small(lit(e.clone()), Role::Muted));
                }
                s.spawn(widgets::heading("debrief.gates"));
                s.spawn(widgets::small("dbf.gates_note", Role::Muted));
                if d.gates.is_empty() {
                    s.spawn(widgets::small("debrief.none", Role::Muted));
                }
                for gr in &d.gates {
                    let held = gr.checks.iter().filter(|c| c.1).count();
                    let forced = if gr.forced {
                        format!(" · {}", tr(lang, "dbf.forced"))
                    } else {
                        String::new()
                    };
                    s.spawn(widgets::body(
                        lit(format!(
                            "{} ({}/{}) · {}{forced}",
                            tr(lang, gr.stage.key()),
                            held,
                            gr.checks.len(),
                            trf(lang, "week.label", &[("n", &gr.week.to_string())])
                        )),
                        Role::Heading,
                    ));
                    for (c, ok) in &gr.checks {
                        s.spawn(widgets::hrow(6.0)).with_children(|row| {
                            row.spawn(fixed(
                                22.0,
                                lit(if *ok { "✓" } else { "×" }),
                                size::SMALL,
                                if *ok { Role::Good } else { Role::Bad },
                            ));
                            row.spawn(grow_text(lit(tr(lang, &c.key())), size::SMALL, Role::Text));
                        });
                    }
                }
            });
        });
    });
}

/// Evidence values that are locale keys (an outcome, yes/no) in words.
/// (The engine's words, with a mark for right and wrong.)
fn ev_value(lang: Lang, v: &str) -> String {
    let words = describe::evidence_value(lang, v);
    match v {
        "right" => format!("✓ {words}"),
        "wrong" => format!("× {words}"),
        _ => words,
    }
}

/// Height of one rank row of the chart, logical pixels.
const CHART_ROW: f32 = 46.0;

fn ranks(b: &mut ChildSpawnerCommands, d: &Debrief, lang: Lang) {
    b.spawn(widgets::heading("debrief.ranks"));
    // Legend: shapes, words and colours together.
    b.spawn(widgets::hrow(24.0)).with_children(|l| {
        l.spawn(widgets::body("dbf.legend.true", Role::Accent));
        l.spawn(widgets::body("dbf.legend.believed", Role::Warn));
        l.spawn(widgets::body("dbf.legend.both", Role::Good));
        l.spawn(widgets::body("dbf.legend.none", Role::Muted));
    });
    let weeks = &d.ranks;
    if weeks.is_empty() {
        b.spawn(widgets::small("debrief.none", Role::Muted));
        return;
    }
    let depth = weeks
        .iter()
        .flat_map(|w| [Some(w.true_rank), w.believed_rank])
        .flatten()
        .max()
        .unwrap_or(1)
        .max(2);
    let col = (1080.0 / weeks.len() as f32).clamp(24.0, 90.0);
    let font = if col < 32.0 { size::SMALL } else { size::TEXT };
    b.spawn(Node {
        flex_direction: FlexDirection::Column,
        margin: UiRect::top(px(8)),
        ..default()
    })
    .with_children(|chart| {
        for rank in 1..=depth {
            chart
                .spawn((
                    Node {
                        flex_direction: FlexDirection::Row,
                        align_items: AlignItems::Center,
                        height: px(CHART_ROW),
                        border: UiRect::bottom(px(1)),
                        ..default()
                    },
                    BorderColor::all(Color::NONE),
                    Stroke(Role::Border),
                ))
                .with_children(|row| {
                    row.spawn(fixed(
                        70.0,
                        lit(trf(lang, "dbf.rank_axis", &[("n", &rank.to_string())])),
                        size::SMALL,
                        Role::Muted,
                    ));
                    for w in weeks {
                        let t = w.true_rank == rank;
                        let bl = w.believed_rank == Some(rank);
                        let (glyph, role) = match (t, bl) {
                            (true, true) => ("◆", Role::Good),
                            (true, false) => ("●", Role::Accent),
                            (false, true) => ("○", Role::Warn),
                            _ => ("", Role::Muted),
                        };
                        row.spawn((
                            Node {
                                width: px(col),
                                justify_content: JustifyContent::Center,
                                flex_shrink: 0.0,
                                ..default()
                            },
                            children![widgets::text(lit(glyph), font + 10.0, role)],
                        ));
                    }
                });
        }
        // The match row and the week axis.
        for axis in 0..2 {
            chart
                .spawn(Node {
                    flex_direction: FlexDirection::Row,
                    align_items: AlignItems::Center,
                    height: px(28),
                    ..default()
                })
                .with_children(|row| {
                    let label = if axis == 0 {
                        "dbf.match_axis"
                    } else {
                        "dbf.week_axis"
                    };
                    row.spawn(fixed(70.0, label.into(), size::SMALL, Role::Muted));
                    for w in weeks {
                        let (s, role) = if axis == 1 {
                            (w.week.to_string(), Role::Muted)
                        } else {
                            match w.believed_rank {
                                Some(b) if b == w.true_rank => ("✓".to_string(), Role::Good),
                                Some(_) => ("×".to_string(), Role::Bad),
                                None => ("?".to_string(), Role::Muted),
                            }
                        };
                        row.spawn((
                            Node {
                                width: px(col),
                                justify_content: JustifyContent::Center,
                                flex_shrink: 0.0,
                                ..default()
                            },
                            children![widgets::text(lit(s), size::SMALL, role)],
                        ));
                    }
                });
        }
    });
    let right = weeks
        .iter()
        .filter(|w| w.believed_rank == Some(w.true_rank))
        .count();
    let unknown = weeks.iter().filter(|w| w.believed_rank.is_none()).count();
    b.spawn(widgets::body(
        lit(trf(
            lang,
            "dbf.rank_summary",
            &[
                ("right", &right.to_string()),
                ("weeks", &weeks.len().to_string()),
                ("unknown", &unknown.to_string()),
            ],
        )),
        Role::Text,
    ));
    b.spawn(widgets::small("dbf.rank_note", Role::Muted));
}

const PERSON_COL: f32 = 250.0;
const ATTR_COL: f32 = 160.0;

fn people(b: &mut ChildSpawnerCommands, d: &Debrief, lang: Lang) {
    b.spawn(widgets::heading("debrief.people"));
    b.spawn(widgets::hrow(0.0)).with_children(|h| {
        h.spawn(fixed(
            PERSON_COL,
            "dbf.col.person".into(),
            size::SMALL,
            Role::Muted,
        ));
        for k in [
            "dbf.attr.role",
            "dbf.attr.circle",
            "dbf.attr.style",
            "dbf.attr.need",
            "dbf.attr.allegiance",
        ] {
            h.spawn(fixed(ATTR_COL, k.into(), size::SMALL, Role::Muted));
        }
        h.spawn(fixed(
            70.0,
            "dbf.col.right".into(),
            size::SMALL,
            Role::Muted,
        ));
    });
    b.spawn(widgets::small("dbf.people_note", Role::Muted));
    b.spawn(widgets::scroll_column(2.0)).with_children(|s| {
        for p in &d.people {
            s.spawn((
                Node {
                    flex_direction: FlexDirection::Row,
                    align_items: AlignItems::FlexStart,
                    padding: UiRect::vertical(px(5)),
                    border: UiRect::bottom(px(1)),
                    flex_shrink: 0.0,
                    ..default()
                },
                BorderColor::all(Color::NONE),
                Stroke(Role::Border),
            ))
            .with_children(|row| {
                let mut notes = vec![trf(
                    lang,
                    "dbf.attitude",
                    &[("n", &format!("{:+}", p.attitude))],
                )];
                if p.support != Support::None {
                    notes.push(describe::word(lang, "support", p.support));
                }
                if p.offended {
                    notes.push(format!("× {}", tr(lang, "dbf.offended")));
                }
                if let Some(v) = &p.planted_by {
                    notes.push(format!(
                        "! {}",
                        trf(lang, "debrief.planted", &[("vendor", v)])
                    ));
                }
                row.spawn(Node {
                    width: px(PERSON_COL),
                    flex_shrink: 0.0,
                    flex_direction: FlexDirection::Column,
                    padding: UiRect::right(px(8)),
                    ..default()
                })
                .with_children(|c| {
                    c.spawn(widgets::body(lit(p.name.clone()), Role::Heading));
                    c.spawn(widgets::small(lit(p.title.clone()), Role::Muted));
                    let planted = p.planted_by.is_some() || p.offended;
                    c.spawn(widgets::small(
                        lit(notes.join(" · ")),
                        if planted { Role::Warn } else { Role::Text },
                    ));
                });
                for i in 0..5 {
                    let right = p.truth[i] == p.believed[i];
                    // Nothing recorded: the legend's "—", neither right nor wrong.
                    let unrecorded = !right && p.believed[i] == "—";
                    row.spawn(Node {
                        width: px(ATTR_COL),
                        flex_shrink: 0.0,
                        flex_direction: FlexDirection::Column,
                        padding: UiRect::right(px(8)),
                        ..default()
                    })
                    .with_children(|c| {
                        c.spawn(widgets::small(lit(p.truth[i].clone()), Role::Text));
                        let (shown, role) = if unrecorded {
                            ("—".to_string(), Role::Muted)
                        } else if right {
                            (format!("✓ {}", p.believed[i]), Role::Good)
                        } else {
                            (format!("× {}", p.believed[i]), Role::Bad)
                        };
                        c.spawn(widgets::small(lit(shown), role));
                    });
                }
                row.spawn(fixed(
                    70.0,
                    lit(format!("{}/5", p.right)),
                    size::TEXT,
                    Role::Text,
                ));
            });
        }
    });
}

/// What the tender screen promised the debrief would reveal: the true budget, the five
/// kinds of key information beside the player's map and evidence, the specification, the
/// decision maker and the key people, each evaluator's attitude and scores per vendor, and
/// the scores that decided.
fn truth(b: &mut ChildSpawnerCommands, d: &Debrief, lang: Lang) {
    let t = &d.truth;
    b.spawn(widgets::scroll_column(4.0)).with_children(|s| {
        s.spawn(widgets::heading("truth.title"));
        s.spawn(widgets::body(lit(t.budget_text.clone()), Role::Text));
        s.spawn(widgets::small(lit(t.dm_text.clone()), Role::Text));
        s.spawn(widgets::small(lit(t.key_people_text.clone()), Role::Text));
        s.spawn(widgets::heading("truth.key_info"));
        for k in &t.key_info {
            let (mark, role) = match k.verdict {
                crate::debrief::Verdict::Right => ("✓", Role::Good),
                crate::debrief::Verdict::Wrong => ("×", Role::Bad),
                _ => ("?", Role::Warn),
            };
            s.spawn(widgets::hrow(8.0)).with_children(|row| {
                row.spawn(fixed(
                    150.0,
                    lit(k.kind.clone()),
                    size::SMALL,
                    Role::Heading,
                ));
                row.spawn(fixed(200.0, lit(k.truth.clone()), size::SMALL, Role::Text));
                row.spawn(fixed(
                    200.0,
                    lit(k.believed.clone()),
                    size::SMALL,
                    Role::Text,
                ));
                row.spawn(grow_text(lit(k.evidence.clone()), size::SMALL, Role::Muted));
                row.spawn(fixed(
                    120.0,
                    lit(format!("{mark} {}", k.verdict_text)),
                    size::SMALL,
                    role,
                ));
            });
        }
        s.spawn(widgets::heading("truth.spec"));
        s.spawn(widgets::small(lit(t.spec_text.clone()), Role::Text));
        s.spawn(widgets::heading("truth.committee"));
        if t.evaluators.is_empty() {
            s.spawn(widgets::small("truth.no_evaluation", Role::Muted));
        } else {
            s.spawn(widgets::small("truth.committee_legend", Role::Muted));
        }
        for e in &t.evaluators {
            s.spawn(widgets::hrow(8.0)).with_children(|row| {
                let name = if e.met || e.expert {
                    e.name.clone()
                } else {
                    format!("{}{}", e.name, tr(lang, "truth.never_met"))
                };
                row.spawn(fixed(
                    PERSON_COL,
                    lit(name),
                    size::SMALL,
                    if e.met { Role::Text } else { Role::Warn },
                ));
                for m in &e.marks {
                    row.spawn(grow_text(
                        lit(format!(
                            "{} · {:+} · {:.1} · {:.1}",
                            m.vendor, m.attitude, m.technical, m.business
                        )),
                        size::SMALL,
                        if m.attitude > 0 {
                            Role::Good
                        } else if m.attitude < 0 {
                            Role::Bad
                        } else {
                            Role::Muted
                        },
                    ));
                }
            });
        }
        if !t.results.is_empty() {
            s.spawn(widgets::heading("truth.results"));
        }
        for r in &t.results {
            s.spawn(widgets::small(
                lit(r.line(lang)),
                if r.winner { Role::Good } else { Role::Text },
            ));
        }
    });
}

fn sources(b: &mut ChildSpawnerCommands, d: &Debrief, lang: Lang) {
    b.spawn(widgets::scroll_column(4.0)).with_children(|s| {
        s.spawn(widgets::heading("debrief.informants"));
        if d.wrong_sources.is_empty() {
            s.spawn(widgets::body(
                lit(format!("✓ {}", tr(lang, "dbf.no_liars"))),
                Role::Good,
            ));
        }
        for w in &d.wrong_sources {
            s.spawn(widgets::body(
                lit(format!(
                    "× {}",
                    trf(
                        lang,
                        "debrief.informant_line",
                        &[
                            ("who", &w.source),
                            ("wrong", &w.false_reports.to_string()),
                            ("total", &w.reports.to_string()),
                        ],
                    )
                )),
                Role::Bad,
            ));
        }
        s.spawn(widgets::small("dbf.sources_note", Role::Muted));
        s.spawn(Node {
            height: px(8),
            ..default()
        });
        s.spawn(widgets::heading("debrief.turning_points"));
        for t in &d.turning_points {
            timeline_row(s, lang, t.week, t.seen, &t.text);
        }
    });
}

fn expert(b: &mut ChildSpawnerCommands, d: &Debrief, total: f64, lang: Lang) {
    b.spawn(widgets::heading("debrief.expert"));
    let Some(x) = &d.expert else {
        b.spawn(widgets::small("debrief.none", Role::Muted));
        return;
    };
    b.spawn(widgets::body(
        lit(trf(
            lang,
            "debrief.expert_line",
            &[
                ("outcome", &x.outcome),
                ("score", &format!("{:.2}", x.score)),
            ],
        )),
        if x.won { Role::Good } else { Role::Text },
    ));
    let diff = total - x.score;
    b.spawn(widgets::body(
        lit(trf(
            lang,
            "dbf.compare",
            &[
                ("yours", &format!("{total:.2}")),
                ("expert", &format!("{:.2}", x.score)),
                ("diff", &format!("{diff:+.2}")),
            ],
        )),
        if diff >= 0.0 { Role::Good } else { Role::Warn },
    ));
    b.spawn(widgets::heading("debrief.expert_people"));
    for (n, c) in &x.key_people {
        b.spawn(widgets::body(lit(format!("• {n} ×{c}")), Role::Text));
    }
    b.spawn(widgets::heading("debrief.expert_actions"));
    b.spawn(Node {
        flex_direction: FlexDirection::Row,
        flex_wrap: FlexWrap::Wrap,
        column_gap: px(18),
        row_gap: px(4),
        ..default()
    })
    .with_children(|w| {
        for (n, c) in &x.actions {
            w.spawn(widgets::body(lit(format!("{n} ×{c}")), Role::Text));
        }
    });
    b.spawn(widgets::small("dbf.expert_note", Role::Muted));
    b.spawn(widgets::heading("debrief.expert_path"));
    b.spawn(widgets::scroll_column(1.0)).with_children(|s| {
        for (w, moves) in &x.weeks {
            for m in moves {
                timeline_row(s, lang, *w, true, m);
            }
        }
    });
}

fn timeline(b: &mut ChildSpawnerCommands, d: &Debrief, lang: Lang) {
    b.spawn(widgets::hrow(16.0)).with_children(|h| {
        h.spawn(widgets::heading("debrief.timeline"));
        h.spawn(widgets::small("dbf.hidden_legend", Role::Warn));
    });
    b.spawn(widgets::scroll_column(1.0)).with_children(|s| {
        for t in &d.timeline {
            timeline_row(s, lang, t.week, t.seen, &t.text);
        }
    });
}

fn timeline_row(s: &mut ChildSpawnerCommands, lang: Lang, week: u32, seen: bool, text: &str) {
    s.spawn((Node {
        flex_direction: FlexDirection::Row,
        align_items: AlignItems::FlexStart,
        flex_shrink: 0.0,
        ..default()
    },))
        .with_children(|row| {
            row.spawn(fixed(
                80.0,
                lit(trf(lang, "week.label", &[("n", &week.to_string())])),
                size::SMALL,
                Role::Muted,
            ));
            row.spawn(fixed(
                70.0,
                lit(if seen {
                    String::new()
                } else {
                    format!("◆ {}", tr(lang, "dbf.hidden"))
                }),
                size::SMALL,
                Role::Warn,
            ));
            row.spawn(grow_text(
                lit(text.to_string()),
                size::SMALL,
                if seen { Role::Text } else { Role::Warn },
            ));
        });
}

fn set_tab(tab: Tab) -> impl FnMut(On<Activate>, ResMut<DebriefUi>) {
    move |_, mut view| {
        if view.tab != tab {
            view.tab = tab;
        }
    }
}

/// Write the printable debrief page (the same page as `sandtable report`) atomically and
/// say where.
fn export(
    _: On<Activate>,
    mut view: ResMut<DebriefUi>,
    paths: Res<GamePaths>,
    session: Option<Res<Session>>,
) {
    let (Some(d), Some(s)) = (&view.debrief, session) else {
        return;
    };
    let file = export_dir(&paths).join(format!(
        "debrief-{}-seed{}-{}.html",
        d.scenario,
        d.seed,
        d.lang.code()
    ));
    let replay = s.replay("");
    let team = crate::report::Team {
        replay: &replay,
        game: &s.game,
        file: String::new(),
    };
    let result = crate::report::team_page(&crate::report::Templates::default(), &team, d.lang)
        .map_err(|e| e.to_string())
        .and_then(|html| {
            crate::paths::write_atomic(&file, html.as_bytes())
                .map(|_| file.clone())
                .map_err(|e| format!("{}: {e}", file.display()))
        });
    view.exported = Some(result);
}
