//! One stakeholder in detail (the Blue Sheet): his public face, the player's beliefs with
//! controls to change them, the evidence behind them, and every action on him.

use bevy::input_focus::AutoFocus;
use bevy::prelude::*;

use super::Screen;
use super::board::{self, cycle_belief, evidence_summary, status_line};
use super::confirm::Confirm;
use super::view::{self, Slots, View};
use super::words;
use crate::game::paths::GamePaths;
use crate::game::session::Session;
use crate::game::settings::Settings;
use crate::game::theme::prelude::*;
use crate::i18n::{Lang, tr, trf};
use crate::scenario::schema::{Circle, Need, Role as BuyRole, Style};
use crate::sim::describe;
use crate::sim::{Act, Approach, Fact, Game, P, Support, Value};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Stakeholder), enter_stakeholder);
    view::add_view(app, stakeholder_view);
}

/// Without a person to show (or a game that belongs elsewhere), back to the board.
fn enter_stakeholder(session: Option<Res<Session>>, mut next: ResMut<NextState<Screen>>) {
    match session {
        Some(s) if board::redirect(&s.game).is_some() || shown_person(&s).is_none() => {
            next.set(Screen::Board)
        }
        None => next.set(Screen::Board),
        Some(_) => {}
    }
}

fn shown_person(s: &Session) -> Option<P> {
    s.selected.filter(|&p| s.game.is_visible(p))
}

/// One stakeholder's sheet as the player sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct StakeholderView {
    head: Head,
    status: Status,
    beliefs: Vec<BeliefRow>,
    evidence: Vec<(String, bool)>,
    actions: Vec<ActionRow>,
}

