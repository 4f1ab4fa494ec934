//! The weekly board: resources, the org chart of the people on the map, the stage track
//! and its gate checklist, the account-wide beliefs, the week's planner and the intel feed.
//! End week resolves the week, autosaves, and moves on to the tender or the debrief.

use bevy::input_focus::AutoFocus;
use bevy::prelude::*;

use super::Screen;
use super::confirm::Confirm;
use super::select::SelectState;
use super::view::{self, Slots, View};
use super::words;
use crate::game::paths::GamePaths;
use crate::game::session::{self, Catalog, Session};
use crate::game::settings::Settings;
use crate::game::theme::prelude::*;
use crate::game::theme::widgets::Guide;
use crate::i18n::{Lang, tr, trf};
use crate::scenario::schema::KeyInfo;
use crate::sim::describe::{self, word};
use crate::sim::{Act, Check, Criterion, Fact, Game, LogKind, P, Reaction, Stage, Support, Value};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<BoardUi>();
    app.add_systems(OnEnter(Screen::Board), enter_board);
    view::add_view(app, board_view);
}

/// Board-only UI state: the intel feed shows its latest entries unless the player asked
/// for all of them. (Costly moves ask first through [`Confirm`]: leaving a stage lists the
/// stage's checks, walking away says it ends the game.)
#[derive(Resource, Debug, Default)]
pub struct BoardUi {
    pub whole_feed: bool,
}

/// Intel entries shown before "more" (about what the column holds at 1280×720).
const FEED_SHORT: usize = 8;
/// Intel entries shown at most (this week and last).
const FEED_LONG: usize = 40;

/// Continue from the title resumes the autosave (or says why not on the select screen);
/// a game that belongs elsewhere goes there.
fn enter_board(
    mut commands: Commands,
    session: Option<Res<Session>>,
    mut next: ResMut<NextState<Screen>>,
    paths: Res<GamePaths>,
    catalog: Res<Catalog>,
    mut select: ResMut<SelectState>,
) {
    let game = match &session {
        Some(s) => &s.game,
        None => match session::resume(&paths, &catalog) {
            Ok(s) => {
                let to = redirect(&s.game);
                commands.insert_resource(s);
                if let Some(to) = to {
                    next.set(to);
                }
                return;
            }
            Err(e) => {
                select.resume_error = Some(e);
                next.set(Screen::Select);
                return;
            }
        },
    };
    if let Some(elsewhere) = redirect(game) {
        next.set(elsewhere);
    }
}

/// The board as the player sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardView {
    header: Header,
    org_title: String,
    org: Vec<Card>,
    middle: Middle,
    planner: Planner,
    feed: Feed,
}

#[derive(Debug, Clone, PartialEq)]
struct Header {
    week: String,
    stage: String,
    resources: String,
    refusal: Option<String>,
    /// The coach on the last move: why it worked or did not.
    last_move: Option<String>,
    /// In a workshop room: the room's week and countdown, and what it said last.
    room: Option<String>,
    room_news: Option<String>,
}

/// A person's card on the org chart: a row of the tree.
#[derive(Debug, Clone, PartialEq)]
struct Card {
    p: P,
    /// Name · title · department.
    name: String,
    /// The connectors left of the card, one per level below the top.
    guides: Vec<Guide>,
    /// What the player knows and believes of him, each a symbol and a word.
    badges: Vec<(String, Role)>,
    /// Focused when the board opens (the person last looked at, or the first).
    focus: bool,
}

#[derive(Debug, Clone, PartialEq)]
struct Middle {
    stages: Vec<(String, Role)>,
    checks: Vec<String>,
    beliefs: Vec<BeliefRow>,
}

/// One account-wide belief: a button cycling through `values`, and what the evidence says.
#[derive(Debug, Clone, PartialEq)]
struct BeliefRow {
    fact: Fact,
    label: &'static str,
    caption: String,
    values: Vec<Value>,
    /// The evidence's summary, whether sources conflict, and the value to adopt.
    evidence: Option<(String, bool, Option<Value>)>,
}

