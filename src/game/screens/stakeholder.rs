//! One stakeholder in detail (the Blue Sheet): his public face, the player's beliefs with
//! controls to change them, the evidence behind them, and every action on him.

use bevy::input_focus::{AutoFocus, InputFocus};
use bevy::prelude::*;

use super::Screen;
use super::board::{self, cycle_belief, evidence_summary, status_line};
use super::words;
use crate::game::paths::GamePaths;
use crate::game::session::Session;
use crate::game::settings::Settings;
use crate::game::theme::prelude::*;
use crate::i18n::{Lang, tr, trf};
use crate::scenario::schema::{Circle, Need, Role as BuyRole, Style};
use crate::sim::describe;
use crate::sim::{Act, Approach, Fact, Game, P, Value};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        refresh_stakeholder_screen
            .run_if(in_state(Screen::Stakeholder))
            .before(crate::game::theme::ThemeSystems),
    );
}

#[derive(Component)]
struct StakeholderRoot;

#[allow(clippy::too_many_arguments)]
fn refresh_stakeholder_screen(
    mut commands: Commands,
    session: Option<Res<Session>>,
    settings: Res<Settings>,
    roots: Query<Entity, With<StakeholderRoot>>,
    focus: Res<InputFocus>,
    keys: Query<&FocusKey>,
    mut pending: ResMut<PendingFocus>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(session) = session else {
        next.set(Screen::Board);
        return;
    };
    let had = !roots.is_empty();
    if had && !session.is_changed() && !settings.is_changed() {
        return;
    }
    let Some(p) = session.selected.filter(|&p| session.game.is_visible(p)) else {
        next.set(Screen::Board);
        return;
    };
    if let Some(elsewhere) = board::redirect(&session.game) {
        next.set(elsewhere);
        return;
    }
    pending.0 = focus::focused_key(&focus, &keys);
    for e in &roots {
        commands.entity(e).despawn();
    }
    spawn_stakeholder(&mut commands, &session, p, settings.lang, !had);
}