#[derive(Debug, Clone, PartialEq)]
struct Head {
    name: String,
    reports_to: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
struct Status {
    line: String,
    resources: String,
    refusal: Option<String>,
    /// Whether he would commit to the next level now, and what stands in the way, in
    /// terms the player knows.
    readiness: Option<(String, bool)>,
    /// A remark beside the readiness (why the next level is coach, not sponsor, …).
    note: Option<String>,
    /// The coach on the last move, when it was about him.
    last_move: Option<String>,
}

/// One of his five facts: a button cycling through `values`, what the evidence says.
#[derive(Debug, Clone, PartialEq)]
struct BeliefRow {
    fact: Fact,
    label: &'static str,
    coach: &'static str,
    caption: String,
    values: Vec<Value>,
    evidence: String,
    conflict: bool,
    adopt: Option<Value>,
}

/// An action row: the meeting (which opens its own screen), the others played at once.
#[derive(Debug, Clone, PartialEq)]
enum ActionRow {
    Heading(&'static str),
    Warning(&'static str),
    Act {
        /// `None`: the meeting.
        act: Option<Act>,
        label: String,
        key: String,
        coach: &'static str,
        /// How often the player did it with him (its own counter, beside the button).
        count: u32,
        /// Waiting for its second press.
        armed: bool,
        /// What it uses, or why not.
        note: Result<String, String>,
    },
}

impl View for StakeholderView {
    const SCREEN: Screen = Screen::Stakeholder;
    crate::view_sections!(
        head => build_head,
        status => build_status,
        beliefs => build_beliefs,
        evidence => build_evidence,
        actions => build_actions,
    );

    fn frame(&self, commands: &mut Commands, slots: &mut Slots) -> Entity {
        commands
            .spawn(widgets::screen_root_padded("Stakeholder Screen", 12.0, 8.0))
            .with_children(|root| {
                slots.spawn(root, "head", widgets::hrow(16.0));
                slots.spawn(root, "status", widgets::vstack(4.0));
                root.spawn(widgets::columns(8.0)).with_children(|cols| {
                    cols.spawn(widgets::boxed(px(640), percent(100)))
                        .with_children(|c| {
                            c.spawn(widgets::heading("sh.beliefs"));
                            slots.spawn(c, "beliefs", widgets::vstack(4.0));
                            c.spawn(widgets::heading("sh.evidence"));
                            slots.spawn(c, "evidence", widgets::scroll_column(2.0));
                        });
                    cols.spawn(widgets::grow_box()).with_children(|c| {
                        c.spawn(widgets::heading("sh.actions"));
                        slots.spawn(c, "actions", widgets::scroll_column(4.0));
                        c.spawn((widgets::small("coach.supporters", Role::Accent), CoachText));
                    });
                });
            })
            .id()
    }
}

fn stakeholder_view(
    session: Option<Res<Session>>,
    settings: Res<Settings>,
    confirm: Res<Confirm>,
) -> Option<StakeholderView> {
    let session = session?;
    let p = shown_person(&session)?;
    if board::redirect(&session.game).is_some() {
        return None;
    }
    Some(view_of(&session, p, &confirm, settings.lang))
}

/// Person `p`'s sheet in `lang`.
pub fn view_of(session: &Session, p: P, confirm: &Confirm, lang: Lang) -> StakeholderView {
    let g = &session.game;
    let scn = g.scenario();
    let d = &scn.people[p];
    let mut evidence = Vec::new();
    for e in g.evidence().iter().rev() {
        let about = matches!(e.fact,
            Fact::Role(q) | Fact::Circle(q) | Fact::Style(q) | Fact::Need(q) | Fact::Allegiance(q) if q == p);
        let from = e.source.person() == Some(p);
        if !about && !from {
            continue;
        }
        let conflict = g.summary(e.fact).is_some_and(|s| s.conflict);
        evidence.push((
            format!(
                "{}{}{}",
                trf(
                    lang,
                    "sh.evidence_line",
                    &[
                        (
                            "week",
                            &trf(lang, "board.week_short", &[("n", &e.week.to_string())])
                        ),
                        ("source", &describe::source(scn, e.source, lang)),
                        ("fact", &describe::fact(scn, e.fact, lang)),
                        ("value", &describe::value(scn, e.value, lang)),
                        ("rel", &e.reliability.to_string()),
                    ],
                ),
                if about {
                    ""
                } else {
                    tr(lang, "sh.said_by_him")
                },
                if conflict {
                    tr(lang, "sh.conflict_mark")
                } else {
                    ""
                },
            ),
            conflict,
        ));
    }
    StakeholderView {
        head: Head {
            name: format!(
                "{} · {} · {}",
                d.name.get(lang),
                d.title.get(lang),
                d.department.get(lang)
            ),
            reports_to: d.reports_to.map(|b| {
                trf(
                    lang,
                    "sh.reports_to",
                    &[("who", &describe::person(scn, b, lang))],
                )
            }),
        },
        status: Status {
            line: status_line(g, p, lang),
            resources: words::resources_left(g, lang, "sh.left"),
            refusal: session
                .refusal
                .as_ref()
                .map(|why| format!("× {}", words::illegal(lang, why))),
            readiness: (g.is_contacted(p) || g.support(p) != Support::None).then(|| {
                let r = crate::advice::readiness(g, p, lang);
                (r.line, r.ready)
            }),
            note: crate::advice::readiness(g, p, lang).note,
            last_move: about(g, p)
                .then(|| crate::advice::last_move(g, lang))
                .flatten(),
        },
        beliefs: belief_rows(g, p, lang),
        evidence,
        actions: action_rows(g, p, confirm, lang),
    }
}

fn build_head(h: &Head, row: &mut ChildSpawnerCommands, first: bool) {
    let mut back = row.spawn((
        widgets::compact_button("sh.back", Val::Auto, to_board),
        FocusKey("back".into()),
    ));
    if first {
        back.insert(AutoFocus);
    }
    row.spawn(widgets::heading(Caption::Text(h.name.clone())));
    if let Some(boss) = &h.reports_to {
        row.spawn(widgets::small(Caption::Text(boss.clone()), Role::Muted));
    }
}

fn build_status(s: &Status, c: &mut ChildSpawnerCommands, _first: bool) {
    c.spawn(widgets::hrow(24.0)).with_children(|h| {
        h.spawn(widgets::small(Caption::Text(s.line.clone()), Role::Text));
        h.spawn((
            widgets::small(Caption::Text(s.resources.clone()), Role::Muted),
            ResourcesLeft,
        ));
    });
    if let Some(why) = &s.refusal {
        c.spawn(widgets::small(Caption::Text(why.clone()), Role::Bad));
    } else if let Some(line) = &s.last_move {
        c.spawn((
            widgets::small(Caption::Text(line.clone()), Role::Accent),
            board::LastMove,
        ));
    }
    if let Some((line, ready)) = &s.readiness {
        c.spawn((
            widgets::small(
                Caption::Text(line.clone()),
                if *ready { Role::Good } else { Role::Warn },
            ),
            ReadinessLine,
        ));
    }
    if let Some(note) = &s.note {
        c.spawn(widgets::small(Caption::Text(note.clone()), Role::Muted));
    }
}

/// Whether the player's last move (not a note on the map) was about `p`.
fn about(g: &Game, p: P) -> bool {
    g.actions()
        .iter()
        .rev()
        .find(|a| !matches!(a, Act::Believe(..)))
        .is_some_and(|a| match a {
            Act::Introduction { from, to } => *from == p || *to == p,
            other => other.target() == Some(p),
        })
}

/// The readiness line on a person's sheet (tests read it).
#[derive(Component)]
pub struct ReadinessLine;

fn build_evidence(lines: &[(String, bool)], list: &mut ChildSpawnerCommands, _first: bool) {
    for (text, conflict) in lines {
        list.spawn(widgets::small(
            Caption::Text(text.clone()),
            if *conflict { Role::Warn } else { Role::Text },
        ));
    }
    if lines.is_empty() {
        list.spawn(widgets::small("sh.no_evidence", Role::Muted));
    }
}

fn build_beliefs(rows: &[BeliefRow], c: &mut ChildSpawnerCommands, _first: bool) {
    for row in rows {
        c.spawn(widgets::hrow(8.0)).with_children(|r| {
            r.spawn((
                widgets::compact_button(
                    Caption::Text(row.caption.clone()),
                    px(260),
                    cycle_belief(row.fact, row.values.clone()),
                ),
                FocusKey(format!("belief_{}", row.label)),
                CoachTopic(row.coach),
            ));
            r.spawn((
                widgets::small(
                    Caption::Text(row.evidence.clone()),
                    if row.conflict {
                        Role::Warn
                    } else {
                        Role::Muted
                    },
                ),
                widgets::fill_row(),
            ));
            if let Some(value) = row.adopt {
                r.spawn(board::adopt_button(
                    row.fact,
                    value,
                    format!("adopt_{}", row.label),
                    widgets::compact_layout(Val::Auto),
                ));
            }
        });
    }
}

fn build_actions(rows: &[ActionRow], list: &mut ChildSpawnerCommands, _first: bool) {
    for row in rows {
        match row {
            ActionRow::Heading(key) => {
                list.spawn(widgets::heading(*key));
            }
            ActionRow::Warning(key) => {
                list.spawn(widgets::small(*key, Role::Warn));
            }
            ActionRow::Act {
                act,
                label,
                key,
                coach,
                count,
                armed,
                note,
            } => {
                list.spawn(widgets::hrow(8.0)).with_children(|r| {
                    let caption = Caption::Text(label.clone());
                    let b = match act {
                        Some(act) => r
                            .spawn((
                                widgets::compact_button(caption, px(250), person_action(*act)),
                                FocusKey(key.clone()),
                                CoachTopic(coach),
                            ))
                            .id(),
                        None => r
                            .spawn((
                                widgets::compact_button(caption, px(250), open_meeting),
                                FocusKey(key.clone()),
                                CoachTopic(coach),
                            ))
                            .id(),
                    };
                    // Its own counter, in a column of its own: the button never grows.
                    r.spawn(widgets::counter(*count));
                    match note {
                        Ok(cost) => {
                            r.spawn((
                                widgets::small(
                                    Caption::Text(cost.clone()),
                                    if *armed { Role::Warn } else { Role::Muted },
                                ),
                                widgets::fill_row(),
                                ActionCost,
                            ));
                        }
                        Err(why) => {
                            r.commands().entity(b).insert(disabled());
                            r.spawn((
                                widgets::small(Caption::Text(why.clone()), Role::Muted),
                                widgets::fill_row(),
                            ));
                        }
                    }
                });
            }
        }
    }
}

fn belief_rows(g: &Game, p: P, lang: Lang) -> Vec<BeliefRow> {
    use BuyRole as R;
    let scn = g.scenario();
    let rows: [(Fact, &'static str, &'static str, Vec<Value>); 5] = [
        (
            Fact::Role(p),
            "sh.role",
            "coach.roles",
            [
                R::DecisionMaker,
                R::TechnicalLead,
                R::User,
                R::Procurement,
                R::Influencer,
            ]
            .map(Value::Role)
            .to_vec(),
        ),
        (
            Fact::Circle(p),
            "sh.circle",
            "coach.circles",
            [
                Circle::Unaware,
                Circle::Watcher,
                Circle::Political,
                Circle::Core,
            ]
            .map(Value::Circle)
            .to_vec(),
        ),
        (
            Fact::Style(p),
            "sh.style",
            "coach.styles",
            [
                Style::Analytical,
                Style::Amiable,
                Style::Driver,
                Style::Expressive,
            ]
            .map(Value::Style)
            .to_vec(),
        ),
        (
            Fact::Need(p),
            "sh.need",
            "coach.needs",
            [
                Need::Power,
                Need::Achievement,
                Need::Recognition,
                Need::Acceptance,
                Need::Security,
            ]
            .map(Value::Need)
            .to_vec(),
        ),
        (
            Fact::Allegiance(p),
            "sh.allegiance",
            "coach.allegiance",
            (0..scn.vendors()).map(Value::Vendor).collect(),
        ),
    ];
    rows.into_iter()
        .map(|(fact, label, coach, values)| {
            // A role follows the account map's decision maker too (one judgement for both).
            let believed = match fact {
                Fact::Role(q) => crate::sim::judge::believed_role(g, q).map(Value::Role),
                _ => g.map().get(fact),
            };
            let shown = believed
                .map(|v| describe::value(scn, v, lang))
                .unwrap_or_else(|| "—".into());
            let summary = g.summary(fact);
            BeliefRow {
                fact,
                label,
                coach,
                caption: trf(
                    lang,
                    "board.belief",
                    &[("label", tr(lang, label)), ("value", &shown)],
                ),
                values,
                evidence: match summary {
                    Some(s) => evidence_summary(g, s, lang),
                    None => tr(lang, "sh.no_evidence_short").to_string(),
                },
                conflict: summary.is_some_and(|s| s.conflict),
                adopt: summary
                    .filter(|s| g.map().get(fact) != Some(s.best))
                    .map(|s| s.best),
            }
        })
        .collect()
}

fn action_rows(g: &Game, p: P, confirm: &Confirm, lang: Lang) -> Vec<ActionRow> {
    let mut acts: Vec<(Act, &'static str)> = vec![(Act::ColdCall(p), "coach.act.cold_call")];
    // Introductions as soon as they are possible: to him from someone we know, and from
    // him to someone else; before we know anyone, the refused ones say why.
    let open = crate::advice::introductions(g);
    for (q, _) in board::org_order(g) {
        let to_him = Act::Introduction { from: q, to: p };
        if q != p && (open.contains(&(q, p)) || (g.is_contacted(q) && !g.is_contacted(p))) {
            acts.push((to_him, "coach.act.introduction"));
        }
    }
    for &(from, to) in &open {
        if from == p {
            acts.push((Act::Introduction { from, to }, "coach.act.introduction"));
        }
    }
    let ethical = [
        (Act::Seminar(p), "coach.act.seminar"),
        (Act::Demo(p), "coach.act.demo"),
        (Act::FactoryVisit(p), "coach.act.factory_visit"),
        (Act::ReferenceVisit(p), "coach.act.reference_visit"),
        (Act::ExecutiveVisit(p), "coach.act.executive_visit"),
        (Act::BusinessMeal(p), "coach.act.business_meal"),
        (Act::Develop(p), "coach.act.develop"),
        (Act::ShapeTender(p), "coach.act.shape_tender"),
        (Act::Reframe(p), "coach.act.reframe"),
    ];
    // The meeting opens its own screen to choose the approach.
    let meetings = crate::advice::uses(g, p)
        .into_iter()
        .filter(|(k, _)| k.starts_with("meeting"))
        .map(|(_, n)| n)
        .sum();
    let mut rows = vec![ActionRow::Act {
        act: None,
        label: format!("{} →", tr(lang, "sh.meeting")),
        key: "meeting".into(),
        coach: "coach.act.meeting",
        count: meetings,
        armed: false,
        note: note(g, &Act::Meeting(p, Approach::Rapport), lang),
    }];
    for (act, coach) in acts.into_iter().chain(ethical) {
        rows.push(action_row(g, p, act, coach, confirm, lang));
    }
    rows.push(ActionRow::Heading("sh.unethical"));
    rows.push(ActionRow::Warning("sh.unethical_hint"));
    for (act, coach) in [
        (Act::Gift(p), "coach.act.gift"),
        (Act::Kickback(p), "coach.act.kickback"),
    ] {
        rows.push(action_row(g, p, act, coach, confirm, lang));
    }
    rows
}

/// The row of `act` on the sheet of `on`.
fn action_row(
    g: &Game,
    on: P,
    act: Act,
    coach: &'static str,
    confirm: &Confirm,
    lang: Lang,
) -> ActionRow {
    let scn = g.scenario();
    let armed = confirm.armed(&act);
    let mut label = match act {
        Act::Introduction { from, to } if from == on => trf(
            lang,
            "sh.introduce_to",
            &[("who", &describe::person_short(scn, to, lang))],
        ),
        Act::Introduction { from, .. } => trf(
            lang,
            "sh.introduction_from",
            &[("who", &describe::person_short(scn, from, lang))],
        ),
        _ => tr(lang, &format!("kind.{}", act.kind())).to_string(),
    };
    if act.is_unethical() {
        label = format!("! {label}");
    }
    if armed {
        label = trf(lang, "ui.confirm_act", &[("act", &label)]);
    }
    let key = match act {
        Act::Introduction { from, to } if from == on => format!("act_introduce{to}"),
        Act::Introduction { from, .. } => format!("act_intro{from}"),
        _ => format!("act_{}", act.kind()),
    };
    let note = match note(g, &act, lang) {
        Ok(cost) if armed => Ok(format!("{cost} · {}", tr(lang, "ui.confirm_hint"))),
        other => other,
    };
    ActionRow::Act {
        act: Some(act),
        label,
        key,
        coach,
        count: crate::advice::times_done(g, &act),
        armed,
        note,
    }
}

/// What goes beside a legal action's button: its cost; else the engine's refusal.
fn note(g: &Game, act: &Act, lang: Lang) -> Result<String, String> {
    match g.check(act) {
        Ok(()) => Ok(crate::advice::cost_preview(g, act, lang)),
        Err(why) => Err(format!("× {}", words::illegal(lang, &why))),
    }
}

/// The resources line in the header (tests read it).
#[derive(Component)]
pub struct ResourcesLeft;

/// What a legal action will use, beside its button (tests read it).
#[derive(Component)]
pub struct ActionCost;

/// The observer of an action's button: a costly move asks first (see [`Confirm`]).
#[allow(clippy::type_complexity)]
fn person_action(
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
            board::end_of_action(&mut session, act, &paths, &mut next);
        }
    }
}

fn open_meeting(_: On<Activate>, mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Meeting);
}

fn to_board(_: On<Activate>, mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Board);
}