#[derive(Debug, Clone, PartialEq)]
struct Planner {
    to_tender: Option<String>,
    rows: Vec<PlanRow>,
    coach: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
struct PlanRow {
    act: Act,
    label: String,
    coach: &'static str,
    enabled: bool,
    note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
struct Feed {
    /// (text, this week's)
    entries: Vec<(String, bool)>,
    empty: bool,
    more: Option<String>,
}

impl View for BoardView {
    const SCREEN: Screen = Screen::Board;
    crate::view_sections!(
        header => build_header,
        org_title => build_org_title,
        org => build_org,
        middle => build_middle,
        planner => build_planner,
        feed => build_feed,
    );

    fn frame(&self, commands: &mut Commands, slots: &mut Slots) -> Entity {
        commands
            .spawn(widgets::screen_root_padded("Board Screen", 10.0, 8.0))
            .with_children(|root| {
                slots.spawn(root, "header", widgets::vstack(4.0));
                root.spawn(widgets::columns(8.0)).with_children(|cols| {
                    // Left: the org chart.
                    cols.spawn(widgets::column(px(450), percent(100)))
                        .with_children(|c| {
                            slots.spawn(c, "org_title", widgets::vstack(0.0));
                            slots.spawn(c, "org", widgets::scroll_column(0.0));
                        });
                    cols.spawn(widgets::divider());
                    // Middle: stage track, gate checklist, account-wide beliefs.
                    cols.spawn(widgets::column(px(330), percent(100)))
                        .with_children(|c| {
                            slots.spawn(c, "middle", widgets::scroll_column(4.0));
                        });
                    cols.spawn(widgets::divider());
                    // Right: planner, coach, intel feed, in one list that scrolls when a
                    // large UI scale leaves less room than the planner's notes take.
                    cols.spawn(widgets::grow_column()).with_children(|c| {
                        c.spawn(widgets::scroll_column(6.0)).with_children(|list| {
                            slots.spawn(list, "planner", widgets::vstack(8.0));
                            list.spawn(widgets::heading("board.intel"));
                            slots.spawn(list, "feed", widgets::vstack(3.0));
                        });
                    });
                });
            })
            .id()
    }
}

fn board_view(
    session: Option<Res<Session>>,
    settings: Res<Settings>,
    ui: Res<BoardUi>,
    confirm: Res<Confirm>,
) -> Option<BoardView> {
    let session = session?;
    if redirect(&session.game).is_some() {
        return None;
    }
    Some(view_of(&session, &ui, &confirm, settings.lang))
}

/// The board of `session` in `lang`.
pub fn view_of(session: &Session, ui: &BoardUi, confirm: &Confirm, lang: Lang) -> BoardView {
    let g = &session.game;
    let scn = g.scenario();
    let order = org_order(g);
    // Coming back from a person's screens, the focus returns to his card.
    let back_to = session.selected.filter(|&p| g.is_visible(p));
    let depths: Vec<usize> = order.iter().map(|&(_, d)| d).collect();
    let intros = crate::advice::introductions(g);
    let org = order
        .iter()
        .enumerate()
        .map(|(i, &(p, _))| {
            let d = &scn.people[p];
            Card {
                p,
                name: format!(
                    "{} · {} · {}",
                    d.name.get(lang),
                    d.title.get(lang),
                    d.department.get(lang)
                ),
                guides: guides(&depths, i),
                badges: badges(g, p, &intros, lang),
                focus: back_to.map_or(i == 0, |b| b == p),
            }
        })
        .collect();
    let stages = Stage::ALL
        .iter()
        .map(|&s| {
            let (mark, role) = if s == g.stage() {
                ("▶", Role::Accent)
            } else if s < g.stage() {
                ("✓", Role::Muted)
            } else {
                ("·", Role::Muted)
            };
            (format!("{mark} {}", tr(lang, s.key())), role)
        })
        .collect();
    let checks = Check::of(g.stage())
        .iter()
        .map(|c| format!("○ {}", tr(lang, &c.key())))
        .collect();
    let entries = intel_feed(g, lang);
    let last_move = crate::advice::last_move(g, lang);
    let shown = if ui.whole_feed {
        entries.len()
    } else {
        entries.len().min(FEED_SHORT)
    };
    let more = (entries.len() > FEED_SHORT).then(|| {
        if ui.whole_feed {
            tr(lang, "board.intel_fewer").to_string()
        } else {
            trf(
                lang,
                "board.intel_more",
                &[("n", &(entries.len() - shown).to_string())],
            )
        }
    });
    BoardView {
        header: Header {
            week: trf(
                lang,
                "board.week",
                &[
                    ("n", &g.week().to_string()),
                    ("bid", &g.bid_week().to_string()),
                ],
            ),
            stage: format!("▶ {}", tr(lang, g.stage().key())),
            resources: words::resources_left(g, lang, "board.resources"),
            refusal: session
                .refusal
                .as_ref()
                .map(|why| format!("× {}", words::illegal(lang, why))),
            last_move,
            room: session::room_line(session, lang),
            room_news: session::room_news(session, lang).into_iter().next(),
        },
        org_title: trf(
            lang,
            "board.org_chart",
            &[
                ("customer", scn.file.customer.name.get(lang)),
                ("n", &order.len().to_string()),
            ],
        ),
        org,
        middle: Middle {
            stages,
            checks,
            beliefs: map_beliefs(g, lang),
        },
        planner: planner(g, confirm, lang),
        feed: Feed {
            entries: entries[..shown]
                .iter()
                .map(|(week, text)| {
                    (
                        format!(
                            "{} {}",
                            trf(lang, "board.week_short", &[("n", &week.to_string())]),
                            text
                        ),
                        *week == g.week(),
                    )
                })
                .collect(),
            empty: entries.is_empty(),
            more,
        },
    }
}

fn build_header(h: &Header, c: &mut ChildSpawnerCommands, _first: bool) {
    c.spawn(widgets::hrow(18.0)).with_children(|row| {
        row.spawn(widgets::heading(Caption::Text(h.week.clone())));
        row.spawn(widgets::body(Caption::Text(h.stage.clone()), Role::Accent));
        row.spawn(widgets::small(
            Caption::Text(h.resources.clone()),
            Role::Text,
        ));
        if let Some(room) = &h.room {
            row.spawn(widgets::small(Caption::Text(room.clone()), Role::Accent));
        }
    });
    if let Some(news) = &h.room_news {
        c.spawn(widgets::small(
            Caption::Text(format!("» {news}")),
            Role::Warn,
        ));
    }
    if let Some(why) = &h.refusal {
        c.spawn(widgets::small(Caption::Text(why.clone()), Role::Bad));
    } else if let Some(line) = &h.last_move {
        c.spawn((
            widgets::small(Caption::Text(line.clone()), Role::Accent),
            LastMove,
        ));
    }
}

/// The coach's line on the last move (tests read it).
#[derive(Component)]
pub struct LastMove;

fn build_org_title(title: &str, c: &mut ChildSpawnerCommands, _first: bool) {
    c.spawn(widgets::heading(Caption::Text(title.to_string())));
}

fn build_org(cards: &[Card], list: &mut ChildSpawnerCommands, first: bool) {
    for card in cards {
        let p = card.p;
        list.spawn(widgets::tree_row()).with_children(|row| {
            for guide in &card.guides {
                widgets::tree_guide(row, *guide);
            }
            let mut e = row.spawn((
                widgets::card_button(
                    move |_: On<Activate>,
                          mut s: ResMut<Session>,
                          mut next: ResMut<NextState<Screen>>| {
                        s.selected = Some(p);
                        next.set(Screen::Stakeholder);
                    },
                ),
                FocusKey(format!("person{p}")),
                CoachTopic("coach.supporters"),
            ));
            e.with_children(|c| {
                c.spawn(widgets::small(
                    Caption::Text(card.name.clone()),
                    Role::Heading,
                ));
                c.spawn(widgets::badge_row()).with_children(|b| {
                    for (text, role) in &card.badges {
                        b.spawn(widgets::badge(Caption::Text(text.clone()), *role));
                    }
                });
            });
            if first && card.focus {
                e.insert(AutoFocus);
            }
        });
    }
}

/// The connectors of row `i` of a tree given every row's depth (in pre-order).
fn guides(depths: &[usize], i: usize) -> Vec<Guide> {
    let d = depths[i];
    // Whether a later row at `level` continues this row's branch at that level.
    let continues = |level: usize| {
        depths[i + 1..]
            .iter()
            .find(|&&e| e <= level)
            .is_some_and(|&e| e == level)
    };
    (1..=d)
        .map(|level| match (level == d, continues(level)) {
            (true, true) => Guide::Tee,
            (true, false) => Guide::Elbow,
            (false, true) => Guide::Pipe,
            (false, false) => Guide::Blank,
        })
        .collect()
}

/// A person's badges: contact, role, power circle (believed, or "?"), insider, whom he
/// favours, his last reaction, readiness to commit, introductions he can make, and
/// conflicting sources. Each a symbol and a word, so colour is never the only sign.
fn badges(g: &Game, p: P, intros: &[(P, P)], lang: Lang) -> Vec<(String, Role)> {
    let scn = g.scenario();
    let mut out = Vec::new();
    out.push(if g.is_contacted(p) {
        (tr(lang, "board.contacted").to_string(), Role::Good)
    } else {
        (tr(lang, "board.not_contacted").to_string(), Role::Muted)
    });
    let role = crate::sim::judge::believed_role(g, p);
    out.push(match role {
        Some(r) => (format!("◆ {}", word(lang, "role", r)), Role::Text),
        None => (trf(lang, "board.badge.role", &[("v", "?")]), Role::Muted),
    });
    out.push(match g.map().get(Fact::Circle(p)) {
        Some(c) => (
            trf(
                lang,
                "board.badge.circle",
                &[("v", &describe::value(scn, c, lang))],
            ),
            Role::Text,
        ),
        None => (trf(lang, "board.badge.circle", &[("v", "?")]), Role::Muted),
    });
    if let Some(b) = support_badge(lang, g.support(p)) {
        out.push((b, Role::Good));
    }
    if let Some(v) = g.map().get(Fact::Allegiance(p)).and_then(|v| match v {
        Value::Vendor(v) => Some(v),
        _ => None,
    }) {
        out.push((
            format!(
                "◇ {}",
                trf(
                    lang,
                    "board.favours",
                    &[("vendor", &describe::vendor(scn, v, lang))]
                )
            ),
            if v == crate::sim::US {
                Role::Good
            } else {
                Role::Warn
            },
        ));
    }
    if let Some(r) = last_reaction(g, p) {
        let good = matches!(r, Reaction::Enthusiastic | Reaction::Positive);
        let bad = !good && !matches!(r, Reaction::Neutral);
        out.push((
            format!(
                "{} {}",
                if good {
                    "↑"
                } else if bad {
                    "↓"
                } else {
                    "·"
                },
                trf(
                    lang,
                    "board.last_reaction",
                    &[("reaction", &word(lang, "reaction", r))]
                )
            ),
            if good {
                Role::Good
            } else if bad {
                Role::Bad
            } else {
                Role::Muted
            },
        ));
    }
    if g.is_contacted(p) && g.support(p) != Support::Coach {
        let r = crate::advice::readiness(g, p, lang);
        if r.ready {
            out.push((tr(lang, "board.badge.ready").to_string(), Role::Good));
        }
    }
    let n = intros.iter().filter(|(from, _)| *from == p).count();
    if n > 0 {
        out.push((
            trf(lang, "board.badge.introduces", &[("n", &n.to_string())]),
            Role::Accent,
        ));
    }
    if has_conflict(g, p) {
        out.push((tr(lang, "board.conflict").to_string(), Role::Warn));
    }
    out
}

fn build_middle(m: &Middle, c: &mut ChildSpawnerCommands, _first: bool) {
    c.spawn(widgets::heading("board.stages"));
    for (text, role) in &m.stages {
        c.spawn(widgets::small(Caption::Text(text.clone()), *role));
    }
    if !m.checks.is_empty() {
        c.spawn(widgets::heading("board.gate"));
        c.spawn(widgets::small("board.gate_hint", Role::Muted));
        for check in &m.checks {
            c.spawn(widgets::small(Caption::Text(check.clone()), Role::Text));
        }
    }
    c.spawn(widgets::heading("board.account_map"));
    for row in &m.beliefs {
        c.spawn((
            widgets::flat_button(
                Caption::Text(row.caption.clone()),
                percent(100),
                cycle_belief(row.fact, row.values.clone()),
            ),
            FocusKey(format!("map_{}", row.label)),
            CoachTopic("coach.map"),
        ));
        if let Some((summary, conflict, adopt)) = &row.evidence {
            c.spawn(widgets::hrow(6.0)).with_children(|r| {
                r.spawn((
                    widgets::small(
                        Caption::Text(summary.clone()),
                        if *conflict { Role::Warn } else { Role::Muted },
                    ),
                    widgets::fill_row(),
                ));
                if let Some(value) = adopt {
                    r.spawn(adopt_button(
                        row.fact,
                        *value,
                        format!("adopt_{}", row.label),
                        widgets::flat_layout(Val::Auto),
                    ));
                }
            });
        }
    }
}

fn build_planner(p: &Planner, c: &mut ChildSpawnerCommands, _first: bool) {
    c.spawn(widgets::heading("board.planner"));
    if let Some(caption) = &p.to_tender {
        c.spawn(widgets::hrow(8.0)).with_children(|r| {
            r.spawn((
                widgets::flat_button(
                    Caption::Text(caption.clone()),
                    px(190),
                    |_: On<Activate>, mut next: ResMut<NextState<Screen>>| next.set(Screen::Tender),
                ),
                FocusKey("plan_tender".into()),
            ));
        });
    }
    for row in &p.rows {
        c.spawn(widgets::hrow(8.0)).with_children(|r| {
            let mut b = r.spawn((
                widgets::flat_button(
                    Caption::Text(row.label.clone()),
                    px(190),
                    plan_action(row.act),
                ),
                FocusKey(format!("plan_{}", row.act.kind())),
                CoachTopic(row.coach),
            ));
            if !row.enabled {
                b.insert(disabled());
            }
            if let Some(note) = &row.note {
                r.spawn(widgets::small(Caption::Text(note.clone()), Role::Muted));
            }
        });
    }
    c.spawn((
        widgets::small(Caption::Key(p.coach), Role::Accent),
        CoachText,
    ));
}

fn build_feed(f: &Feed, feed: &mut ChildSpawnerCommands, _first: bool) {
    for (text, current) in &f.entries {
        feed.spawn(widgets::small(
            Caption::Text(text.clone()),
            if *current { Role::Text } else { Role::Muted },
        ));
    }
    if f.empty {
        feed.spawn(widgets::small("board.intel_empty", Role::Muted));
    } else if let Some(caption) = &f.more {
        feed.spawn((
            widgets::compact_button_in(
                Caption::Text(caption.clone()),
                Node {
                    align_self: AlignSelf::FlexStart,
                    ..widgets::flat_layout(Val::Auto)
                },
                |_: On<Activate>, mut ui: ResMut<BoardUi>| {
                    ui.whole_feed = !ui.whole_feed;
                },
            ),
            FocusKey("intel_more".into()),
        ));
    }
}

/// Where a game in this state belongs, when it is not the board. During the tender weeks
/// the board stays open (people can still be met); the week's end leads to the tender.
pub(super) fn redirect(game: &Game) -> Option<Screen> {
    if game.is_over() {
        Some(Screen::Debrief)
    } else if game.qualified().is_none() {
        Some(Screen::Briefing)
    } else {
        None
    }
}

/// The people on the map in org-chart order (each boss before his reports), with depth.
pub(crate) fn org_order(game: &Game) -> Vec<(P, usize)> {
    let scn = game.scenario();
    let n = scn.people.len();
    let visible: Vec<P> = (0..n).filter(|&p| game.is_visible(p)).collect();
    let boss = |p: P| scn.people[p].reports_to.filter(|b| visible.contains(b));
    let mut out = Vec::new();
    fn walk(
        p: P,
        depth: usize,
        visible: &[P],
        boss: &dyn Fn(P) -> Option<P>,
        out: &mut Vec<(P, usize)>,
    ) {
        if out.iter().any(|(q, _)| *q == p) || depth > 6 {
            return;
        }
        out.push((p, depth));
        for &c in visible {
            if boss(c) == Some(p) {
                walk(c, depth + 1, visible, boss, out);
            }
        }
    }
    for &p in &visible {
        if boss(p).is_none() {
            walk(p, 0, &visible, &boss, &mut out);
        }
    }
    // Anyone left out by a cycle in reports-to.
    for &p in &visible {
        if !out.iter().any(|(q, _)| *q == p) {
            out.push((p, 0));
        }
    }
    out
}

/// The last reaction the player saw from `p`.
pub(super) fn last_reaction(game: &Game, p: P) -> Option<Reaction> {
    game.log().iter().rev().find_map(|e| match &e.kind {
        LogKind::Acted {
            act,
            reaction: Some(r),
            ..
        } if e.seen && act.target() == Some(p) => Some(*r),
        _ => None,
    })
}

/// Whether independent sources disagree about anything concerning `p`.
pub(super) fn has_conflict(game: &Game, p: P) -> bool {
    game.conflicts().iter().any(|f| {
        matches!(f, Fact::Role(q) | Fact::Circle(q) | Fact::Style(q) | Fact::Need(q) | Fact::Allegiance(q) if *q == p)
    })
}

/// The supporter badge: a symbol and a word.
pub(super) fn support_badge(lang: Lang, s: Support) -> Option<String> {
    match s {
        Support::None => None,
        other => Some(format!("★{}", word(lang, "support", other))),
    }
}

/// One line of what the player knows and believes about `p`.
pub(super) fn status_line(game: &Game, p: P, lang: Lang) -> String {
    let scn = game.scenario();
    let mut parts = vec![if game.is_contacted(p) {
        tr(lang, "board.contacted").to_string()
    } else {
        tr(lang, "board.not_contacted").to_string()
    }];
    if let Some(b) = support_badge(lang, game.support(p)) {
        parts.push(b);
    }
    let belief = game.map().people.get(p).cloned().unwrap_or_default();
    if let Some(r) = belief.role {
        parts.push(word(lang, "role", r));
    }
    if let Some(v) = belief.allegiance {
        parts.push(trf(
            lang,
            "board.favours",
            &[("vendor", &describe::vendor(scn, v, lang))],
        ));
    }
    if has_conflict(game, p) {
        parts.push(tr(lang, "board.conflict").to_string());
    }
    if let Some(r) = last_reaction(game, p) {
        parts.push(trf(
            lang,
            "board.last_reaction",
            &[("reaction", &word(lang, "reaction", r))],
        ));
    }
    parts.join(" · ")
}

/// The intel of this week and last, newest first, as (week, text), repeated lines grouped
/// (the coach's grouping, `advice::intel`); at most [`FEED_LONG`].
pub(super) fn intel_feed(g: &Game, lang: Lang) -> Vec<(u32, String)> {
    crate::advice::intel(g, lang, 2)
        .into_iter()
        .filter(|l| !l.text.is_empty())
        .take(FEED_LONG)
        .map(|l| (l.week, l.display(lang)))
        .collect()
}

/// The coach text for a stage's gate.
pub(super) fn stage_coach(stage: Stage) -> &'static str {
    match stage {
        Stage::Qualification => "coach.stage.qualification",
        Stage::InitialContact => "coach.stage.initial_contact",
        Stage::Technical => "coach.stage.technical",
        Stage::Commercial => "coach.stage.commercial",
        Stage::Tender => "coach.stage.tender",
        Stage::Contract => "coach.stage.contract",
    }
}

fn planner(g: &Game, confirm: &Confirm, lang: Lang) -> Planner {
    let acts = [
        (Act::DeskResearch, "coach.act.desk_research"),
        (Act::Endorsement, "coach.act.endorsement"),
        (Act::Proposal, "coach.act.proposal"),
        (Act::Advance, "coach.act.advance"),
        (Act::WalkAway, "coach.act.walk_away"),
        (Act::EndWeek, "coach.act.end_week"),
    ];
    let rows = acts
        .into_iter()
        .map(|(act, coach)| {
            let armed = confirm.armed(&act);
            let label = if act == Act::WalkAway && armed {
                tr(lang, "board.confirm_walk_away").to_string()
            } else if act == Act::Advance && armed {
                tr(lang, "board.confirm_advance").to_string()
            } else if act == Act::EndWeek && armed {
                tr(lang, "board.confirm_end_week").to_string()
            } else if armed {
                trf(
                    lang,
                    "ui.confirm_act",
                    &[("act", tr(lang, &format!("kind.{}", act.kind())))],
                )
            } else if act == Act::EndWeek {
                trf(lang, "board.end_week", &[("n", &g.week().to_string())])
            } else {
                tr(lang, &format!("kind.{}", act.kind())).to_string()
            };
            let (enabled, note) = match g.check(&act) {
                Ok(()) => {
                    // Where the stage goes next, or what the action will use.
                    let note = match act {
                        // Asking: the checks to be sure of before leaving.
                        Act::Advance if armed => {
                            let checks: Vec<String> = Check::of(g.stage())
                                .iter()
                                .map(|c| tr(lang, &c.key()).to_string())
                                .collect();
                            Some(trf(
                                lang,
                                "board.advance_checks",
                                &[("checks", &checks.join(describe::list_separator(lang)))],
                            ))
                        }
                        Act::Advance => g
                            .stage()
                            .next()
                            .map(|next| format!("→ {}", tr(lang, next.key()))),
                        // Asking: what ending the week now gives away.
                        Act::EndWeek if armed => Some(trf(
                            lang,
                            "board.end_week_unused",
                            &[("n", &g.rep_days_left().to_string())],
                        )),
                        Act::WalkAway | Act::EndWeek => None,
                        _ => Some(crate::advice::cost_preview(g, &act, lang)),
                    };
                    (true, note)
                }
                Err(why) => (false, Some(format!("× {}", words::illegal(lang, &why)))),
            };
            PlanRow {
                act,
                label,
                coach,
                enabled,
                note,
            }
        })
        .collect();
    Planner {
        to_tender: g
            .tender_issued()
            .then(|| tr(lang, "board.to_tender").to_string()),
        rows,
        coach: stage_coach(g.stage()),
    }
}

/// The observer of a planner button: a costly move asks first (see [`Confirm`]).
#[allow(clippy::type_complexity)]
fn plan_action(
    act: Act,
) -> impl Fn(On<Activate>, ResMut<Session>, ResMut<Confirm>, Res<GamePaths>, ResMut<NextState<Screen>>)
+ Send
+ Sync
+ 'static {
    move |_: On<Activate>,
          mut session: ResMut<Session>,
          mut confirm: ResMut<Confirm>,
          paths: Res<GamePaths>,
          mut next: ResMut<NextState<Screen>>| {
        if confirm.press(&session.game, act) {
            end_of_action(&mut session, act, &paths, &mut next);
        }
    }
}