fn spawn_stakeholder(commands: &mut Commands, session: &Session, p: P, lang: Lang, first: bool) {
    let g = &session.game;
    let scn = g.scenario().clone();
    let d = &scn.people[p];
    let mut root = commands.spawn((
        widgets::screen_root_padded("Stakeholder Screen", 12.0, 8.0),
        StakeholderRoot,
        DespawnOnExit(Screen::Stakeholder),
    ));
    root.with_children(|root| {
        root.spawn(widgets::hrow(16.0)).with_children(|h| {
            let mut back = h.spawn((
                widgets::compact_button("sh.back", Val::Auto, to_board),
                FocusKey("back".into()),
            ));
            if first {
                back.insert(AutoFocus);
            }
            h.spawn(widgets::heading(Caption::Text(format!(
                "{} · {} · {}",
                d.name.get(lang),
                d.title.get(lang),
                d.department.get(lang)
            ))));
            if let Some(b) = d.reports_to {
                h.spawn(widgets::small(
                    Caption::Text(trf(
                        lang,
                        "sh.reports_to",
                        &[("who", &describe::person(&scn, b, lang))],
                    )),
                    Role::Muted,
                ));
            }
        });
        root.spawn(widgets::hrow(24.0)).with_children(|h| {
            h.spawn(widgets::small(Caption::Text(status_line(g, p, lang)), Role::Text));
            h.spawn((
                widgets::small(Caption::Text(words::resources_left(g, lang, "sh.left")), Role::Muted),
                ResourcesLeft,
            ));
        });
        if let Some(why) = &session.refusal {
            root.spawn(widgets::small(
                Caption::Text(format!("× {}", words::illegal(lang, why))),
                Role::Bad,
            ));
        }
        root.spawn(Node {
            flex_direction: FlexDirection::Row,
            column_gap: px(8),
            flex_grow: 1.0,
            min_height: px(0),
            ..default()
        })
        .with_children(|cols| {
            cols.spawn(widgets::boxed(px(640), percent(100)))
                .with_children(|c| {
                    c.spawn(widgets::heading("sh.beliefs"));
                    spawn_beliefs(c, g, p, lang);
                    c.spawn(widgets::heading("sh.evidence"));
                    c.spawn(widgets::scroll_column(2.0)).with_children(|list| {
                        let mut any = false;
                        for e in g.evidence().iter().rev() {
                            let about = matches!(e.fact,
                                Fact::Role(q) | Fact::Circle(q) | Fact::Style(q) | Fact::Need(q) | Fact::Allegiance(q) if q == p);
                            let from = e.source.person() == Some(p);
                            if !about && !from {
                                continue;
                            }
                            any = true;
                            let conflict = g.summary(e.fact).is_some_and(|s| s.conflict);
                            list.spawn(widgets::small(
                                Caption::Text(format!(
                                    "{}{}{}",
                                    trf(
                                        lang,
                                        "sh.evidence_line",
                                        &[
                                            ("week", &trf(lang, "board.week_short", &[("n", &e.week.to_string())])),
                                            ("source", &describe::source(&scn, e.source, lang)),
                                            ("fact", &describe::fact(&scn, e.fact, lang)),
                                            ("value", &describe::value(&scn, e.value, lang)),
                                            ("rel", &e.reliability.to_string()),
                                        ],
                                    ),
                                    if about { "" } else { tr(lang, "sh.said_by_him") },
                                    if conflict { tr(lang, "sh.conflict_mark") } else { "" },
                                )),
                                if conflict { Role::Warn } else { Role::Text },
                            ));
                        }
                        if !any {
                            list.spawn(widgets::small("sh.no_evidence", Role::Muted));
                        }
                    });
                });
            cols.spawn(widgets::grow_box())
                .with_children(|c| {
                    c.spawn(widgets::heading("sh.actions"));
                    c.spawn(widgets::scroll_column(4.0)).with_children(|list| {
                        spawn_actions(list, g, p, lang);
                    });
                    c.spawn((widgets::small("coach.supporters", Role::Accent), CoachText));
                });
        });
    });
}

fn spawn_beliefs(c: &mut ChildSpawnerCommands, g: &Game, p: P, lang: Lang) {
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
    for (fact, label, coach, values) in rows {
        c.spawn(widgets::hrow(8.0)).with_children(|r| {
            let shown = g
                .map()
                .get(fact)
                .map(|v| describe::value(scn, v, lang))
                .unwrap_or_else(|| "—".into());
            r.spawn((
                widgets::compact_button(
                    Caption::Text(trf(
                        lang,
                        "board.belief",
                        &[("label", tr(lang, label)), ("value", &shown)],
                    )),
                    px(260),
                    cycle_belief(fact, values),
                ),
                FocusKey(format!("belief_{label}")),
                CoachTopic(coach),
            ));
            let (text, role) = match g.summary(fact) {
                Some(s) => (
                    evidence_summary(g, s, lang),
                    if s.conflict { Role::Warn } else { Role::Muted },
                ),
                None => (tr(lang, "sh.no_evidence_short").to_string(), Role::Muted),
            };
            r.spawn((
                widgets::small(Caption::Text(text), role),
                widgets::fill_row(),
            ));
            if let Some(s) = g.summary(fact)
                && g.map().get(fact) != Some(s.best)
            {
                r.spawn(board::adopt_button(
                    fact,
                    s.best,
                    format!("adopt_{label}"),
                    widgets::compact_layout(Val::Auto),
                ));
            }
        });
    }
}