/// Play `act`; after the end of a week (or the end of the game) autosave and move on to
/// the tender or the debrief when the game says so.
pub(super) fn end_of_action(
    session: &mut Session,
    act: Act,
    paths: &GamePaths,
    next: &mut NextState<Screen>,
) {
    if session.act(act).is_err() {
        return;
    }
    // Saved after every action, so leaving mid-week loses nothing; always at a week's end.
    if let Err(e) = session::autosave(paths, session) {
        warn!("autosave failed: {e}");
    }
    if let Some(s) = redirect(&session.game) {
        next.set(s);
    } else if act == Act::EndWeek && session.game.tender_issued() {
        next.set(Screen::Tender);
    }
}

/// The account-wide beliefs: each a button that cycles through the values the player
/// could hold, with what the evidence says beside it.
fn map_beliefs(g: &Game, lang: Lang) -> Vec<BeliefRow> {
    let scn = g.scenario();
    let people: Vec<Value> = org_order(g)
        .into_iter()
        .map(|(p, _)| Value::Person(p))
        .collect();
    let criteria = vec![
        Value::Criterion(Criterion::Technical),
        Value::Criterion(Criterion::Price),
        Value::Criterion(Criterion::Business),
    ];
    let evidence_values = |fact: Fact| {
        let mut v: Vec<Value> = Vec::new();
        for e in g.evidence().iter().filter(|e| e.fact == fact) {
            if !v.contains(&e.value) {
                v.push(e.value);
            }
        }
        v
    };
    let mut budgets = evidence_values(Fact::Key(KeyInfo::Budget));
    budgets.sort_by_key(|v| match v {
        Value::Amount(a) => *a,
        _ => 0,
    });
    let mut weeks = evidence_values(Fact::Key(KeyInfo::Process));
    let announced = Value::Week(scn.file.project.tender_week);
    if !weeks.contains(&announced) {
        weeks.push(announced);
    }
    weeks.sort_by_key(|v| match v {
        Value::Week(w) => *w,
        _ => 0,
    });
    let rivals: Vec<Value> = (1..scn.vendors()).map(Value::Vendor).collect();
    let ranks: Vec<Value> = (1..=scn.vendors() as u8).map(Value::Rank).collect();
    let rows: [(Fact, &'static str, Vec<Value>); 6] = [
        (
            Fact::Key(KeyInfo::Participants),
            "board.map.decision_maker",
            people,
        ),
        (Fact::Key(KeyInfo::Needs), "board.map.criterion", criteria),
        (Fact::Key(KeyInfo::Budget), "board.map.budget", budgets),
        (Fact::Key(KeyInfo::Process), "board.map.tender_week", weeks),
        (
            Fact::Key(KeyInfo::Competition),
            "board.map.leading_rival",
            rivals,
        ),
        (Fact::Rank, "board.map.rank", ranks),
    ];
    rows.into_iter()
        .map(|(fact, label, values)| {
            let cur = g.map().get(fact);
            let shown = cur
                .map(|v| describe::value(scn, v, lang))
                .unwrap_or_else(|| "—".into());
            BeliefRow {
                fact,
                label,
                caption: trf(
                    lang,
                    "board.belief",
                    &[("label", tr(lang, label)), ("value", &shown)],
                ),
                values,
                evidence: g.summary(fact).map(|s| {
                    (
                        evidence_summary(g, s, lang),
                        s.conflict,
                        (cur != Some(s.best)).then_some(s.best),
                    )
                }),
            }
        })
        .collect()
}

/// "evidence: X (2 sources) ! conflicting sources".
pub(super) fn evidence_summary(g: &Game, s: crate::sim::knowledge::Summary, lang: Lang) -> String {
    let mut t = trf(
        lang,
        "board.evidence_says",
        &[
            ("value", &describe::value(g.scenario(), s.best, lang)),
            ("n", &s.sources.to_string()),
        ],
    );
    if s.conflict {
        t.push_str(" · ");
        t.push_str(tr(lang, "board.conflict"));
    }
    t
}

/// A small button, laid out by `node`, that takes the value the evidence favours as the
/// player's belief.
pub(super) fn adopt_button(fact: Fact, value: Value, key: String, node: Node) -> impl Bundle {
    (
        widgets::compact_button_in(
            "board.adopt",
            node,
            move |_: On<Activate>, mut session: ResMut<Session>, paths: Res<GamePaths>| {
                if session.act(Act::Believe(fact, Some(value))).is_ok()
                    && let Err(e) = session::autosave(&paths, &session)
                {
                    warn!("autosave failed: {e}");
                }
            },
        ),
        FocusKey(key),
        CoachTopic("coach.map"),
    )
}

/// An observer that sets `fact` to the value after the current one in `[none, values…]`.
pub(super) fn cycle_belief(
    fact: Fact,
    values: Vec<Value>,
) -> impl Fn(On<Activate>, ResMut<Session>, Res<GamePaths>) + Send + Sync + 'static {
    move |_: On<Activate>, mut session: ResMut<Session>, paths: Res<GamePaths>| {
        let cur = session.game.map().get(fact);
        let next = match cur.and_then(|c| values.iter().position(|v| *v == c)) {
            None if cur.is_none() => values.first().copied(),
            None => None,
            Some(i) => values.get(i + 1).copied(),
        };
        if session.act(Act::Believe(fact, next)).is_ok()
            && let Err(e) = session::autosave(&paths, &session)
        {
            warn!("autosave failed: {e}");
        }
    }
}