fn spawn_actions(list: &mut ChildSpawnerCommands, g: &Game, p: P, lang: Lang) {
    let mut acts: Vec<(Act, &'static str)> = vec![(Act::ColdCall(p), "coach.act.cold_call")];
    for (q, _) in board::org_order(g) {
        if q != p && g.is_contacted(q) && !g.is_contacted(p) {
            acts.push((
                Act::Introduction { from: q, to: p },
                "coach.act.introduction",
            ));
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
    list.spawn(widgets::hrow(8.0)).with_children(|r| {
        let mut b = r.spawn((
            widgets::compact_button(
                Caption::Text(format!("{} →", tr(lang, "sh.meeting"))),
                px(250),
                open_meeting,
            ),
            FocusKey("meeting".into()),
            CoachTopic("coach.act.meeting"),
        ));
        let meeting = Act::Meeting(p, Approach::Rapport);
        match cost_beside(g, &meeting, lang) {
            Ok(cost) => {
                r.spawn(cost);
            }
            Err(why) => {
                b.insert(disabled());
                r.spawn(reason(lang, &why));
            }
        }
    });
    for (act, coach) in acts.into_iter().chain(ethical) {
        action_row(list, g, act, coach, lang);
    }
    list.spawn(widgets::heading("sh.unethical"));
    list.spawn(widgets::small("sh.unethical_hint", Role::Warn));
    for (act, coach) in [
        (Act::Gift(p), "coach.act.gift"),
        (Act::Kickback(p), "coach.act.kickback"),
    ] {
        action_row(list, g, act, coach, lang);
    }
}

fn reason(lang: Lang, why: &crate::sim::Illegal) -> impl Bundle {
    (
        widgets::small(
            Caption::Text(format!("× {}", words::illegal(lang, why))),
            Role::Muted,
        ),
        widgets::fill_row(),
    )
}

fn action_row(
    list: &mut ChildSpawnerCommands,
    g: &Game,
    act: Act,
    coach: &'static str,
    lang: Lang,
) {
    let scn = g.scenario();
    list.spawn(widgets::hrow(8.0)).with_children(|r| {
        let mut label = match act {
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
        if let Some(p) = act.target() {
            let n = g.times_used(p, &act);
            if n > 0 {
                label.push_str(&trf(lang, "sh.times_used", &[("n", &n.to_string())]));
            }
        }
        let key = match act {
            Act::Introduction { from, .. } => format!("act_intro{from}"),
            _ => format!("act_{}", act.kind()),
        };
        let mut b = r.spawn((
            widgets::compact_button(Caption::Text(label), px(250), person_action(act)),
            FocusKey(key),
            CoachTopic(coach),
        ));
        match cost_beside(g, &act, lang) {
            Ok(cost) => {
                r.spawn(cost);
            }
            Err(why) => {
                b.insert(disabled());
                r.spawn(reason(lang, &why));
            }
        }
    });
}

/// What goes beside a legal action's button: its cost; else the engine's refusal.
fn cost_beside(g: &Game, act: &Act, lang: Lang) -> Result<impl Bundle, crate::sim::Illegal> {
    g.check(act)?;
    Ok((
        widgets::small(Caption::Text(words::cost_text(g, act, lang)), Role::Muted),
        ActionCost,
    ))
}

/// The resources line in the header (tests read it).
#[derive(Component)]
pub struct ResourcesLeft;

/// What a legal action will use, beside its button (tests read it).
#[derive(Component)]
pub struct ActionCost;

#[allow(clippy::type_complexity)]
fn person_action(
    act: Act,
) -> impl Fn(On<Activate>, ResMut<Session>, Res<GamePaths>, ResMut<NextState<Screen>>)
+ Send
+ Sync
+ 'static {
    move |_: On<Activate>,
          mut session: ResMut<Session>,
          paths: Res<GamePaths>,
          mut next: ResMut<NextState<Screen>>| {
        board::end_of_action(&mut session, act, &paths, &mut next);
    }
}

fn open_meeting(_: On<Activate>, mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Meeting);
}

fn to_board(_: On<Activate>, mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Board);
}
